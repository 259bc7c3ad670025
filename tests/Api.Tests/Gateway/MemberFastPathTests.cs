using System.Net;
using Marquee.Accounts;
using Marquee.Api.Gateway;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Marquee.Api.Tests.Gateway;

/// <summary>
/// The member fast path (authentication, rate limit, authorization and endpoint in one step for a plain member route
/// with an already-validated token) decides nothing differently from the full pipeline. Each test first makes one
/// request with its token, so the token is validated and cached and the requests that follow take the fast path.
/// </summary>
public sealed class MemberFastPathTests(GatewayFactory factory) : IClassFixture<GatewayFactory>
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task MemberRoute_WithAKnownToken_AnswersAsThatMember_UntilTheirRateLimit()
    {
        var accountId = Guid.NewGuid();
        using var client = factory.CreateClientFor(accountId);

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? refused = null;
        for (var i = 0; i < 20 && refused is null; i++)
        {
            var response = await client.GetAsync("/test/member", Ct);
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                Assert.Equal(accountId.ToString(), await response.Content.ReadAsStringAsync(Ct));
                response.Dispose();
            }
            else
            {
                refused = response;
            }
        }

        // The member bucket holds 15 (each request comes from a fresh address, so only it can run out).
        Assert.NotNull(refused);
        using (refused)
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.Equal(15, statuses.Count(s => s == HttpStatusCode.OK));
            Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, "a 429 says when to retry");
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task AdminRoute_WithAMemberTokenAlreadyKnown_IsForbidden_AndAnAdminTokenPasses()
    {
        using var member = factory.CreateClientFor(Guid.NewGuid());
        using (var warm = await member.GetAsync("/test/member", Ct))
        {
            Assert.Equal(HttpStatusCode.OK, warm.StatusCode);
        }

        using var forbidden = await member.GetAsync("/test/admin", Ct);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);

        using var admin = factory.CreateClientFor(Guid.NewGuid(), Roles.Admin);
        using (var warm = await admin.GetAsync("/test/member", Ct))
        {
            Assert.Equal(HttpStatusCode.OK, warm.StatusCode);
        }

        using var allowed = await admin.GetAsync("/test/admin", Ct);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
    }

    [Fact]
    public async Task MemberRoute_WithAKnownTokenThatHasSinceExpired_Is401()
    {
        using var client = factory.CreateClientFor(Guid.NewGuid());
        using (var first = await client.GetAsync("/test/member", Ct))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        using (var second = await client.GetAsync("/test/member", Ct))
        {
            Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        }

        // Access tokens live an hour (plus the clock skew allowed); this host's clock is the test's.
        factory.Clock.Advance(TimeSpan.FromHours(2));

        using var expired = await client.GetAsync("/test/member", Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
    }

    [Fact]
    public async Task MemberRoute_WithoutAToken_Is401()
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync("/test/member", Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("/api/playback/{sessionId:guid}/heartbeat", true)]
    [InlineData("/api/playback/{sessionId:guid}/manifest.m3u8", true)]
    [InlineData("/api/home/", true)]
    [InlineData("/api/admin/edges/", false)]
    [InlineData("/api/auth/token", false)]
    [InlineData("/api/edges/{nodeId}/health", false)]
    public void OnlyRoutesThatNeedNothingButAnAuthenticatedCaller_AreEligible(string pattern, bool eligible)
    {
        var endpoints = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => string.Equals(e.RoutePattern.RawText?.TrimEnd('/'), pattern.TrimEnd('/'), StringComparison.OrdinalIgnoreCase))
            .ToList();

        Assert.NotEmpty(endpoints);
        Assert.All(endpoints, e => Assert.Equal(eligible, MemberFastPath.IsPlainMemberRoute(e)));
    }
}
