using System.Net;
using System.Net.Http.Json;
using Marquee.Accounts;
using Marquee.Api.Accounts;
using Marquee.Api.Tests.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Marquee.Api.Tests.Accounts;

[Collection(ApiCollection.Name)]
public sealed class AccountAdminEndpointsTests(ApiFactory factory)
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    HttpClient Support() => factory.CreateClientFor(Guid.NewGuid(), Roles.Member, Roles.Support);

    [Fact]
    public async Task SetBilling_PastDue_ShowsOnTheMembersAccount()
    {
        var member = await factory.SignUpAsync();
        using var support = Support();

        using var response = await support.PutAsJsonAsync($"/api/support/accounts/{member.Account.AccountId}/billing", new { state = "past_due" }, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var me = await member.Client.GetFromJsonAsync<AccountView>("/api/me", Ct);
        Assert.Equal("past_due", me!.BillingState);
        Assert.Equal(BillingState.PastDue, (await factory.Services.GetRequiredService<IGrainFactory>()
            .GetGrain<IAccountGrain>(member.Account.AccountId).GetAsync(Ct))!.BillingState);
    }

    [Fact]
    public async Task SetBilling_WithUnknownState_Returns400AndUnknownAccount404()
    {
        using var support = Support();

        using var badState = await support.PutAsJsonAsync($"/api/support/accounts/{Guid.NewGuid()}/billing", new { state = "overdue" }, Ct);
        using var unknown = await support.PutAsJsonAsync($"/api/support/accounts/{Guid.NewGuid()}/billing", new { state = "active" }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, badState.StatusCode);
        Assert.Contains("state", (await ProblemAssert.ValidationErrorsAsync(badState)).Keys);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task SupportRoutes_AsMember_Return403()
    {
        var member = await factory.SignUpAsync();
        var other = await factory.SignUpAsync();

        using var billing = await member.Client.PutAsJsonAsync($"/api/support/accounts/{member.Account.AccountId}/billing", new { state = "active" }, Ct);
        using var read = await member.Client.GetAsync($"/api/support/accounts/{other.Account.AccountId}", Ct);
        using var find = await member.Client.GetAsync($"/api/support/accounts?email={Uri.EscapeDataString(other.Email)}", Ct);

        Assert.Equal(HttpStatusCode.Forbidden, billing.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, read.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, find.StatusCode);
    }

    [Fact]
    public async Task FindByEmail_AsSupport_FindsTheAccountAndNeedsAnEmail()
    {
        var member = await factory.SignUpAsync();
        using var support = Support();

        var found = await support.GetFromJsonAsync<AccountView>($"/api/support/accounts?email={Uri.EscapeDataString(member.Email.ToUpperInvariant())}", Ct);
        using var missing = await support.GetAsync("/api/support/accounts", Ct);
        using var unknown = await support.GetAsync($"/api/support/accounts?email=nobody-{Guid.NewGuid():N}@test.local", Ct);

        Assert.Equal(member.Account.AccountId, found!.AccountId);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Contains("email", (await ProblemAssert.ValidationErrorsAsync(missing)).Keys);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task SetRoles_AsAdmin_GrantsSupportShownInTheNextToken()
    {
        var member = await factory.SignUpAsync();
        using var admin = factory.Admin();

        using var response = await admin.PutAsJsonAsync($"/api/admin/accounts/{member.Account.AccountId}/roles", new { roles = new[] { "support" } }, Ct);
        using var anonymous = factory.CreateClient();
        using var signIn = await anonymous.PostAsJsonAsync("/api/auth/token", new { email = member.Email, password = MemberSessions.Password }, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["member", "support"], (await response.Content.ReadFromJsonAsync<AccountView>(Ct))!.Roles);
        var token = await signIn.Content.ReadFromJsonAsync<TokenResponse>(Ct);
        using var asSupport = factory.CreateClient();
        asSupport.DefaultRequestHeaders.Authorization = new("Bearer", token!.AccessToken);
        Assert.Equal(HttpStatusCode.OK, (await asSupport.GetAsync($"/api/support/accounts/{member.Account.AccountId}", Ct)).StatusCode);
    }

    [Fact]
    public async Task SetRoles_WithAdminOrUnknownRole_Returns400()
    {
        var member = await factory.SignUpAsync();
        using var admin = factory.Admin();

        using var response = await admin.PutAsJsonAsync($"/api/admin/accounts/{member.Account.AccountId}/roles", new { roles = new[] { "admin" } }, Ct);
        using var missing = await admin.PutAsJsonAsync($"/api/admin/accounts/{member.Account.AccountId}/roles", new { }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("roles", (await ProblemAssert.ValidationErrorsAsync(response)).Keys);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
    }

    [Fact]
    public async Task SetRoles_AsMemberOrSupport_Returns403AndUnknownAccount404()
    {
        var member = await factory.SignUpAsync();
        using var support = Support();
        using var admin = factory.Admin();

        using var asMember = await member.Client.PutAsJsonAsync($"/api/admin/accounts/{member.Account.AccountId}/roles", new { roles = new[] { "support" } }, Ct);
        using var asSupport = await support.PutAsJsonAsync($"/api/admin/accounts/{member.Account.AccountId}/roles", new { roles = new[] { "support" } }, Ct);
        using var unknown = await admin.PutAsJsonAsync($"/api/admin/accounts/{Guid.NewGuid()}/roles", new { roles = Array.Empty<string>() }, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, asMember.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, asSupport.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task ConfiguredAdmin_CanSignInWithTheAdminRole()
    {
        var configuration = factory.Services.GetRequiredService<IConfiguration>();
        using var client = factory.CreateClient();

        using var response = await client.PostAsJsonAsync(
            "/api/auth/token", new { email = configuration["Admin:Email"], password = configuration["Admin:Password"] }, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var token = await response.Content.ReadFromJsonAsync<TokenResponse>(Ct);
        using var admin = factory.CreateClient();
        admin.DefaultRequestHeaders.Authorization = new("Bearer", token!.AccessToken);
        using var roles = await admin.PutAsJsonAsync($"/api/admin/accounts/{Guid.NewGuid()}/roles", new { roles = Array.Empty<string>() }, Ct);
        Assert.Equal(HttpStatusCode.NotFound, roles.StatusCode);
    }
}
