using System.Security.Claims;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Marquee.Api.Accounts;

/// <summary>An issued access token and when it stops working.</summary>
public sealed record AccessToken(string Token, DateTimeOffset ExpiresAt);

/// <summary>Issues signed JWT access tokens: <c>sub</c> is the account id, <c>role</c> claims carry the roles.</summary>
public sealed class TokenIssuer(IOptions<AuthOptions> options, SigningKeyHolder key, TimeProvider clock)
{
    static readonly JsonWebTokenHandler Handler = new();

    public AccessToken Issue(Guid accountId, string email, IEnumerable<string> roles)
    {
        var now = clock.GetUtcNow();
        var expires = now + options.Value.TokenLifetime;
        var claims = new List<Claim>
        {
            new(JwtRegisteredClaimNames.Sub, accountId.ToString()),
            new(JwtRegisteredClaimNames.Email, email),
            new(JwtRegisteredClaimNames.Jti, Guid.NewGuid().ToString("N")),
        };
        claims.AddRange(roles.Distinct(StringComparer.Ordinal).Select(r => new Claim(CurrentMember.RoleClaim, r)));
        var token = Handler.CreateToken(new SecurityTokenDescriptor
        {
            Subject = new ClaimsIdentity(claims),
            Issuer = options.Value.Issuer,
            Audience = options.Value.Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            SigningCredentials = new SigningCredentials(key.Key, SecurityAlgorithms.HmacSha256),
        });
        return new AccessToken(token, expires);
    }
}

/// <summary>The process's signing key: configured, or random per process in embedded mode.</summary>
public sealed class SigningKeyHolder(IOptions<AuthOptions> options)
{
    public SymmetricSecurityKey Key { get; } = Create(options.Value.SigningKey);

    static SymmetricSecurityKey Create(string? configured)
    {
        var bytes = string.IsNullOrEmpty(configured)
            ? System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)
            : System.Text.Encoding.UTF8.GetBytes(configured);
        return new SymmetricSecurityKey(bytes);
    }
}
