using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Marquee.Api.Accounts;
using Marquee.Api.Tests.Hosting;

namespace Marquee.Api.Tests.Accounts;

[Collection(ApiCollection.Name)]
public sealed class AuthEndpointsTests(ApiFactory factory)
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    async Task<HttpResponseMessage> SignInAsync(string email, string password)
    {
        using var client = factory.CreateClient();
        return await client.PostAsJsonAsync("/api/auth/token", new { email, password }, Ct);
    }

    [Fact]
    public async Task IssueToken_WithRightPassword_ReturnsATokenCarryingTheRoles()
    {
        var member = await factory.SignUpAsync();

        using var response = await SignInAsync(member.Email.ToUpperInvariant(), MemberSessions.Password);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var token = await response.Content.ReadFromJsonAsync<TokenResponse>(Ct);
        Assert.Equal(factory.Clock.GetUtcNow() + TimeSpan.FromHours(1), token!.ExpiresAt);
        var payload = JsonDocument.Parse(Base64UrlDecode(token.AccessToken.Split('.')[1])).RootElement;
        Assert.Equal(member.Account.AccountId.ToString(), payload.GetProperty("sub").GetString());
        Assert.Equal("member", payload.GetProperty("role").GetString());
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.AccessToken);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/me", Ct)).StatusCode);
    }

    [Fact]
    public async Task IssueToken_WrongPasswordAndUnknownEmail_AnswerAlike()
    {
        var member = await factory.SignUpAsync();

        using var wrongPassword = await SignInAsync(member.Email, "not the password");
        using var unknownEmail = await SignInAsync($"{Guid.NewGuid():N}@test.local", "not the password");

        Assert.Equal(HttpStatusCode.Unauthorized, wrongPassword.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknownEmail.StatusCode);
        Assert.Equal(await WithoutRequestIdsAsync(wrongPassword), await WithoutRequestIdsAsync(unknownEmail));
    }

    [Fact]
    public async Task IssueToken_AfterFiveFailures_Returns429WithRetryAfterUntilTimeMoves()
    {
        var member = await factory.SignUpAsync();
        for (var i = 0; i < 4; i++)
        {
            using var failed = await SignInAsync(member.Email, "not the password");
            Assert.Equal(HttpStatusCode.Unauthorized, failed.StatusCode);
        }

        using var fifth = await SignInAsync(member.Email, "not the password");
        using var locked = await SignInAsync(member.Email, MemberSessions.Password);

        Assert.Equal(HttpStatusCode.TooManyRequests, fifth.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
        Assert.Equal(TimeSpan.FromMinutes(5), locked.Headers.RetryAfter?.Delta);
        Assert.Equal("application/problem+json", locked.Content.Headers.ContentType?.MediaType);

        factory.Clock.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));

        using var afterwards = await SignInAsync(member.Email, MemberSessions.Password);
        Assert.Equal(HttpStatusCode.OK, afterwards.StatusCode);
    }

    [Fact]
    public async Task IssueToken_WithMissingFields_Returns400NamingThem()
    {
        using var client = factory.CreateClient();

        using var response = await client.PostAsJsonAsync("/api/auth/token", new { email = "" }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equivalent(new[] { "email", "password" }, (await ProblemAssert.ValidationErrorsAsync(response)).Keys, strict: true);
    }

    [Fact]
    public async Task Token_PastItsExpiry_IsRefusedAfterAtMostThirtySecondsOfSkew()
    {
        var member = await factory.SignUpAsync();
        using var response = await SignInAsync(member.Email, MemberSessions.Password);
        var token = await response.Content.ReadFromJsonAsync<TokenResponse>(Ct);
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token!.AccessToken);

        factory.Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(29));
        var withinSkew = (await client.GetAsync("/api/me", Ct)).StatusCode;
        factory.Clock.Advance(TimeSpan.FromSeconds(2));
        var pastSkew = (await client.GetAsync("/api/me", Ct)).StatusCode;

        Assert.Equal(HttpStatusCode.OK, withinSkew);
        Assert.Equal(HttpStatusCode.Unauthorized, pastSkew);
    }

    static async Task<string> WithoutRequestIdsAsync(HttpResponseMessage response)
    {
        var body = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(await response.Content.ReadAsStringAsync(Ct))!;
        body.Remove("traceId");
        body.Remove("requestId");
        return JsonSerializer.Serialize(body.OrderBy(p => p.Key, StringComparer.Ordinal));
    }

    static byte[] Base64UrlDecode(string text) => Convert.FromBase64String(
        text.Replace('-', '+').Replace('_', '/').PadRight(text.Length + (4 - text.Length % 4) % 4, '='));
}
