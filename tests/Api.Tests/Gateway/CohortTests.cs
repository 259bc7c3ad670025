using System.Net;
using System.Net.Http.Json;
using Marquee.Api.Gateway;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Marquee.Api.Tests.Gateway;

[Collection(GatewayCollection.Name)]
public sealed class CohortTests(GatewayFactory factory)
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task BetaMember_GetsTheBetaImplementation_AndTheHeaderSaysSo()
    {
        using var split = factory.Collect<long>("marquee.cohort.requests");
        var cohorts = factory.Services.GetRequiredService<CohortService>();
        var beta = MemberIn(cohorts, Cohort.Beta);
        var stable = MemberIn(cohorts, Cohort.Stable);
        using var betaClient = factory.CreateClientFor(beta);
        using var stableClient = factory.CreateClientFor(stable);

        using var betaResponse = await betaClient.GetAsync("/test/model", Ct);
        using var stableResponse = await stableClient.GetAsync("/test/model", Ct);

        Assert.Equal("beta", Assert.Single(betaResponse.Headers.GetValues("X-Cohort")));
        Assert.Equal("recommendations-v2", await betaResponse.Content.ReadFromJsonAsync<string>(Ct));
        Assert.Equal("stable", Assert.Single(stableResponse.Headers.GetValues("X-Cohort")));
        Assert.Equal("recommendations-v1", await stableResponse.Content.ReadFromJsonAsync<string>(Ct));

        var measured = split.GetMeasurementSnapshot().Select(m => m.Tags["cohort"] as string).ToList();
        Assert.Equal(["beta", "stable"], measured.Order());
    }

    [Fact]
    public async Task AnonymousRequest_HasNoCohortHeader()
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync("/test/critical", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("X-Cohort"));
    }

    [Fact]
    public async Task BetaPercent_ChangedAtRuntime_MovesMembersWithoutARestart()
    {
        var cohorts = factory.Services.GetRequiredService<CohortService>();
        var member = MemberIn(cohorts, Cohort.Beta);
        using var client = factory.CreateClientFor(member);

        factory.Settings.Set(("Gateway:Cohorts:BetaPercent", "0"));
        try
        {
            using var response = await client.GetAsync("/test/model", Ct);
            Assert.Equal("stable", Assert.Single(response.Headers.GetValues("X-Cohort")));
        }
        finally
        {
            factory.Settings.Set(("Gateway:Cohorts:BetaPercent", "50"));
        }

        Assert.Equal(Cohort.Beta, cohorts.For(member));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(10.0)]
    [InlineData(50.0)]
    [InlineData(100.0)]
    public void For_ManyMembers_SplitsAtTheConfiguredPercentage(double percent)
    {
        using var cohorts = new CohortService(Monitor(new CohortOptions { BetaPercent = percent }));
        var random = new Random(42);
        var ids = Enumerable.Range(0, 20_000).Select(_ => RandomGuid(random)).ToList();

        var beta = ids.Count(id => cohorts.For(id) == Cohort.Beta) * 100.0 / ids.Count;

        Assert.InRange(beta, percent - 1.5, percent + 1.5);
    }

    [Fact]
    public void For_SameMember_IsStable_AndASeedReshuffles()
    {
        using var cohorts = new CohortService(Monitor(new CohortOptions { BetaPercent = 50 }));
        using var reseeded = new CohortService(Monitor(new CohortOptions { BetaPercent = 50, Seed = 7 }));
        var random = new Random(7);
        var ids = Enumerable.Range(0, 1000).Select(_ => RandomGuid(random)).ToList();

        Assert.All(ids, id => Assert.Equal(cohorts.For(id), cohorts.For(id)));
        Assert.Contains(ids, id => cohorts.For(id) != reseeded.For(id));
    }

    [Fact]
    public void For_ListedBetaAccount_IsBetaWhateverThePercentage()
    {
        var tester = Guid.NewGuid();
        using var cohorts = new CohortService(Monitor(new CohortOptions { BetaPercent = 0, BetaAccounts = [tester] }));

        Assert.Equal(Cohort.Beta, cohorts.For(tester));
        Assert.Equal(Cohort.Stable, cohorts.For(Guid.NewGuid()));
    }

    static Guid MemberIn(CohortService cohorts, Cohort cohort)
    {
        while (true)
        {
            var id = Guid.NewGuid();
            if (cohorts.For(id) == cohort)
            {
                return id;
            }
        }
    }

    static Guid RandomGuid(Random random)
    {
        var bytes = new byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes);
    }

    static StaticMonitor<CohortOptions> Monitor(CohortOptions options) => new StaticMonitor<CohortOptions>(options);

    sealed class StaticMonitor<T>(T value) : IOptionsMonitor<T>
    {
        public T CurrentValue => value;

        public T Get(string? name) => value;

        public IDisposable? OnChange(Action<T, string?> listener) => null;
    }
}
