using Marquee.Api.Gateway;
using Marquee.Grains.Hosting;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using System.Diagnostics.Metrics;
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
            .AddView(PerCallDuplicates)
            .AddPrometheusExporter());

        builder.Services.AddOpenApi();
        return builder;
    }

    /// <summary>
    /// ASP.NET instruments recorded on every request that say what the gateway's own already say: the request duration
    /// and in-flight count (<c>marquee_gateway_*</c> carry route, status class and priority), and the routing,
    /// authentication, authorization and rate-limiting meters (the gateway counts shed and rate-limited requests).
    /// Dropped instruments are never switched on, so they cost nothing; with them every request made five more
    /// recordings (OpenTelemetry's aggregation was ~5% of a play's CPU). The memory pool's counters go too: they are
    /// recorded on every buffer rented and returned, several per request (~1% of a heartbeat's CPU), to diagnose a
    /// pool that grows, which the process's working set and GC metrics already show. Kestrel's connection metrics stay.
    /// </summary>
    static MetricStreamConfiguration? PerCallDuplicates(Instrument instrument) => instrument.Meter.Name switch
    {
        "Microsoft.AspNetCore.Hosting" or "Microsoft.AspNetCore.Routing" or "Microsoft.AspNetCore.Authentication"
            or "Microsoft.AspNetCore.Authorization" or "Microsoft.AspNetCore.RateLimiting"
            or "Microsoft.AspNetCore.MemoryPool" => MetricStreamConfiguration.Drop,
        _ => null,
    };

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
