using System.Security.Claims;
using Microsoft.Extensions.Primitives;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Marquee.Api.Gateway;

/// <summary>What the gateway knows of one request; one small object per request, set by the entry middleware.</summary>
internal sealed class GatewayFeature(string requestId, long startTimestamp)
{
    public string RequestId { get; } = requestId;

    public long StartTimestamp { get; } = startTimestamp;

    /// <summary>The matched route pattern, captured after routing (the exception handler clears the endpoint later).</summary>
    public string? Route { get; set; }

    public RoutePriority? Priority { get; set; }

    public Cohort? Cohort { get; set; }
}

/// <summary>Accepts a caller's <c>X-Request-Id</c> when it is safe to echo, or makes one.</summary>
public static class RequestIds
{
    public const string Header = "X-Request-Id";

    const int MaxLength = 128;

    /// <summary>The caller's id when it is 1..128 characters of letters, digits and <c>-_.:</c>; otherwise a new one.</summary>
    /// <remarks>Anything else is replaced, not rejected: an id must never carry header injection or log forging.</remarks>
    public static string AcceptOrCreate(StringValues header)
    {
        if (header.Count == 1 && header[0] is { Length: > 0 and <= MaxLength } candidate && IsSafe(candidate))
        {
            return candidate;
        }

        return Guid.NewGuid().ToString("N");
    }

    static bool IsSafe(string value)
    {
        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':'))
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>Reads the account id of an authenticated request's member (rate limits, cohorts).</summary>
internal static class MemberIds
{
    /// <remarks>
    /// Through <see cref="Marquee.Api.Accounts.CurrentMember.From"/>, which reads a shared principal's claims once: looking the
    /// claim up here allocated a predicate on each of the two calls per request.
    /// </remarks>
    public static bool TryGet(ClaimsPrincipal? user, out Guid accountId)
    {
        if (user?.Identity?.IsAuthenticated == true && Marquee.Api.Accounts.CurrentMember.From(user) is { } member)
        {
            accountId = member.AccountId;
            return true;
        }

        accountId = Guid.Empty;
        return false;
    }
}

/// <summary>What endpoints may ask the gateway about the current request.</summary>
public static class GatewayHttpContextExtensions
{
    /// <summary>The request's id (accepted from <c>X-Request-Id</c> or made), also its <c>TraceIdentifier</c>.</summary>
    public static string GetRequestId(this HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Features.Get<GatewayFeature>()?.RequestId ?? context.TraceIdentifier;
    }

    /// <summary>The calling member's cohort (computed once per request), or null for an anonymous request.</summary>
    public static Cohort? GetCohort(this HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var feature = context.Features.Get<GatewayFeature>();
        if (feature?.Cohort is { } known)
        {
            return known;
        }

        if (!MemberIds.TryGet(context.User, out var accountId))
        {
            return null;
        }

        var cohort = context.RequestServices.GetRequiredService<CohortService>().For(accountId);
        if (feature is not null)
        {
            feature.Cohort = cohort;
        }

        return cohort;
    }
}
