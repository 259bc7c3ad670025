using Marquee.Accounts;
using Marquee.Catalog;
using Marquee.Grains.Tests.Hosting;

namespace Marquee.Grains.Tests.Accounts;

[Collection(ClusterCollection.Name)]
public sealed class AccountGrainTests(ClusterFixture fixture)
{
    async Task<(IAccountGrain Grain, AccountInfo Account)> NewAccountAsync()
    {
        var grain = fixture.Client.GetGrain<IAccountGrain>(Guid.NewGuid());
        var account = await grain.CreateAsync(
            new NewAccount("Someone@Example.test", "Someone", Plan.Basic, "gb", new NewProfile("Someone", MaturityRatings.Adult, false, [])),
            "a long enough password");
        return (grain, account);
    }

    static NewProfile Profile(string name) => new(name, 13, false, []);

    [Fact]
    public async Task AddProfileAsync_BeyondFive_ReturnsLimitReached()
    {
        var (grain, _) = await NewAccountAsync();
        for (var i = 2; i <= AccountLimits.MaxProfiles; i++)
        {
            Assert.Equal(ProfileChangeStatus.Done, (await grain.AddProfileAsync(Profile($"P{i}"))).Status);
        }

        var sixth = await grain.AddProfileAsync(Profile("P6"));

        Assert.Equal(ProfileChangeStatus.LimitReached, sixth.Status);
        Assert.Equal(AccountLimits.MaxProfiles, (await grain.GetAsync())!.Profiles.Count);
    }

    [Fact]
    public async Task RemoveProfileAsync_KeepsTheLastProfile()
    {
        var (grain, account) = await NewAccountAsync();
        var second = (await grain.AddProfileAsync(Profile("Second"))).Profile!;

        Assert.Equal(ProfileChangeStatus.Done, (await grain.RemoveProfileAsync(account.Profiles[0].ProfileId)).Status);
        Assert.Equal(ProfileChangeStatus.ProfileNotFound, (await grain.RemoveProfileAsync(Guid.NewGuid())).Status);
        Assert.Equal(ProfileChangeStatus.LastProfile, (await grain.RemoveProfileAsync(second.ProfileId)).Status);
        Assert.Equal(second.ProfileId, Assert.Single((await grain.GetAsync())!.Profiles).ProfileId);
    }

    [Fact]
    public async Task AddProfileAsync_KidsProfileAboveSeven_IsRefused()
    {
        var (grain, _) = await NewAccountAsync();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => grain.AddProfileAsync(new NewProfile("Kid", 13, true, [])));
    }

    [Fact]
    public async Task VerifyPasswordAsync_ChecksAgainstTheStoredHash()
    {
        var (grain, _) = await NewAccountAsync();

        Assert.True(await grain.VerifyPasswordAsync("a long enough password"));
        Assert.False(await grain.VerifyPasswordAsync("A long enough password"));
        Assert.False(await grain.VerifyPasswordAsync(""));
        Assert.False(await fixture.Client.GetGrain<IAccountGrain>(Guid.NewGuid()).VerifyPasswordAsync("a long enough password"));
    }

    [Fact]
    public async Task ChangesToPlanBillingAndRoles_AreKept()
    {
        var (grain, _) = await NewAccountAsync();

        await grain.ChangePlanAsync(Plan.Premium);
        await grain.SetBillingStateAsync(BillingState.PastDue);
        var account = await grain.SetRolesAsync([Roles.Support]);

        Assert.NotNull(account);
        Assert.Equal(Plan.Premium, account.Plan);
        Assert.Equal(BillingState.PastDue, account.BillingState);
        Assert.Equal([Roles.Member, Roles.Support], account.Roles);
        Assert.Equal(account, await grain.GetAsync(), AccountComparer.Instance);
    }

    [Fact]
    public async Task Changes_OnMissingAccount_ReturnNull()
    {
        var grain = fixture.Client.GetGrain<IAccountGrain>(Guid.NewGuid());

        Assert.Null(await grain.GetAsync());
        Assert.Null(await grain.ChangePlanAsync(Plan.Premium));
        Assert.Null(await grain.SetBillingStateAsync(BillingState.PastDue));
        Assert.Equal(ProfileChangeStatus.AccountNotFound, (await grain.AddProfileAsync(Profile("X"))).Status);
    }

    [Fact]
    public async Task CreateAsync_Twice_Throws()
    {
        var (grain, account) = await NewAccountAsync();

        await Assert.ThrowsAsync<InvalidOperationException>(() => grain.CreateAsync(
            new NewAccount(account.Email, "Again", Plan.Basic, "GB", new NewProfile("Again", 18, false, [])), "another password"));
    }

    /// <summary>Records with list members compare lists by reference; this compares what they hold.</summary>
    sealed class AccountComparer : IEqualityComparer<AccountInfo?>
    {
        public static AccountComparer Instance { get; } = new();

        public bool Equals(AccountInfo? x, AccountInfo? y) =>
            x is not null && y is not null && x.AccountId == y.AccountId && x.Plan == y.Plan && x.BillingState == y.BillingState
            && x.Roles.SequenceEqual(y.Roles) && x.Profiles.Select(p => p.ProfileId).SequenceEqual(y.Profiles.Select(p => p.ProfileId));

        public int GetHashCode(AccountInfo? obj) => obj?.AccountId.GetHashCode() ?? 0;
    }
}
