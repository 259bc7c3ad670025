using System.Runtime.CompilerServices;
using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Marquee.Api.Accounts;

/// <summary>The authenticated caller, bound from the access token of the request.</summary>
/// <remarks>
/// Endpoints that take it require authorization, so an anonymous call is answered 401 before binding. It comes from a
/// validated token, not from the request's input: the validation filter skips it (it walked its properties on every
/// request).
/// </remarks>
#pragma warning disable ASP0029 // SkipValidation is marked for evaluation in .NET 10; without it the member is validated on every request.
[Microsoft.Extensions.Validation.SkipValidation]
#pragma warning restore ASP0029
public sealed record CurrentMember(Guid AccountId, IReadOnlySet<string> Roles)
{
    public const string RoleClaim = "role";

    public bool IsAdmin => Roles.Contains(Marquee.Accounts.Roles.Admin);

    public bool IsSupport => Roles.Contains(Marquee.Accounts.Roles.Support) || IsAdmin;

    /// <summary>
    /// The member of each principal seen: an authenticated principal is shared by every request that carries its token
    /// (CachingJwtBearerHandler), so its claims are read once, not on every request.
    /// </summary>
    static readonly ConditionalWeakTable<ClaimsPrincipal, CurrentMember> Known = [];

    public static CurrentMember? From(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (Known.TryGetValue(user, out var known))
        {
            return known;
        }

        var member = Read(user);
        if (member is not null && user.Identity?.IsAuthenticated == true)
        {
            Known.AddOrUpdate(user, member);
        }

        return member;
    }

    static CurrentMember? Read(ClaimsPrincipal user)
    {
        var sub = user.FindFirst(JwtRegisteredClaimNames.Sub)?.Value;
        return Guid.TryParse(sub, out var accountId)
            ? new CurrentMember(accountId, user.FindAll(RoleClaim).Select(c => c.Value).ToHashSet(StringComparer.Ordinal))
            : null;
    }

    /// <summary>Minimal-API binding: the member behind the request's token.</summary>
    public static ValueTask<CurrentMember?> BindAsync(HttpContext context) => ValueTask.FromResult(From(context.User));
}
