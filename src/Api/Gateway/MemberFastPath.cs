using System.Collections.Concurrent;
using Marquee.Api.Accounts;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Marquee.Api.Gateway;

/// <summary>
/// The gateway's one-filter path for the requests members make all the time (heartbeats, manifests, home, search):
/// a plain member route (authorization is "an authenticated caller", no role, no named rate-limit policy) called with a
/// bearer token the token handler has already validated. For such a request this filter does, in one step and without
/// an async layer of its own, what ASP.NET's authentication, rate-limiting, authorization and endpoint middleware do
/// one after the other: it sets the token's principal (the very answer <see cref="CachingJwtBearerHandler"/> gives),
/// takes a lease from the same global rate limiter (refusing with its own 429), and runs the endpoint.
/// </summary>
/// <remarks>
/// <para>Measured (docs/performance.md): those four middleware, each an async state machine resumed on every grain
/// call's completion, were about a fifth of a one-grain-call route's CPU.</para>
/// <para>Everything else goes down the full pipeline, unchanged: no token, a token not validated before, an expired one
/// (the cache checks the lifetime on every hit), anonymous routes, role policies (admin, support), routes with a named
/// rate-limit policy (login), antiforgery, CORS or a body-size override. Nothing is decided here that the full
/// pipeline would decide differently; a route that needs more than "authenticated" is never taken on this path.</para>
/// </remarks>
internal sealed class MemberFastPath
{
    readonly RequestDelegate _next;
    readonly CachingTokenHandler _tokens;
    readonly IOptionsMonitor<JwtBearerOptions> _bearer;
    readonly RateLimiterOptions _limits;
    readonly bool _enabled;
    readonly ConcurrentDictionary<Endpoint, bool> _eligible = new();

    public MemberFastPath(
        RequestDelegate next, CachingTokenHandler tokens, IOptionsMonitor<JwtBearerOptions> bearer,
        IOptions<RateLimiterOptions> limits, IOptions<AuthorizationOptions> authorization)
    {
        _next = next;
        _tokens = tokens;
        _bearer = bearer;
        _limits = limits.Value;
        // Only when "authorized" means "authenticated": a stricter default policy or a fallback policy takes the full path.
        var policy = authorization.Value.DefaultPolicy;
        _enabled = authorization.Value.FallbackPolicy is null && policy.AuthenticationSchemes.Count == 0
            && policy.Requirements.All(r => r is DenyAnonymousAuthorizationRequirement);
    }

    public Task InvokeAsync(HttpContext context)
    {
        var endpoint = context.GetEndpoint();
        if (!_enabled || endpoint?.RequestDelegate is not { } run || !_eligible.GetOrAdd(endpoint, IsPlainMemberRoute)
            || CachingJwtBearerHandler.TryCachedResult(context.Request.Headers.Authorization, _tokens,
                _bearer.Get(JwtBearerDefaults.AuthenticationScheme).TokenValidationParameters, JwtBearerDefaults.AuthenticationScheme) is not { } cached)
        {
            return _next(context);
        }

        context.User = cached.Result.Principal!;
        var lease = endpoint.Metadata.GetMetadata<DisableRateLimitingAttribute>() is null ? _limits.GlobalLimiter?.AttemptAcquire(context) : null;
        if (lease is { IsAcquired: false })
        {
            return RejectAsync(context, lease);
        }

        Task running;
        try
        {
            running = run(context);
        }
        catch
        {
            lease?.Dispose();
            throw;
        }

        if (running.IsCompletedSuccessfully)
        {
            lease?.Dispose();
            return Task.CompletedTask;
        }

        return lease is null ? running : AwaitThenRelease(running, lease);
    }

    /// <summary>
    /// True for a route whose only requirement is an authenticated caller (<c>RequireAuthorization()</c> with no policy,
    /// role or scheme) and that has none of the metadata other middleware act on.
    /// </summary>
    internal static bool IsPlainMemberRoute(Endpoint endpoint)
    {
        var metadata = endpoint.Metadata;
        var authorize = metadata.GetOrderedMetadata<IAuthorizeData>();
        if (authorize.Count == 0 || metadata.GetMetadata<IAllowAnonymous>() is not null)
        {
            return false;
        }

        foreach (var data in authorize)
        {
            if (data.Policy is not null || data.Roles is not null || data.AuthenticationSchemes is not null)
            {
                return false;
            }
        }

        return metadata.GetMetadata<AuthorizationPolicy>() is null
            && metadata.GetMetadata<IAuthorizationRequirementData>() is null
            && metadata.GetMetadata<EnableRateLimitingAttribute>() is null
            && metadata.GetMetadata<ICorsMetadata>() is null
            && metadata.GetMetadata<IAntiforgeryMetadata>() is not { RequiresValidation: true }
            && metadata.GetMetadata<IRequestSizeLimitMetadata>() is null;
    }

    async Task RejectAsync(HttpContext context, System.Threading.RateLimiting.RateLimitLease lease)
    {
        using (lease)
        {
            context.Response.StatusCode = _limits.RejectionStatusCode;
            if (_limits.OnRejected is { } onRejected)
            {
                await onRejected(new OnRejectedContext { HttpContext = context, Lease = lease }, context.RequestAborted);
            }
        }
    }

    static async Task AwaitThenRelease(Task running, System.Threading.RateLimiting.RateLimitLease lease)
    {
        using (lease)
        {
            await running;
        }
    }
}
