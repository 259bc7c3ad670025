using System.Net.Http.Json;
using Marquee.Api.Accounts;
using Marquee.Api.Tests.Hosting;

namespace Marquee.Api.Tests.Accounts;

/// <summary>A signed-up member and a client that calls as it.</summary>
public sealed record Member(HttpClient Client, AccountView Account, string Email)
{
    public Guid FirstProfileId => Account.Profiles[0].ProfileId;
}

/// <summary>Sign-ups for API tests: each test makes its own member (a fresh email), never sharing accounts.</summary>
public static class MemberSessions
{
    public const string Password = "a test password 1";

    public static async Task<Member> SignUpAsync(this ApiFactory factory, string plan = "Premium", string country = "US")
    {
        ArgumentNullException.ThrowIfNull(factory);
        var email = $"{Guid.NewGuid():N}@test.local";
        using var anonymous = factory.CreateClient();
        using var response = await anonymous.PostAsJsonAsync(
            "/api/accounts", new { email, password = Password, displayName = "Test Member", plan, country }, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        var account = await response.Content.ReadFromJsonAsync<AccountView>(TestContext.Current.CancellationToken);
        return new Member(factory.CreateClientFor(account!.AccountId), account, email);
    }

    /// <summary>A client whose token names an account that was never created.</summary>
    public static HttpClient Stranger(this ApiFactory factory) => factory.CreateClientFor(Guid.NewGuid());

    /// <summary>A client with the admin role (admin routes need no account behind the token).</summary>
    public static HttpClient Admin(this ApiFactory factory) => factory.CreateClientFor(Guid.NewGuid(), Marquee.Accounts.Roles.Member, Marquee.Accounts.Roles.Admin);
}
