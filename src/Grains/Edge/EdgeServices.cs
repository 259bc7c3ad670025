using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Placement;

namespace Marquee.Grains.Edge;

/// <summary>The silo-side services of the delivery network: options and the region placement filter.</summary>
public static class EdgeServices
{
    public static IServiceCollection AddMarqueeEdge(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EdgeOptions>()
            .Bind(configuration.GetSection(EdgeOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => string.IsNullOrWhiteSpace(o.OriginBaseUrl) || Uri.TryCreate(o.OriginBaseUrl, UriKind.Absolute, out _),
                "Edge:OriginBaseUrl must be an absolute URL (or empty to turn the origin off).")
            .ValidateOnStart();
        services.AddPlacementFilter<RegionKeyPlacementFilterStrategy, RegionKeyPlacementFilterDirector>(ServiceLifetime.Singleton);
        return services;
    }
}
