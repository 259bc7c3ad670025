using Marquee.Grains.Hosting;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Dashboard;

namespace Marquee.Silo;

/// <summary>A cluster-mode silo: Redis membership, PostgreSQL state; dashboard and health on its web port.</summary>
public static class SiloSetup
{
    public static WebApplicationBuilder AddMarqueeClusterSilo(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<OrleansHostingOptions>()
            .BindConfiguration(OrleansHostingOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        var options = builder.Configuration.GetSection(OrleansHostingOptions.Section).Get<OrleansHostingOptions>() ?? new();
        options.Mode = "Cluster";
        StartupChecks.RequireRedis(options.Redis, "Orleans:Redis");
        StartupChecks.RequirePostgres(options.Postgres, "Orleans:Postgres");

        builder.UseOrleans(silo => silo.UseClusterHosting(options).AddMarqueeGrains(builder.Configuration));
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), tags: ["live"]);
        return builder;
    }

    public static WebApplication MapMarqueeSiloOps(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = c => c.Tags.Contains("live") });
        app.MapHealthChecks("/health/ready");
        app.MapOrleansDashboard(routePrefix: "/dashboard");
        return app;
    }
}
