using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marquee.Api.Accounts;
using Marquee.Api.Tests.Hosting;

namespace Marquee.Api.Tests.Accounts;

[Collection(ApiCollection.Name)]
public sealed class AccountEndpointsTests(ApiFactory factory)
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    static object SignUp(string email, string plan = "Basic") =>
        new { email, password = MemberSessions.Password, displayName = "Someone", plan, country = "de", favouriteGenres = new[] { "Drama" } };

    [Fact]
    public async Task SignUp_WithValidRequest_Returns201WithAccountAndFirstProfile()
    {
        using var client = factory.CreateClient();
        var email = $"{Guid.NewGuid():N}@Test.Local";

        using var response = await client.PostAsJsonAsync("/api/accounts", SignUp(email), Ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var account = await response.Content.ReadFromJsonAsync<AccountView>(Ct);
        Assert.NotNull(account);
        Assert.Equal("Basic", account.Plan);
        Assert.Equal(1, account.MaxStreams);
        Assert.Equal(720, account.MaxHeight);
        Assert.Equal("DE", account.Country);
        Assert.Equal("active", account.BillingState);
        Assert.Equal(["member"], account.Roles);
        Assert.Equal(["Drama"], Assert.Single(account.Profiles).FavouriteGenres);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.DoesNotContain("password", body, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task SignUp_WithInvalidFields_Returns400NamingEachField()
    {
        using var client = factory.CreateClient();

        using var response = await client.PostAsJsonAsync(
            "/api/accounts", new { email = "not-an-email", password = "short", plan = "Gold", country = "USA" }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = await ProblemAssert.ValidationErrorsAsync(response);
        Assert.Equivalent(new[] { "email", "password", "displayName", "plan", "country" }, errors.Keys, strict: true);
    }

    [Fact]
    public async Task SignUp_WithTakenEmailInAnotherCase_Returns409()
    {
        using var client = factory.CreateClient();
        var email = $"{Guid.NewGuid():N}@test.local";
        using var first = await client.PostAsJsonAsync("/api/accounts", SignUp(email), Ct);

        using var second = await client.PostAsJsonAsync("/api/accounts", SignUp($"  {email.ToUpperInvariant()}"), Ct);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal("application/problem+json", second.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task SignUp_WithOversizedBody_Returns413()
    {
        using var client = factory.CreateClient();
        var huge = new string('x', 64 * 1024);

        using var response = await client.PostAsJsonAsync(
            "/api/accounts", new { email = $"{Guid.NewGuid():N}@test.local", password = huge, displayName = "x", plan = "Basic", country = "US" }, Ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task GetMe_WithoutToken_Returns401()
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync("/api/me", Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task GetMe_ForTokenOfMissingAccount_Returns404()
    {
        using var client = factory.Stranger();

        using var response = await client.GetAsync("/api/me", Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task GetMe_ReturnsOnlyTheCallersAccount()
    {
        var alice = await factory.SignUpAsync();
        var bob = await factory.SignUpAsync();

        var seen = await alice.Client.GetFromJsonAsync<AccountView>("/api/me", Ct);

        Assert.Equal(alice.Account.AccountId, seen!.AccountId);
        Assert.NotEqual(bob.Account.AccountId, seen.AccountId);
    }

    [Fact]
    public async Task ChangePlan_ToStandard_ShowsTheNewLimits()
    {
        var member = await factory.SignUpAsync(plan: "Basic");

        using var response = await member.Client.PutAsJsonAsync("/api/me/plan", new { plan = "standard" }, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var account = await response.Content.ReadFromJsonAsync<AccountView>(Ct);
        Assert.Equal(("Standard", 2, 1080), (account!.Plan, account.MaxStreams, account.MaxHeight));
    }

    [Theory]
    [InlineData("{\"plan\":\"Gold\"}")]
    [InlineData("{\"plan\":\"2\"}")]
    [InlineData("{}")]
    public async Task ChangePlan_ToUnknownPlan_Returns400NamingPlan(string body)
    {
        var member = await factory.SignUpAsync();

        using var response = await member.Client.PutAsync("/api/me/plan", new StringContent(body, System.Text.Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("plan", (await ProblemAssert.ValidationErrorsAsync(response)).Keys);
    }
}

/// <summary>Reads problem details the way a client would.</summary>
public static class ProblemAssert
{
    public static async Task<Dictionary<string, string[]>> ValidationErrorsAsync(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return document.RootElement.GetProperty("errors").Deserialize<Dictionary<string, string[]>>()!;
    }
}
