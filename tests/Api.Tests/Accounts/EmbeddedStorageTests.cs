using System.Net;
using System.Net.Http.Json;
using Marquee.Api.Accounts;
using Marquee.Api.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Marquee.Api.Tests.Accounts;

/// <summary>A host of its own: the test deactivates every idle grain, which would disturb other tests' sessions.</summary>
[CollectionDefinition(Name)]
public sealed class EmbeddedStorageCollection : ICollectionFixture<ApiFactory>
{
    public const string Name = "embedded-storage";
}

/// <summary>Embedded mode keeps grain state in memory storage; a grain deactivated and activated again reads it back.</summary>
[Collection(EmbeddedStorageCollection.Name)]
public sealed class EmbeddedStorageTests(ApiFactory factory)
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Account_AfterItsGrainIsDeactivated_IsReadBackWithItsProfiles()
    {
        var member = await factory.SignUpAsync();
        var before = await member.Client.GetFromJsonAsync<AccountView>("/api/me", Ct);
        var management = factory.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0);

        await management.ForceActivationCollection(TimeSpan.Zero);
        var accounts = (await management.GetSimpleGrainStatistics())
            .Where(s => s.GrainType.EndsWith("AccountGrain", StringComparison.Ordinal))
            .Sum(s => s.ActivationCount);
        using var response = await member.Client.GetAsync("/api/me", Ct);

        Assert.Equal(0, accounts);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equivalent(before, await response.Content.ReadFromJsonAsync<AccountView>(Ct), strict: true);
    }
}
