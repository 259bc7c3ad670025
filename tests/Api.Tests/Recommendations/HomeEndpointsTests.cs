using System.Net;
using System.Net.Http.Json;
using Marquee.Api.Catalog;
using Marquee.Api.Gateway;
using Marquee.Api.Recommendations;
using Marquee.Api.Tests.Accounts;
using Marquee.Api.Tests.Hosting;
using Marquee.Catalog;
using Marquee.Grains.Recommendations;
using Marquee.History;
using Marquee.Recommendations;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.DependencyInjection;

namespace Marquee.Api.Tests.Recommendations;

[Collection(ApiCollection.Name)]
public sealed class HomeEndpointsTests(ApiFactory factory)
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("")]
    [InlineData("?profileId=")]
    [InlineData("?profileId=not-a-guid")]
    public async Task Get_WithMissingOrInvalidProfileId_Returns400NamingTheField(string query)
    {
        var member = await factory.SignUpAsync();

        using var response = await member.Client.GetAsync($"/api/home{query}", Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("profileId", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_SomeoneElsesProfile_Returns404()
    {
        var owner = await factory.SignUpAsync();
        var other = await factory.SignUpAsync();

        using var response = await other.Client.GetAsync($"/api/home?profileId={owner.FirstProfileId}", Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Get_AfterTheProfileIsRemoved_Returns404EvenThoughItsPageWasCached()
    {
        var member = await factory.SignUpAsync();
        using var added = await member.Client.PostAsJsonAsync("/api/me/profiles", new { name = "Guest" }, Ct);
        var profileId = (await added.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(Ct)).GetProperty("profileId").GetGuid();
        using var cached = await member.Client.GetAsync($"/api/home?profileId={profileId}", Ct);

        using var removed = await member.Client.DeleteAsync($"/api/me/profiles/{profileId}", Ct);
        using var afterwards = await member.Client.GetAsync($"/api/home?profileId={profileId}", Ct);

        Assert.Equal(HttpStatusCode.OK, cached.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, afterwards.StatusCode);
    }

    [Fact]
    public async Task Get_SomeoneElsesProfileWhosePageIsCached_Returns404()
    {
        var owner = await factory.SignUpAsync();
        var other = await factory.SignUpAsync();
        using var cached = await owner.Client.GetAsync($"/api/home?profileId={owner.FirstProfileId}", Ct);

        using var response = await other.Client.GetAsync($"/api/home?profileId={owner.FirstProfileId}", Ct);

        Assert.Equal(HttpStatusCode.OK, cached.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("br", "br")]
    [InlineData("gzip", "gzip")]
    [InlineData("gzip, deflate, br", "br")]
    public async Task Get_ForAnAppThatAcceptsCompression_SendsTheCachedPageCompressed_ReadingTheSameAsUncompressed(string accepted, string expected)
    {
        var member = await factory.SignUpAsync();
        var path = $"/api/home?profileId={member.FirstProfileId}";
        using var plain = await member.Client.GetAsync(path, Ct);
        var plainJson = await plain.Content.ReadAsStringAsync(Ct);
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Accept-Encoding", accepted);

        using var compressed = await member.Client.SendAsync(request, Ct);
        var bytes = await compressed.Content.ReadAsByteArrayAsync(Ct);
        using var source = new MemoryStream(bytes);
        using Stream decoder = expected == "br"
            ? new System.IO.Compression.BrotliStream(source, System.IO.Compression.CompressionMode.Decompress)
            : new System.IO.Compression.GZipStream(source, System.IO.Compression.CompressionMode.Decompress);
        using var reader = new StreamReader(decoder);

        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
        Assert.Empty(plain.Content.Headers.ContentEncoding);
        Assert.Equal(HttpStatusCode.OK, compressed.StatusCode);
        Assert.Equal(expected, Assert.Single(compressed.Content.Headers.ContentEncoding));
        Assert.Contains("Accept-Encoding", compressed.Headers.Vary);
        Assert.Equal(bytes.Length, compressed.Content.Headers.ContentLength);
        Assert.Equal(plainJson, await reader.ReadToEndAsync(Ct));
    }

    [Fact]
    public async Task Get_WithoutToken_Returns401()
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync($"/api/home?profileId={Guid.NewGuid()}", Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task PostImpression_WithMissingFields_Returns400()
    {
        var member = await factory.SignUpAsync();

        using var response = await member.Client.PostAsJsonAsync("/api/home/artwork-impressions", new { profileId = member.FirstProfileId }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Get_AfterTheProfileWatchesATitle_ShowsBecauseYouWatchedIt_WithArtworkAndVisibleTitlesOnly()
    {
        var member = await factory.SignUpAsync(country: "US");
        var profileId = member.FirstProfileId;
        var before = await GetHomeAsync(member.Client, profileId);
        Assert.DoesNotContain(before.Rows, r => r.Kind == HomeRowKinds.BecauseYouWatched);

        var replica = factory.Services.GetRequiredService<CatalogReplica>();
        var (titles, _) = replica.Browse(null, "US", 18, 1, 50);
        var watched = titles.First(t => t.Genres.Count > 0);
        var grains = factory.Services.GetRequiredService<IGrainFactory>();
        var now = factory.Clock.GetUtcNow();
        await grains.GetGrain<IViewingHistoryGrain>(profileId).RecordAsync(new ViewingEvent(
            Guid.NewGuid(), member.Account.AccountId, profileId, ViewingEventKind.Start, watched.TitleId, Guid.NewGuid(), now,
            PositionSeconds: 600, SecondsWatched: 600, Completion: 0.3, Device: "tv", LocalHour: 20, Country: "US", Query: null, NodeId: null), Ct);
        await Eventually.WaitAsync(factory.Clock, () => grains.GetGrain<IRecommendationGrain>(profileId).GetFeedStatsAsync(Ct),
            s => s.Plays >= 1, $"the play of {watched.TitleId} to reach the recommendation grain");
        // The page is cached for 30 s; a play may show up only when it expires, so the test drops the cached page.
        await factory.Services.GetRequiredService<HybridCache>().RemoveByTagAsync(CacheTags.Profile(profileId), Ct);
        factory.Clock.Advance(TimeSpan.FromMilliseconds(1));

        var after = await GetHomeAsync(member.Client, profileId);

        var because = Assert.Single(after.Rows, r => r.Name == $"Because You Watched {watched.Name}");
        Assert.NotEmpty(because.Items);
        Assert.DoesNotContain(because.Items, i => i.TitleId == watched.TitleId);
        var resume = Assert.Single(after.Rows, r => r.Kind == HomeRowKinds.ContinueWatching);
        Assert.Equal(watched.TitleId, Assert.Single(resume.Items).TitleId);
        var items = after.Rows.SelectMany(r => r.Items).ToList();
        // The host is shared: titles other tests added (playback, edge fill) have no artwork and may be on the page,
        // in an order of tests that differs with the checkout path. A title with variants shows one of its own; one
        // without shows none.
        var variants = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var titleId in items.Select(i => i.TitleId).Distinct(StringComparer.Ordinal))
        {
            var title = await grains.GetGrain<ITitleGrain>(titleId).GetAsync(Ct);
            variants[titleId] = [.. title!.Artwork.Select(a => a.Id)];
        }

        Assert.Contains(items, i => variants[i.TitleId].Length > 0);
        Assert.All(items, i =>
        {
            if (variants[i.TitleId].Length == 0)
            {
                Assert.Null(i.ArtworkId);
            }
            else
            {
                Assert.Contains(i.ArtworkId, variants[i.TitleId]);
            }
        });
        Assert.All(items.GroupBy(i => i.TitleId), g => Assert.True(g.Count() <= 2, $"{g.Key} is in {g.Count()} rows"));
        Assert.All(items, i => Assert.True(replica.Find(i.TitleId)!.IsLicensedIn("US"), $"{i.TitleId} is not licensed in US"));
        Assert.All(after.Rows, r => Assert.False(r.Fallback));
    }

    [Fact]
    public async Task Get_AfterAPlayIsStopped_ShowsTheTitleInContinueWatchingAtOnce()
    {
        await Playback.PlaybackSetup.RefreshFleetAsync(factory.Services);
        var member = await factory.SignUpAsync(country: "US");
        var profileId = member.FirstProfileId;
        var replica = factory.Services.GetRequiredService<CatalogReplica>();
        var title = replica.Browse(null, "US", 18, 1, 50).Items.First(t => t.RuntimeMinutes > 0);
        var before = await GetHomeAsync(member.Client, profileId);

        using var started = await member.Client.PostAsJsonAsync("/api/playback", new { profileId, titleId = title.TitleId, device = "tv" }, Ct);
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        var sessionId = (await started.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(Ct)).GetProperty("sessionId").GetGuid();
        var position = title.RuntimeMinutes * 60 * 0.3;
        using var stopped = await member.Client.PostAsJsonAsync($"/api/playback/{sessionId}/stop", new { positionSeconds = position }, Ct);
        Assert.Equal(HttpStatusCode.NoContent, stopped.StatusCode);

        // No waiting for the stream, no cache dropped by the test: the page cached before the play is gone and the
        // new one reads continue watching from the history, where the stop is durable before it is answered.
        var after = await GetHomeAsync(member.Client, profileId);

        Assert.DoesNotContain(before.Rows, r => r.Kind == HomeRowKinds.ContinueWatching);
        var resume = Assert.Single(after.Rows, r => r.Kind == HomeRowKinds.ContinueWatching);
        var item = Assert.Single(resume.Items);
        Assert.Equal(title.TitleId, item.TitleId);
        Assert.Equal(0.3, item.Progress!.Value, precision: 2);
    }

    static async Task<HomeResponse> GetHomeAsync(HttpClient client, Guid profileId)
    {
        using var response = await client.GetAsync($"/api/home?profileId={profileId}", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<HomeResponse>(Ct))!;
    }
}

/// <summary>The home page when the recommendation service fails every call (chaos fault rate 1): its own host.</summary>
public sealed class HomeChaosTests : IAsyncLifetime
{
    readonly ApiFactory _factory = new();

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        _factory.Settings["Resilience:Recommendations:Chaos:Enabled"] = "true";
        _factory.Settings["Resilience:Recommendations:Chaos:FaultRate"] = "1";
        return _factory.InitializeAsync();
    }

    public ValueTask DisposeAsync() => _factory.DisposeAsync();

    [Fact]
    public async Task Get_WhenRecommendationsFail_Answers200WithRegionalTrendingMarkedFallback()
    {
        var member = await _factory.SignUpAsync(country: "US");
        var replica = _factory.Services.GetRequiredService<CatalogReplica>();
        var title = replica.Browse(null, "US", 18, 1, 1).Items[0];
        var grains = _factory.Services.GetRequiredService<IGrainFactory>();
        var viewer = Guid.NewGuid();
        await grains.GetGrain<IViewingHistoryGrain>(viewer).RecordAsync(new ViewingEvent(
            Guid.NewGuid(), Guid.NewGuid(), viewer, ViewingEventKind.Start, title.TitleId, Guid.NewGuid(), _factory.Clock.GetUtcNow(),
            PositionSeconds: 0, SecondsWatched: 0, Completion: 0, Device: "tv", LocalHour: 20, Country: "US", Query: null, NodeId: null), Ct);
        await Eventually.WaitAsync(_factory.Clock, () => grains.GetGrain<ITrendingGrain>("US").GetTopAsync(10, Ct),
            top => top.Any(t => t.TitleId == title.TitleId), $"{title.TitleId} trending in US");

        using var response = await member.Client.GetAsync($"/api/home?profileId={member.FirstProfileId}", Ct);
        var page = await response.Content.ReadFromJsonAsync<HomeResponse>(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var trending = Assert.Single(page!.Rows, r => r.Kind == "trending");
        Assert.True(trending.Fallback);
        Assert.Contains(trending.Items, i => i.TitleId == title.TitleId);
        Assert.All(page.Rows, r => Assert.True(r.Fallback));
    }
}
