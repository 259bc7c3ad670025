using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Marquee.Api.Gateway;

/// <summary>
/// One dependency's pipeline, bound from <c>Resilience:&lt;dependency&gt;</c> (e.g. <c>Resilience:Catalog:Timeout</c>).
/// Timeout and chaos are read on every call, so they reload at runtime; the bulkhead and breaker are fixed at start.
/// </summary>
public sealed class DependencyOptions
{
    public const string Section = "Resilience";

    /// <summary>Longest wait for an answer before the call fails (and counts against the breaker).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The bulkhead: calls in flight at once from this API instance; more are rejected at once.</summary>
    [Range(1, 100_000)]
    public int MaxConcurrency { get; set; } = 256;

    /// <summary>Calls that may wait for a bulkhead slot (0: reject when full).</summary>
    [Range(0, 100_000)]
    public int QueueLimit { get; set; }

    /// <summary>Share of failed calls in the sampling window that opens the breaker.</summary>
    [Range(0.01, 1.0)]
    public double FailureRatio { get; set; } = 0.5;

    /// <summary>Calls in the sampling window before the breaker may open.</summary>
    [Range(2, 100_000)]
    public int MinimumThroughput { get; set; } = 10;

    /// <summary>The window over which failures are counted.</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "01:00:00")]
    public TimeSpan SamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the breaker stays open before one trial call (half-open).</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "01:00:00")]
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Retry-After told to callers when a call timed out or failed (an open breaker tells its own remaining time).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Fault injection for rehearsing an outage; off unless configured.</summary>
    [ValidateObjectMembers]
    public ChaosOptions Chaos { get; set; } = new();

    /// <summary>The defaults of a dependency before configuration applies.</summary>
    internal static void ApplyDefaults(Dependency dependency, DependencyOptions options)
    {
        // Starting playback takes several grain hops (account, session, steering): it gets the longest budget.
        if (dependency == Dependency.Playback)
        {
            options.Timeout = TimeSpan.FromSeconds(2);
        }
    }
}

/// <summary>Polly's chaos strategies for one dependency (<c>Resilience:&lt;dependency&gt;:Chaos</c>), read on every call.</summary>
public sealed class ChaosOptions
{
    /// <summary>Master switch: nothing is injected while false.</summary>
    public bool Enabled { get; set; }

    /// <summary>Share of calls that fail with an <see cref="InjectedFaultException"/>.</summary>
    [Range(0.0, 1.0)]
    public double FaultRate { get; set; }

    /// <summary>Latency added to a call, in milliseconds (0: none).</summary>
    [Range(0, 600_000)]
    public int LatencyMs { get; set; }

    /// <summary>Share of calls that get the latency.</summary>
    [Range(0.0, 1.0)]
    public double LatencyRate { get; set; } = 1.0;
}
