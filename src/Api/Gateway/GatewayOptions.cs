using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Marquee.Api.Gateway;

/// <summary>Inbound limits of the gateway; bound from the <c>Gateway</c> section.</summary>
public sealed class GatewayOptions
{
    public const string Section = "Gateway";

    /// <summary>Largest request body accepted by default (a route may change it with <c>WithRequestBodyLimit</c>); 413 past it.</summary>
    [Range(1024, 1L << 32)]
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;
}

/// <summary>Priority load shedding: one budget of concurrent requests of which each priority may use only its share.</summary>
public sealed class LoadSheddingOptions
{
    public const string Section = "Gateway:LoadShedding";

    /// <summary>False turns shedding off (every request is admitted).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The budget: requests in flight at once across all shed-able routes of this API instance.</summary>
    [Range(1, 1_000_000)]
    public int MaxConcurrentRequests { get; set; } = 512;

    /// <summary>Share of the budget degraded routes may use; critical routes may use all of it.</summary>
    [Range(0.0, 1.0)]
    public double DegradedShare { get; set; } = 0.8;

    /// <summary>Share of the budget non-critical routes may use.</summary>
    [Range(0.0, 1.0)]
    public double NonCriticalShare { get; set; } = 0.5;

    /// <summary>What a refused caller is told to wait (Retry-After).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Priority of a route that does not declare one.</summary>
    [EnumDataType(typeof(RoutePriority))]
    public RoutePriority DefaultPriority { get; set; } = RoutePriority.Degraded;
}

/// <summary>A token bucket: <see cref="TokenLimit"/> requests at once, refilled by <see cref="TokensPerPeriod"/> every <see cref="Period"/>.</summary>
public sealed class TokenBucketOptions
{
    [Range(1, int.MaxValue)]
    public int TokenLimit { get; set; }

    [Range(1, int.MaxValue)]
    public int TokensPerPeriod { get; set; }

    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00")]
    public TimeSpan Period { get; set; } = TimeSpan.FromSeconds(1);
}

/// <summary>Per-IP and per-member rate limits (429 with Retry-After past them).</summary>
public sealed class RateLimitOptions
{
    public const string Section = "Gateway:RateLimits";

    /// <summary>False turns every rate limit off.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Every request from one client address (anonymous or not).</summary>
    [ValidateObjectMembers]
    public TokenBucketOptions PerIp { get; set; } = new() { TokenLimit = 400, TokensPerPeriod = 200 };

    /// <summary>Every request of one member (by account id), whatever address it comes from.</summary>
    [ValidateObjectMembers]
    public TokenBucketOptions PerMember { get; set; } = new() { TokenLimit = 200, TokensPerPeriod = 100 };

    /// <summary>The stricter per-IP limit of routes that take the <c>login</c> policy (password guessing).</summary>
    [ValidateObjectMembers]
    public TokenBucketOptions Login { get; set; } = new() { TokenLimit = 10, TokensPerPeriod = 10, Period = TimeSpan.FromMinutes(1) };
}

/// <summary>Canary routing: which members are in the beta cohort.</summary>
public sealed class CohortOptions
{
    public const string Section = "Gateway:Cohorts";

    /// <summary>Percentage of members (by a stable hash of the account id) in the beta cohort; 0.01 steps.</summary>
    [Range(0.0, 100.0)]
    public double BetaPercent { get; set; }

    /// <summary>Hash seed: changing it reshuffles who is in beta.</summary>
    public int Seed { get; set; }

    /// <summary>Accounts always in beta, whatever the percentage (testers, staff).</summary>
    public IList<Guid> BetaAccounts { get; set; } = [];
}
