using Marquee.Edge;
using Marquee.Hosting;

namespace Marquee.Grains.Edge;

/// <summary>Where each node is, persisted: the fleet's directory, read when a steering grain starts and by the admin list.</summary>
[GenerateSerializer, Alias("edge.fleet-state")]
public sealed class EdgeFleetState
{
    [Id(0)] public Dictionary<string, FleetEntry> Nodes { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>A node's region and location in the fleet directory.</summary>
[GenerateSerializer, Alias("edge.fleet-entry")]
public sealed record FleetEntry([property: Id(0)] string Region, [property: Id(1)] GeoPoint Location);

/// <summary>The fleet directory (single grain, key 0). Announces new regions to the steering grains so they replicate to them.</summary>
public sealed class EdgeFleetGrain(
    [PersistentState("edge-fleet", StorageNames.Default)] IPersistentState<EdgeFleetState> state) : Grain, IEdgeFleetGrain
{
    public async Task AddNodeAsync(string nodeId, string region, GeoPoint location, CancellationToken ct = default)
    {
        var nodes = state.State.Nodes;
        var newRegion = !nodes.Values.Any(e => e.Region == region);
        if (nodes.TryGetValue(nodeId, out var existing) && existing == new FleetEntry(region, location))
        {
            return;
        }

        nodes[nodeId] = new FleetEntry(region, location);
        await state.WriteStateAsync(ct);
        if (newRegion)
        {
            var regions = Regions();
            foreach (var name in regions)
            {
                // One-way: a steering grain starting up calls this grain, so waiting on it here could deadlock.
                _ = GrainFactory.Grain<IRegionSteeringGrain>(name).RegionsChangedAsync(regions);
            }
        }
    }

    public Task<IReadOnlyList<string>> GetNodeIdsAsync(CancellationToken ct = default) =>
        Task.FromResult<IReadOnlyList<string>>([.. state.State.Nodes.Keys.Order(StringComparer.Ordinal)]);

    public Task<IReadOnlyList<EdgeRegionInfo>> GetRegionsAsync(CancellationToken ct = default)
    {
        var regions = state.State.Nodes.Values
            .GroupBy(e => e.Region, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                double x = 0, y = 0, z = 0;
                foreach (var entry in g)
                {
                    var (ux, uy, uz) = GeoMath.ToUnit(entry.Location);
                    x += ux;
                    y += uy;
                    z += uz;
                }

                return new EdgeRegionInfo(g.Key, GeoMath.FromUnit(x, y, z), g.Count());
            })
            .ToList();
        return Task.FromResult<IReadOnlyList<EdgeRegionInfo>>(regions);
    }

    List<string> Regions() => [.. state.State.Nodes.Values.Select(e => e.Region).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
}
