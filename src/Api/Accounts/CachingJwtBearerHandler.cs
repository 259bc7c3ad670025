using System.Runtime.CompilerServices;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Marquee.Api.Accounts;

/// <summary>
/// The bearer scheme's handler: ASP.NET's JwtBearerHandler, with a short cut for a token that
/// <see cref="CachingTokenHandler"/> validated before. Such a request is answered the same authentication result as the
/// token's first request (one ticket per validated token) instead of the handler rebuilding its parameters, contexts
/// and ticket each time, which was about a sixth of a heartbeat's allocations.
/// </summary>
/// <remarks>
/// Only the hit is short-cut, and it is exactly the token handler's own hit: the same token text, validated against
/// the same key, issuer and audience, and still within its lifetime on the injected clock. Everything else (no token,
/// a new or expired one, a challenge, a forbid) goes through JwtBearerHandler unchanged.
/// </remarks>
internal sealed class CachingJwtBearerHandler(
    IOptionsMonitor<JwtBearerOptions> options, ILoggerFactory logger, UrlEncoder encoder, CachingTokenHandler tokens)
    : JwtBearerHandler(options, logger, encoder)
{
    const string Prefix = "Bearer ";

    /// <summary>The (completed) answer for each cached validation; collected with it.</summary>
    static readonly ConditionalWeakTable<TokenValidationResult, Task<AuthenticateResult>> Results = [];

    /// <summary>
    /// The token text of each Authorization header value. Kestrel hands a connection's repeated header value over as the
    /// same string, so the token is cut out of it once per connection, not once per request (the cut was an eighth of
    /// an authenticated no-op request's allocations).
    /// </summary>
    static readonly ConditionalWeakTable<string, string> Tokens = [];

    protected override Task<AuthenticateResult> HandleAuthenticateAsync() =>
        TryCachedResult(Request.Headers.Authorization, tokens, Options.TokenValidationParameters, Scheme.Name) ?? base.HandleAuthenticateAsync();

    /// <summary>
    /// The answer this handler gives a request whose <c>Authorization</c> header carries a bearer token the token handler
    /// validated before (same key, issuer and audience, still within its lifetime): one completed result per validated
    /// token, so every request with the token gets the same principal. Null for anything else (no token, a new, expired
    /// or invalid one), which only the full JwtBearerHandler answers.
    /// </summary>
    internal static Task<AuthenticateResult>? TryCachedResult(
        Microsoft.Extensions.Primitives.StringValues header, CachingTokenHandler tokens, TokenValidationParameters parameters, string scheme)
    {
        if (header.Count != 1 || header[0] is not { } value || !value.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase)
            || !tokens.TryGetValidated(Tokens.GetValue(value, static header => header[Prefix.Length..].Trim()), parameters, out var validated)
            || validated.ClaimsIdentity is not { } identity)
        {
            return null;
        }

        return Results.TryGetValue(validated, out var answer) ? answer : FirstResult(validated, identity, scheme);
    }

    // Apart, so the lambda's captured identity and scheme are allocated only on a token's first request, not on every hit.
    static Task<AuthenticateResult> FirstResult(TokenValidationResult validated, ClaimsIdentity identity, string scheme) =>
        Results.GetValue(validated,
            _ => Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), scheme))));
}
