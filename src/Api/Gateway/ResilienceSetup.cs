using Microsoft.Extensions.Diagnostics.HealthChecks;
using Polly;
using Polly.CircuitBreaker;
using Polly.Simmy;
using Polly.Simmy.Fault;
using Polly.Simmy.Latency;
using Polly.Telemetry;
using Polly.Timeout;

namespace Marquee.Api.Gateway;

/// <summary>Registers one resilience pipeline per <see cref="Dependency"/>, keyed by it, with options from <c>Resilience:&lt;name&gt;</c>.</summary>
public static class ResilienceSetup
{
    public static IServiceCollection AddMarqueeResilience(this IServiceCollection services)
    {
        // Polly's telemetry (meter "Polly": breaker transitions, rejections, timeouts, chaos) plus error-type tags.
        services.AddResilienceEnricher();

        // Per-call events (a timeout, a full bulkhead) are counted in metrics; logged at Error they would flood the log
        // during an outage. Breaker transitions keep Polly's own severity: those are the lines an operator wants.
        services.Configure<TelemetryOptions>(o => o.SeverityProvider = args => args.Event.EventName switch
        {
            "OnTimeout" or "OnRateLimiterRejected" => ResilienceEventSeverity.Information,
            _ => args.Event.Severity,
        });
        services.AddSingleton<ResilienceSettings>();
        services.AddSingleton<DependencyResilience>();

        foreach (var dependency in Dependencies.All)
        {
            var name = Dependencies.Name(dependency);
            services.AddOptions<DependencyOptions>(name)
                .Configure(o => DependencyOptions.ApplyDefaults(dependency, o))
                .BindConfiguration($"{DependencyOptions.Section}:{name}")
                .ValidateDataAnnotations()
                .ValidateOnStart();

            // The builder gets the DI TimeProvider (tests drive breakers and timeouts with a fake clock).
            services.AddResiliencePipeline(dependency, (builder, context) =>
                Configure(builder, dependency, context.ServiceProvider.GetRequiredService<ResilienceSettings>()));
            services.AddResiliencePipeline(new ChaosOf(dependency), (builder, context) =>
                ConfigureChaos(builder, dependency, context.ServiceProvider.GetRequiredService<ResilienceSettings>()));
        }

        services.AddHealthChecks().AddCheck<DependencyCircuitsHealthCheck>("dependencies", tags: ["ready"]);
        return services;
    }

    // Outermost first. The bulkhead rejects before anything else is spent; the breaker sits outside the timeout so a
    // timeout counts as a failure. Chaos is a pipeline of its own that DependencyResilience runs innermost, standing in
    // for the dependency itself (a faulty one fails fast, a slow one hangs until the timeout), and only while it is
    // switched on: the two chaos layers cost a call nothing the rest of the time.
    static void Configure(ResiliencePipelineBuilder builder, Dependency dependency, ResilienceSettings settings)
    {
        var options = settings.Get(dependency);
        builder
            .AddConcurrencyLimiter(options.MaxConcurrency, options.QueueLimit)
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                FailureRatio = options.FailureRatio,
                MinimumThroughput = options.MinimumThroughput,
                SamplingDuration = options.SamplingDuration,
                BreakDuration = options.BreakDuration,
                ShouldHandle = args => new ValueTask<bool>(args.Outcome.Exception is { } e && DependencyFailures.IsTransient(e)),
                StateProvider = settings.Circuit(dependency),
            })
            .AddTimeout(new TimeoutStrategyOptions
            {
                TimeoutGenerator = _ => new ValueTask<TimeSpan>(settings.Get(dependency).Timeout),
            });
    }

    static void ConfigureChaos(ResiliencePipelineBuilder builder, Dependency dependency, ResilienceSettings settings) => builder
        .AddChaosFault(new ChaosFaultStrategyOptions
        {
            EnabledGenerator = _ => new ValueTask<bool>(settings.Get(dependency).Chaos is { Enabled: true, FaultRate: > 0 }),
            InjectionRateGenerator = _ => new ValueTask<double>(settings.Get(dependency).Chaos.FaultRate),
            FaultGenerator = _ => new ValueTask<Exception?>(new InjectedFaultException($"Chaos: an injected fault in {Dependencies.Name(dependency)}.")),
        })
        .AddChaosLatency(new ChaosLatencyStrategyOptions
        {
            EnabledGenerator = _ => new ValueTask<bool>(settings.Get(dependency).Chaos is { Enabled: true, LatencyMs: > 0 }),
            InjectionRateGenerator = _ => new ValueTask<double>(settings.Get(dependency).Chaos.LatencyRate),
            LatencyGenerator = _ => new ValueTask<TimeSpan>(TimeSpan.FromMilliseconds(settings.Get(dependency).Chaos.LatencyMs)),
        });
}

/// <summary>The registry key of a dependency's chaos pipeline (its faults and latency, run inside the main pipeline).</summary>
public readonly record struct ChaosOf(Dependency Dependency)
{
    /// <summary>The dependency's name: Polly names the pipeline after its key, so chaos events carry the dependency's name.</summary>
    public override string ToString() => Dependencies.Name(Dependency);
}

/// <summary>Ready stays up while breakers are open (the API degrades), but reports which dependencies are cut off.</summary>
internal sealed class DependencyCircuitsHealthCheck(ResilienceSettings settings) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var open = Dependencies.All
            .Where(d => settings.Circuit(d).CircuitState is CircuitState.Open or CircuitState.Isolated)
            .Select(Dependencies.Name)
            .ToList();
        return Task.FromResult(open.Count == 0
            ? HealthCheckResult.Healthy("every dependency circuit is closed")
            : HealthCheckResult.Degraded($"circuit open: {string.Join(", ", open)}"));
    }
}
