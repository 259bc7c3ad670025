using Marquee.Grains.Hosting;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenTelemetry.Metrics;
using Orleans.Dashboard;

namespace Marquee.Silo;

/// <summary>A cluster-mode silo: Redis membership, PostgreSQL state; dashboard, health and metrics on its web port.</summary>
public static class SiloSetup
{
    /// <summary>Meters exported on /metrics besides ASP.NET and the runtime.</summary>
    static readonly string[] Meters = ["Microsoft.Orleans", "Marquee"];

    public static WebApplicationBuilder AddMarqueeClusterSilo(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<OrleansHostingOptions>()
            .BindConfiguration(OrleansHostingOptions.Section)
            .Configure(o => o.Mode = "Cluster")
            .ValidateDataAnnotations()
            .ValidateOnStart();
        var options = builder.Configuration.GetSection(OrleansHostingOptions.Section).Get<OrleansHostingOptions>() ?? new();
        options.Mode = "Cluster";

        // Dependencies first, each failure one line and exit code 2; then the schema, before any silo reads it.
        StartupChecks.RequireRedis(options.Redis, "Orleans:Redis");
        StartupChecks.RequirePostgres(options.Postgres, "Orleans:Postgres");
        StartupChecks.RequireSchema(options.Postgres!, "Orleans:Postgres");

        builder.UseOrleans(silo => silo.UseClusterHosting(options).AddMarqueeGrains(builder.Configuration));

        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), tags: ["live"])
            .AddCheck<SiloHealthCheck>("orleans", tags: ["ready"])
            .AddRedis(options.Redis!, name: "redis", tags: ["ready"])
            .AddNpgSql(options.Postgres!, name: "postgres", tags: ["ready"]);
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddAspNetCoreInstrumentation()
            .AddRuntimeInstrumentation()
            .AddMeter(Meters)
            .AddPrometheusExporter());
        return builder;
    }

    public static WebApplication MapMarqueeSiloOps(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = c => c.Tags.Contains("live") });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") });
        app.MapPrometheusScrapingEndpoint("/metrics");
        app.MapOrleansDashboard(routePrefix: "/dashboard");
        return app;
    }
}
