using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Marquee.Api.Accounts;

/// <summary>
/// The JWT handler the bearer scheme uses, with a bounded cache of tokens it has already validated: a member's app
/// sends the same access token with every request, and checking its signature and parsing its claims again each time
/// was the largest single cost of an authenticated request (about a third of its allocations).
/// </summary>
/// <remarks>
/// The key is the whole token text, so a hit is a token whose signature, issuer and audience were checked before with
/// the same parameters; only successes are cached, and the lifetime is checked again on every hit against the injected
/// clock (an expired token is refused exactly as without the cache). Entries leave at the token's expiry or after
/// <see cref="MaxEntryAge"/>, whichever is first, and the cache holds at most <see cref="Capacity"/> tokens. The cached
/// identity is shared by the requests that carry the token: nothing in the API adds claims to it.
/// </remarks>
internal sealed class CachingTokenHandler : JsonWebTokenHandler, IDisposable
{
    public const int Capacity = 100_000;

    static readonly TimeSpan MaxEntryAge = TimeSpan.FromMinutes(5);

    readonly TimeProvider _clock;
    readonly MemoryCache _validated = new(new MemoryCacheOptions { SizeLimit = Capacity });

    public CachingTokenHandler(TimeProvider clock)
    {
        _clock = clock;
        MapInboundClaims = false;
    }

    /// <summary>
    /// The cached result for a token validated before against the same key, issuer and audience and still within its
    /// lifetime now; false otherwise (the caller validates it in full). The same result object is answered every time.
    /// </summary>
    public bool TryGetValidated(string? token, TokenValidationParameters validationParameters, [NotNullWhen(true)] out TokenValidationResult? result)
    {
        ArgumentNullException.ThrowIfNull(validationParameters);
        result = null;
        if (token is null || !_validated.TryGetValue(token, out Validated? known) || !known!.Matches(validationParameters))
        {
            return false;
        }

        var now = _clock.GetUtcNow().UtcDateTime;
        var skew = validationParameters.ClockSkew;
        if (known.NotBefore <= now + skew && now <= known.Expires + skew)
        {
            result = known.Result;
            return true;
        }

        _validated.Remove(token);
        return false;
    }

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        if (TryGetValidated(token, validationParameters, out var cached))
        {
            return cached;
        }

        var now = _clock.GetUtcNow().UtcDateTime;
        var skew = validationParameters.ClockSkew;
        var result = await base.ValidateTokenAsync(token, validationParameters).ConfigureAwait(false);
        if (result.IsValid && token is not null && result.SecurityToken is JsonWebToken jwt && jwt.ValidTo != DateTime.MinValue)
        {
            var remaining = jwt.ValidTo + skew - now;
            if (remaining > TimeSpan.Zero)
            {
                _validated.Set(token, new Validated(result, jwt.ValidFrom, jwt.ValidTo, validationParameters), new MemoryCacheEntryOptions
                {
                    Size = 1,
                    AbsoluteExpirationRelativeToNow = remaining < MaxEntryAge ? remaining : MaxEntryAge,
                });
            }
        }

        return result;
    }

    public void Dispose() => _validated.Dispose();

    /// <summary>A validated token and what it was validated against: a new signing key, issuer or audience misses.</summary>
    sealed class Validated(TokenValidationResult result, DateTime notBefore, DateTime expires, TokenValidationParameters parameters)
    {
        readonly SecurityKey _key = parameters.IssuerSigningKey;
        readonly string _issuer = parameters.ValidIssuer;
        readonly string _audience = parameters.ValidAudience;

        public TokenValidationResult Result { get; } = result;

        public DateTime NotBefore { get; } = notBefore;

        public DateTime Expires { get; } = expires;

        public bool Matches(TokenValidationParameters parameters) =>
            ReferenceEquals(_key, parameters.IssuerSigningKey)
            && string.Equals(_issuer, parameters.ValidIssuer, StringComparison.Ordinal)
            && string.Equals(_audience, parameters.ValidAudience, StringComparison.Ordinal);
    }
}
