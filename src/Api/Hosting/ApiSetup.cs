using Marquee.Api.Accounts;
using Marquee.Api.Catalog;
using Marquee.Api.Edge;
using Marquee.Api.Gateway;
using Marquee.Api.History;
using Marquee.Api.Recommendations;
using Marquee.Api.Ingest;
using Marquee.Grains.Ingest;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Marquee.Api.Hosting;

/// <summary>The API's own services, its gateway pipeline and its endpoints; each domain adds its line.</summary>
public static class ApiSetup
{
    public static WebApplicationBuilder AddMarqueeApi(this WebApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails();
        builder.Services.AddValidation();
        builder.Services.AddValidationInfoCache();
        builder.Services.AddJsonNamedValidationErrors();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddMarqueeAuth();
        builder.Services.AddMarqueeMediaStorage();
        builder.Services.AddMarqueeEdgeDataPlane();
        builder.AddMarqueeGateway();
        builder.Services.AddMarqueeResilience();
        builder.Services.AddMarqueeCaching();
        builder.Services.AddHostedService<StartupBanner>();
        // Accounts and catalogue: admin bootstrap, then demo data, then the catalogue replica's first load (in this order).
        builder.Services.AddMarqueeAccountsApi();
        builder.Services.AddMarqueeCatalogApi();
        builder.Services.AddOptions<DemoOptions>().BindConfiguration(DemoOptions.Section);
        builder.Services.AddHostedService<DemoDataSeeder>();
        builder.Services.AddMarqueeCatalogSync();
        builder.Services.AddMarqueeEdgeApi();
        return builder;
    }

    public static WebApplication UseMarqueeGateway(this WebApplication app)
    {
        // Forwarded headers first: the gateway's per-IP limits and steering see the client, not the proxy.
        app.UseMarqueeForwardedHeaders();
        // Request id, exception handling, routing, load shedding, authentication, rate limits, authorization:
        // the order is explained in GatewaySetup.
        app.UseMarqueeGatewayFilters();
        return app;
    }

    public static WebApplication MapMarqueeEndpoints(this WebApplication app)
    {
        app.MapMarqueeAccounts();
        app.MapMarqueeCatalog();
        app.MapMarqueeEdge();
        app.MapHistory();
        app.MapTrending();
        app.MapHome();
        app.MapIngest();
        app.MapMarqueeEdgeDataPlane();
        if (app.Configuration.GetValue<bool>("Bench:GatewayFloor"))
        {
            // Off unless the load harness switches it on: the cost of the gateway alone, and with one grain call.
            app.MapGatewayFloor();
        }

        return app;
    }
}
