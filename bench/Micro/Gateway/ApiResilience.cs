using Marquee.Api.Gateway;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;

namespace Marquee.Micro.Gateway;

/// <summary>
/// The API's <see cref="DependencyResilience"/> as the API registers it (<c>AddMarqueeResilience</c>: Polly v8 through
/// its registry with telemetry; bulkhead, circuit breaker, timeout) with the API's meters exported, so Polly's per-call
/// instruments are switched on as they are in the service.
/// </summary>
internal static class ApiResilience
{
    public static (ServiceProvider Services, DependencyResilience Resilience) Build()
    {
        var services = new ServiceCollection();
        // BindConfiguration reads Resilience:<dependency>; none here, so every pipeline has the API's defaults.
        services.AddSingleton<Microsoft.Extensions.Configuration.IConfiguration>(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build());
        services.AddLogging();
        services.AddMetrics();
        services.AddOptions();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<LoadShedder>();
        services.AddSingleton<GatewayMetrics>();
        services.AddMarqueeResilience();
        services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter(Marquee.Api.Hosting.OpsSetup.Meters).AddPrometheusExporter());
        var provider = services.BuildServiceProvider();
        _ = provider.GetRequiredService<MeterProvider>();
        return (provider, provider.GetRequiredService<DependencyResilience>());
    }
}
