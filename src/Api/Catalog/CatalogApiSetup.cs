namespace Marquee.Api.Catalog;

/// <summary>The API side of the catalogue: the replica and its sync, search metrics, search recording, the routes.</summary>
public static class CatalogApiSetup
{
    public static IServiceCollection AddMarqueeCatalogApi(this IServiceCollection services)
    {
        services.AddOptions<CatalogOptions>()
            .BindConfiguration(CatalogOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<CatalogReplica>();
        services.AddSingleton<CatalogMetrics>();
        services.AddSingleton<ISearchRecorder, LogOnlySearchRecorder>();
        return services;
    }

    /// <summary>The replica's follower; registered after the seeders so its first load sees the demo catalogue.</summary>
    public static IServiceCollection AddMarqueeCatalogSync(this IServiceCollection services) =>
        services.AddHostedService<CatalogSyncService>();

    public static IEndpointRouteBuilder MapMarqueeCatalog(this IEndpointRouteBuilder app) =>
        app.MapTitles().MapSearch().MapTitleAdmin();
}
