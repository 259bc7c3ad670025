using System.Security.Claims;
using Marquee.Api.Accounts;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Marquee.Api.Tests.Accounts;

/// <summary>The bearer scheme's token handler remembers validated tokens without loosening what it accepts.</summary>
public sealed class CachingTokenHandlerTests : IDisposable
{
    static readonly DateTimeOffset Start = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
    readonly FakeTimeProvider _clock = new(Start);
    readonly CachingTokenHandler _handler;
    readonly SymmetricSecurityKey _key = new(new byte[32]);

    public CachingTokenHandlerTests() => _handler = new CachingTokenHandler(_clock);

    public void Dispose() => _handler.Dispose();

    [Fact]
    public async Task ValidateTokenAsync_SameTokenTwice_AnswersTheSecondFromTheCache()
    {
        var token = Issue(_key, TimeSpan.FromHours(1));
        var parameters = Parameters(_key);

        var first = await _handler.ValidateTokenAsync(token, parameters);
        var second = await _handler.ValidateTokenAsync(token, Parameters(_key));

        Assert.True(first.IsValid);
        Assert.Same(first, second);
    }

    [Fact]
    public async Task ValidateTokenAsync_CachedTokenPastItsExpiry_IsRefused()
    {
        var token = Issue(_key, TimeSpan.FromMinutes(10));
        var parameters = Parameters(_key);
        Assert.True((await _handler.ValidateTokenAsync(token, parameters)).IsValid);

        _clock.Advance(TimeSpan.FromMinutes(10) + parameters.ClockSkew + TimeSpan.FromSeconds(1));

        Assert.False((await _handler.ValidateTokenAsync(token, parameters)).IsValid);
    }

    [Fact]
    public async Task ValidateTokenAsync_AfterTheSigningKeyChanges_ValidatesAgainstTheNewKey()
    {
        var token = Issue(_key, TimeSpan.FromHours(1));
        Assert.True((await _handler.ValidateTokenAsync(token, Parameters(_key))).IsValid);

        var rotated = new SymmetricSecurityKey(Enumerable.Repeat((byte)7, 32).ToArray());

        Assert.False((await _handler.ValidateTokenAsync(token, Parameters(rotated))).IsValid);
    }

    [Fact]
    public async Task ValidateTokenAsync_TamperedCopyOfACachedToken_IsRefused()
    {
        var token = Issue(_key, TimeSpan.FromHours(1));
        Assert.True((await _handler.ValidateTokenAsync(token, Parameters(_key))).IsValid);
        var tampered = token[..^2] + (token[^2] == 'A' ? "B" : "A") + token[^1];

        Assert.False((await _handler.ValidateTokenAsync(tampered, Parameters(_key))).IsValid);
    }

    string Issue(SecurityKey key, TimeSpan lifetime) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Subject = new ClaimsIdentity([new Claim(JwtRegisteredClaimNames.Sub, Guid.NewGuid().ToString())]),
        Issuer = "marquee",
        Audience = "marquee-api",
        IssuedAt = _clock.GetUtcNow().UtcDateTime,
        NotBefore = _clock.GetUtcNow().UtcDateTime,
        Expires = (_clock.GetUtcNow() + lifetime).UtcDateTime,
        SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
    });

    TokenValidationParameters Parameters(SecurityKey key) => new()
    {
        ValidIssuer = "marquee",
        ValidAudience = "marquee-api",
        IssuerSigningKey = key,
        ClockSkew = TimeSpan.FromSeconds(30),
        LifetimeValidator = (notBefore, expires, _, p) =>
        {
            var now = _clock.GetUtcNow().UtcDateTime;
            return (notBefore is null || notBefore.Value - p.ClockSkew <= now) && expires is not null && now <= expires.Value + p.ClockSkew;
        },
    };
}
