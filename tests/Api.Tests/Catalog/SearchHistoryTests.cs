using System.Net.Http.Json;
using Marquee.Api.Catalog;
using Marquee.Api.Tests.Accounts;
using Marquee.Api.Tests.Hosting;
using Marquee.History;
using Microsoft.Extensions.DependencyInjection;

namespace Marquee.Api.Tests.Catalog;

[Collection(ApiCollection.Name)]
public sealed class SearchHistoryTests(ApiFactory factory)
{
    [Fact]
    public async Task Search_IsRecordedInTheProfilesHistory()
    {
        var member = await factory.SignUpAsync(country: "GB");
        var query = $"nebula {Guid.NewGuid():N}";

        await member.Client.GetFromJsonAsync<SearchResponse>($"/api/search?q={Uri.EscapeDataString(query)}", TestContext.Current.CancellationToken);

        var recent = await factory.Services.GetRequiredService<IGrainFactory>()
            .GetGrain<IViewingHistoryGrain>(member.FirstProfileId).GetRecentAsync(10, TestContext.Current.CancellationToken);
        var search = Assert.Single(recent, e => e.Kind == ViewingEventKind.Search);
        Assert.Equal((query, member.Account.AccountId, "GB"), (search.Query, search.AccountId, search.Country));
        Assert.Equal(factory.Clock.GetUtcNow(), search.OccurredAt);
    }
}
