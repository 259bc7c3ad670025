using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Marquee.Api.Gateway;

/// <summary>Named rate-limit policies a route can take with <c>RequireRateLimiting(...)</c>, on top of the global limits.</summary>
public static class RateLimitPolicies
{
    /// <summary>The stricter per-IP limit for password logins (<c>Gateway:RateLimits:Login</c>).</summary>
    public const string Login = "login";
}

/// <summary>
/// The global limiter chains a per-IP token bucket (every request) and a per-member one (authenticated requests,
/// keyed by account id). Ops routes and a disabled configuration get no limiter. Refusals are 429 with Retry-After.
/// </summary>
internal static class RateLimiting
{
    public static IServiceCollection AddMarqueeRateLimiting(this IServiceCollection services)
    {
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>()
            .Configure<IOptionsMonitor<RateLimitOptions>, GatewayMetrics>((limiter, limits, metrics) =>
            {
                limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
                limiter.OnRejected = (rejected, _) => OnRejectedAsync(rejected, metrics);
                // The bucket factories are made once: GetTokenBucketLimiter would wrap a new one around each request's key.
                Func<(IPAddress, bool), RateLimiter> perIp = _ => new TokenBucketRateLimiter(Bucket(limits.CurrentValue.PerIp));
                Func<Guid, RateLimiter> perMember = _ => new TokenBucketRateLimiter(Bucket(limits.CurrentValue.PerMember));
                limiter.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                    PartitionedRateLimiter.Create<HttpContext, (IPAddress, bool)>(context =>
                        IsExempt(context, limits.CurrentValue)
                            ? RateLimitPartition.GetNoLimiter((IPAddress.None, true))
                            : RateLimitPartition.Get((ClientAddress(context), false), perIp)),
                    PartitionedRateLimiter.Create<HttpContext, Guid>(context =>
                        !IsExempt(context, limits.CurrentValue) && MemberIds.TryGet(context.User, out var accountId)
                            ? RateLimitPartition.Get(accountId, perMember)
                            : RateLimitPartition.GetNoLimiter(Guid.Empty)));
                limiter.AddPolicy(RateLimitPolicies.Login, context =>
                    limits.CurrentValue.Enabled
                        ? RateLimitPartition.GetTokenBucketLimiter(ClientAddress(context), _ => Bucket(limits.CurrentValue.Login))
                        : RateLimitPartition.GetNoLimiter(IPAddress.None));
            });
        return services;
    }

    static bool IsExempt(HttpContext context, RateLimitOptions limits) =>
        !limits.Enabled || context.GetEndpoint()?.Metadata.GetMetadata<RoutePriorityMetadata>()?.Priority == RoutePriority.Ops;

    // Behind a load balancer, UseForwardedHeaders (configured for the known proxies) makes this the client's address.
    static IPAddress ClientAddress(HttpContext context) => context.Connection.RemoteIpAddress ?? IPAddress.None;

    // Partitions are made once per key and dropped when idle, so a configuration change reaches new callers first.
    static TokenBucketRateLimiterOptions Bucket(TokenBucketOptions options) => new()
    {
        TokenLimit = options.TokenLimit,
        TokensPerPeriod = options.TokensPerPeriod,
        ReplenishmentPeriod = options.Period,
        QueueLimit = 0,
        AutoReplenishment = true,
    };

    static async ValueTask OnRejectedAsync(OnRejectedContext rejected, GatewayMetrics metrics)
    {
        var context = rejected.HttpContext;
        var wait = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1);
        metrics.RateLimited(context.Features.Get<GatewayFeature>()?.Route);
        await GatewayProblems.WriteAsync(context, StatusCodes.Status429TooManyRequests, "Too many requests",
            $"The rate limit for this caller is used up; retry in {GatewayProblems.RetryAfterSeconds(wait)} s.", wait);
    }
}
