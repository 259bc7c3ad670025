using Orleans.Metadata;
using Orleans.Placement;
using Orleans.Runtime.MembershipService.SiloMetadata;
using Orleans.Runtime.Placement;
using Microsoft.Extensions.DependencyInjection;

namespace Marquee.Grains.Edge;

/// <summary>Silo metadata keys this part reads.</summary>
public static class SiloMetadataKeys
{
    /// <summary>The delivery region a silo runs in (the cluster hosting sets it from <c>Orleans:Region</c>).</summary>
    public const string Region = "cloud.region";
}

/// <summary>
/// Places a grain keyed by a region name on the silos whose <c>region</c> metadata equals that key; when no silo
/// carries the region (or silo metadata is off, as in embedded mode), every compatible silo stays a candidate.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class RegionKeyPlacementFilterAttribute() : PlacementFilterAttribute(new RegionKeyPlacementFilterStrategy());

/// <summary>The strategy behind <see cref="RegionKeyPlacementFilterAttribute"/>; it has no settings.</summary>
public sealed class RegionKeyPlacementFilterStrategy() : PlacementFilterStrategy(order: 0);

/// <summary>Filters candidate silos down to those whose region metadata matches the grain key.</summary>
public sealed class RegionKeyPlacementFilterDirector(IServiceProvider services) : IPlacementFilterDirector
{
    // Resolved lazily: a silo without silo metadata has no cache, and then the filter keeps every silo.
    readonly Lazy<ISiloMetadataCache?> _metadata = new(services.GetService<ISiloMetadataCache>);

    public IEnumerable<SiloAddress> Filter(PlacementFilterStrategy filterStrategy, PlacementTarget target, IEnumerable<SiloAddress> silos)
    {
        var metadata = _metadata.Value;
        if (metadata is null)
        {
            return silos;
        }

        var region = target.GrainIdentity.Key.ToString();
        var candidates = silos as IReadOnlyCollection<SiloAddress> ?? [.. silos];
        var matching = candidates
            .Where(silo => string.Equals(metadata.GetSiloMetadata(silo).Metadata.GetValueOrDefault(SiloMetadataKeys.Region), region, StringComparison.OrdinalIgnoreCase))
            .ToList();
        return matching.Count > 0 ? matching : candidates;
    }
}
