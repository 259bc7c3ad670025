// PENDING: rename to HistoryMemberTests.cs once the accounts part (AccountGrain, MemberSessions.SignUpAsync) is on main.
// Member happy paths of the history and trending routes; not compiled until then (they need real accounts).
using System.Net;
using System.Net.Http.Json;
using Marquee.Api.History;
using Marquee.Api.Tests.Accounts;
using Marquee.Api.Tests.Hosting;
using Marquee.History;
using Microsoft.Extensions.DependencyInjection;

namespace Marquee.Api.Tests.History;

/// <summary>A member reads their own profiles' history and trending; never another member's profile.</summary>
[Collection(ApiCollection.Name)]
public sealed class HistoryMemberTests(ApiFactory factory)
{
    IGrainFactory Grains => factory.Services.GetRequiredService<IGrainFactory>();

    DateTimeOffset Now => factory.Clock.GetUtcNow();

    [Fact]
    public async Task GetHistory_OwnProfile_ReturnsPagesNewestFirst()
    {
        var member = await factory.SignUpAsync();
        await Grains.GetGrain<IViewingHistoryGrain>(member.FirstProfileId).RecordBatchAsync(
            [.. Enumerable.Range(0, 3).Select(i => Start(member, $"t{i}", Now.AddMinutes(i)))], TestContext.Current.CancellationToken);

        var page = await member.Client.GetFromJsonAsync<HistoryPageResponse>(
            $"/api/me/profiles/{member.FirstProfileId}/history?page=1&pageSize=2", TestContext.Current.CancellationToken);

        Assert.Equal(["t2", "t1"], page!.Items.Select(i => i.TitleId));
        Assert.Equal("start", page.Items[0].Kind);
        Assert.True(page.HasMore);
    }

    [Fact]
    public async Task GetContinueWatching_OwnProfile_ListsResumePositions()
    {
        var member = await factory.SignUpAsync();
        var stop = Start(member, "paused", Now) with { Kind = ViewingEventKind.Stop, PositionSeconds = 1234, Completion = 0.3 };
        await Grains.GetGrain<IViewingHistoryGrain>(member.FirstProfileId).RecordAsync(stop, TestContext.Current.CancellationToken);

        var row = await member.Client.GetFromJsonAsync<ContinueWatchingResponse>(
            $"/api/me/profiles/{member.FirstProfileId}/continue-watching", TestContext.Current.CancellationToken);

        var item = Assert.Single(row!.Items);
        Assert.Equal(("paused", 1234.0), (item.TitleId, item.PositionSeconds));
    }

    [Theory]
    [InlineData("history")]
    [InlineData("continue-watching")]
    public async Task Get_AnotherMembersProfile_Returns404(string path)
    {
        var owner = await factory.SignUpAsync();
        var other = await factory.SignUpAsync();

        using var response = await other.Client.GetAsync($"/api/me/profiles/{owner.FirstProfileId}/{path}", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task GetTrending_WithoutCountry_UsesTheMembersCountry()
    {
        var member = await factory.SignUpAsync(country: "NZ");
        var title = $"title-{Guid.NewGuid():N}";
        await Grains.GetGrain<ITrendingGrain>("NZ").AddPlaysAsync([new TrendingPlay(Guid.NewGuid(), title, Now, 1)], TestContext.Current.CancellationToken);

        var trending = await member.Client.GetFromJsonAsync<TrendingResponse>("/api/trending?limit=100", TestContext.Current.CancellationToken);

        Assert.Equal("NZ", trending!.Country);
        Assert.Contains(trending.Titles, t => t.TitleId == title);
    }

    [Fact]
    public async Task GetTrending_WithoutCountry_ForAnAccountThatDoesNotExist_Returns400NamingCountry()
    {
        using var stranger = factory.Stranger();

        using var response = await stranger.GetAsync("/api/trending", TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("country", body, StringComparison.Ordinal);
    }

    static ViewingEvent Start(Member member, string titleId, DateTimeOffset at) =>
        new(Guid.NewGuid(), member.Account.AccountId, member.FirstProfileId, ViewingEventKind.Start, titleId, Guid.NewGuid(), at,
            0, 0, 0, "tv", at.Hour, "US", null, null);
}
