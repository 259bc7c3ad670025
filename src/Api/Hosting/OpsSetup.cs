using Marquee.Api.Gateway;
using Marquee.Grains.Hosting;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenTelemetry.Metrics;
using Orleans.Dashboard;
using Scalar.AspNetCore;

namespace Marquee.Api.Hosting;

/// <summary>The operations surface: health, Prometheus metrics, OpenAPI with Scalar, the Orleans dashboard.</summary>
public static class OpsSetup
{
    /// <summary>Meters exported on /metrics besides ASP.NET and the runtime.</summary>
    public static readonly string[] Meters = ["Microsoft.Orleans", "Marquee", "Polly"];

    public static WebApplicationBuilder AddMarqueeOps(this WebApplicationBuilder builder)
    {
        var orleans = builder.Configuration.GetSection(OrleansHostingOptions.Section).Get<OrleansHostingOptions>() ?? new();
        var health = builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), tags: ["live"])
            .AddCheck<ClusterHealthCheck>("orleans", tags: ["ready"]);
        if (!orleans.IsEmbedded && !string.IsNullOrWhiteSpace(orleans.Redis))
        {
            health.AddRedis(orleans.Redis, name: "redis", tags: ["ready"]);
        }

        if (!orleans.IsEmbedded && !string.IsNullOrWhiteSpace(orleans.Postgres))
        {
            health.AddNpgSql(orleans.Postgres, name: "postgres", tags: ["ready"]);
        }

        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddAspNetCoreInstrumentation()
            .AddRuntimeInstrumentation()
            .AddMeter(Meters)
            .AddPrometheusExporter());

        builder.Services.AddOpenApi();
        return builder;
    }

    public static WebApplication MapMarqueeOps(this WebApplication app)
    {
        // Ops routes are never shed nor rate limited (RoutePriority.Ops).
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = c => c.Tags.Contains("live") }).WithPriority(RoutePriority.Ops);
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") }).WithPriority(RoutePriority.Ops);
        app.MapPrometheusScrapingEndpoint("/metrics").WithPriority(RoutePriority.Ops);
        app.MapOpenApi().WithPriority(RoutePriority.Ops);
        app.MapScalarApiReference().WithPriority(RoutePriority.Ops);

        var orleans = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<OrleansHostingOptions>>().Value;
        if (orleans.IsEmbedded)
        {
            app.MapOrleansDashboard(routePrefix: "/dashboard").WithPriority(RoutePriority.Ops);
        }

        return app;
    }
}
