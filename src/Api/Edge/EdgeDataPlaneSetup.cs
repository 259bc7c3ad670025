using Marquee.Grains.Ingest;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Marquee.Api.Edge;

/// <summary>Registers the edge data plane (the nodes this process serves), its traffic reports and the proactive fill.</summary>
public static class EdgeDataPlaneSetup
{
    public static IServiceCollection AddMarqueeEdgeDataPlane(this IServiceCollection services)
    {
        services.AddMarqueeMediaStorage();
        services.AddOptions<EdgeCacheOptions>()
            .BindConfiguration(EdgeCacheOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<EdgeFillOptions>()
            .BindConfiguration(EdgeFillOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => o.Problem() is null, "EdgeFill: a region's TimeZone must be an IANA id (e.g. Europe/London) and its WindowStart/WindowEnd HH:mm.")
            .ValidateOnStart();
        services.TryAddSingleton<EdgeNodeKeys>();
        services.TryAddSingleton<IEdgeNodeDirectory, GrainEdgeNodeDirectory>();
        services.TryAddSingleton<IRegionalPopularity, TrendingRegionalPopularity>();
        services.TryAddSingleton<EdgeCache>();
        services.TryAddSingleton<EdgeMetrics>();
        services.TryAddSingleton<EdgeDataPlane>();
        services.TryAddSingleton<EdgeFillPlanner>();
        services.TryAddSingleton<EdgeFillRunner>();
        services.AddHostedService<EdgeFillService>();
        services.AddHostedService<EdgeTrafficReporter>();
        return services;
    }

    public static IEndpointRouteBuilder MapMarqueeEdgeDataPlane(this IEndpointRouteBuilder app)
    {
        app.MapEdgeDataPlane();
        app.MapFillPlan();
        return app;
    }
}
