using Marquee.Accounts;
using Marquee.Catalog;
using Marquee.Grains.Tests.Hosting;

namespace Marquee.Grains.Tests.Accounts;

[Collection(ClusterCollection.Name)]
public sealed class EmailGrainTests(ClusterFixture fixture)
{
    const string Password = "correct horse battery";

    static string NewEmail() => $"{Guid.NewGuid():N}@example.test";

    static NewAccount Account(string email) =>
        new(email, "Tester", Plan.Standard, "us", new NewProfile("Tester", MaturityRatings.Adult, false, ["Drama"]));

    IEmailGrain Email(string email) => fixture.Client.GetGrain<IEmailGrain>(AccountEmail.Normalize(email));

    [Fact]
    public async Task RegisterAsync_WhenTwentySignUpsRaceForOneEmail_ExactlyOneWins()
    {
        var email = NewEmail();
        // Different casings and spaces of one address all land on one grain.
        var attempts = Enumerable.Range(0, 20)
            .Select(i => i % 2 == 0 ? email : $" {email.ToUpperInvariant()} ")
            .Select(address => Email(address).RegisterAsync(Account(address), Password))
            .ToList();

        var results = await Task.WhenAll(attempts);

        var winner = Assert.Single(results, r => r.Status == RegistrationStatus.Created);
        Assert.Equal(19, results.Count(r => r.Status == RegistrationStatus.EmailTaken));
        Assert.Equal(winner.Account!.AccountId, await Email(email).GetOwnerAsync());
    }

    [Fact]
    public async Task RegisterAsync_CreatesAccountWithFirstProfileAndMemberRole()
    {
        var email = NewEmail();

        var registration = await Email(email).RegisterAsync(Account(email), Password);

        var account = await fixture.Client.GetGrain<IAccountGrain>(registration.Account!.AccountId).GetAsync();
        Assert.NotNull(account);
        Assert.Equal("US", account.Country);
        Assert.Equal(Plan.Standard, account.Plan);
        Assert.Equal(BillingState.Active, account.BillingState);
        Assert.Equal([Roles.Member], account.Roles);
        var profile = Assert.Single(account.Profiles);
        Assert.Equal(["Drama"], profile.FavouriteGenres);
    }

    [Fact]
    public async Task SignInAsync_WithRightPassword_Succeeds()
    {
        var email = NewEmail();
        var registration = await Email(email).RegisterAsync(Account(email), Password);

        var result = await Email(email.ToUpperInvariant()).SignInAsync(Password);

        Assert.Equal(SignInStatus.Succeeded, result.Status);
        Assert.Equal(registration.Account!.AccountId, result.Account!.AccountId);
    }

    [Fact]
    public async Task SignInAsync_AfterFiveFailures_LocksOutUntilTimeMoves()
    {
        var email = NewEmail();
        await Email(email).RegisterAsync(Account(email), Password);
        var grain = Email(email);

        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(SignInStatus.Rejected, (await grain.SignInAsync("wrong password")).Status);
        }

        var fifth = await grain.SignInAsync("wrong password");
        var whileLocked = await grain.SignInAsync(Password);

        Assert.Equal(SignInStatus.LockedOut, fifth.Status);
        Assert.Equal(TimeSpan.FromMinutes(5), fifth.RetryAfter);
        Assert.Equal(SignInStatus.LockedOut, whileLocked.Status);
        Assert.Null(whileLocked.Account);

        fixture.Clock.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));

        Assert.Equal(SignInStatus.Succeeded, (await grain.SignInAsync(Password)).Status);
    }

    [Fact]
    public async Task SignInAsync_ForUnknownEmail_AnswersLikeWrongPasswordAndLocksAlike()
    {
        var grain = Email(NewEmail());

        var results = new List<SignInResult>();
        for (var i = 0; i < 5; i++)
        {
            results.Add(await grain.SignInAsync("anything at all"));
        }

        Assert.All(results.Take(4), r => Assert.Equal(new SignInResult(SignInStatus.Rejected, null, TimeSpan.Zero), r));
        Assert.Equal(SignInStatus.LockedOut, results[4].Status);
    }

    [Fact]
    public async Task SignInAsync_SuccessBetweenFailures_StartsTheCountAgain()
    {
        var email = NewEmail();
        await Email(email).RegisterAsync(Account(email), Password);
        var grain = Email(email);
        for (var i = 0; i < 4; i++)
        {
            await grain.SignInAsync("wrong password");
        }

        Assert.Equal(SignInStatus.Succeeded, (await grain.SignInAsync(Password)).Status);

        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(SignInStatus.Rejected, (await grain.SignInAsync("wrong password")).Status);
        }
    }
}
