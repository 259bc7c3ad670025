using System.Net;
using System.Net.Http.Json;
using Marquee.Api.Catalog;
using Marquee.Api.Recommendations;
using Marquee.Api.Tests.Accounts;
using Marquee.Api.Tests.Hosting;
using Marquee.Grains.History;
using Marquee.Grains.Recommendations;
using Marquee.History;
using Marquee.Recommendations;
using Microsoft.Extensions.DependencyInjection;

namespace Marquee.Api.Tests.Recommendations;

/// <summary>The home page, search and history while the viewing-history store is down (PostgreSQL unreachable): its own host.</summary>
public sealed class HistoryStoreOutageTests : IAsyncLifetime
{
    readonly ApiFactory _factory = new();
    readonly OutageEventStore _store = new();

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        _factory.TestServices = services => services.AddSingleton<IViewingEventStore>(_store);
        return _factory.InitializeAsync();
    }

    public ValueTask DisposeAsync() => _factory.DisposeAsync();

    [Fact]
    public async Task Get_WhileTheHistoryStoreIsDown_Answers200WithTheGrainsPicks_WithoutContinueWatching()
    {
        var member = await _factory.SignUpAsync(country: "US");
        var title = _factory.Services.GetRequiredService<CatalogReplica>().Browse(null, "US", 18, 1, 1).Items[0].TitleId;
        var grains = _factory.Services.GetRequiredService<IGrainFactory>();
        // Someone else's play, before the outage, so the country has something trending.
        var viewer = Guid.NewGuid();
        await grains.GetGrain<IViewingHistoryGrain>(viewer).RecordAsync(new ViewingEvent(
            Guid.NewGuid(), Guid.NewGuid(), viewer, ViewingEventKind.Start, title, Guid.NewGuid(), _factory.Clock.GetUtcNow(),
            PositionSeconds: 0, SecondsWatched: 0, Completion: 0, Device: "tv", LocalHour: 20, Country: "US", Query: null, NodeId: null), Ct);
        await Eventually.WaitAsync(_factory.Clock, () => grains.GetGrain<ITrendingGrain>("US").GetTopAsync(10, Ct),
            top => top.Any(t => t.TitleId == title), $"{title} trending in US");
        _store.Down = true;

        using var response = await member.Client.GetAsync($"/api/home?profileId={member.FirstProfileId}", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = (await response.Content.ReadFromJsonAsync<HomeResponse>(Ct))!;
        // Built by the recommendation grain (the API's fallback marks its rows), minus what needs the history.
        // A new profile's picks are what its country watches.
        Assert.Contains(page.Rows.SelectMany(r => r.Items), i => i.TitleId == title);
        Assert.All(page.Rows, r => Assert.False(r.Fallback));
        Assert.DoesNotContain(page.Rows, r => r.Kind == HomeRowKinds.ContinueWatching);
        Assert.True(_store.Refused > 0, "the history store was asked and refused");
    }

    [Fact]
    public async Task Get_ForAProfileWhoseHistoryWasUnreadable_ShowsContinueWatchingOnceTheStoreIsBack()
    {
        var member = await _factory.SignUpAsync(country: "US");
        var profileId = member.FirstProfileId;
        var grains = _factory.Services.GetRequiredService<IGrainFactory>();
        // The recommendation grain starts during the outage, without the profile's past.
        _store.Down = true;
        await grains.GetGrain<IRecommendationGrain>(profileId).GetFeedStatsAsync(Ct);
        _store.Down = false;
        var title = _factory.Services.GetRequiredService<CatalogReplica>().Browse(null, "US", 18, 1, 1).Items[0].TitleId;

        await grains.GetGrain<IViewingHistoryGrain>(profileId).RecordAsync(new ViewingEvent(
            Guid.NewGuid(), member.Account.AccountId, profileId, ViewingEventKind.Stop, title, Guid.NewGuid(), _factory.Clock.GetUtcNow(),
            PositionSeconds: 600, SecondsWatched: 600, Completion: 0.3, Device: "tv", LocalHour: 20, Country: "US", Query: null, NodeId: null), Ct);
        using var response = await member.Client.GetAsync($"/api/home?profileId={profileId}", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = (await response.Content.ReadFromJsonAsync<HomeResponse>(Ct))!;
        var resume = Assert.Single(page.Rows, r => r.Kind == HomeRowKinds.ContinueWatching);
        Assert.Equal(title, Assert.Single(resume.Items).TitleId);
    }

    [Fact]
    public async Task Search_WhileTheHistoryStoreIsDown_StillAnswersItsResults()
    {
        var member = await _factory.SignUpAsync(country: "US");
        var name = _factory.Services.GetRequiredService<CatalogReplica>().Browse(null, "US", 18, 1, 1).Items[0].Name;
        _store.Down = true;

        using var response = await member.Client.GetAsync(
            $"/api/search?q={Uri.EscapeDataString(name)}&profileId={member.FirstProfileId}", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var results = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(Ct);
        Assert.Contains(name, results.GetRawText(), StringComparison.Ordinal);
        Assert.True(_store.Refused > 0, "the search was offered to the history store, which refused it");
    }

    [Fact]
    public async Task History_WhileItsStoreIsDown_Is503ProblemDetailsWithRetryAfter()
    {
        var member = await _factory.SignUpAsync(country: "US");
        _store.Down = true;

        using var response = await member.Client.GetAsync($"/api/me/profiles/{member.FirstProfileId}/history", Ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(response.Headers.RetryAfter);
        var problem = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(Ct);
        Assert.Equal("history", problem.GetProperty("dependency").GetString());
    }

    [Fact]
    public async Task Stop_WhileTheHistoryStoreIsDown_IsAccepted202NotClaimedStored_AndStoredOnceTheStoreIsBack()
    {
        var services = _factory.Services;
        await Playback.PlaybackSetup.RefreshFleetAsync(services);
        using var member = await Playback.PlaybackSetup.MemberAsync(services, _factory.CreateClientFor);
        var title = await Playback.PlaybackSetup.TitleAsync(services);
        using var started = await member.Client.PostAsJsonAsync("/api/playback", Playback.PlaybackSetup.Play(member.ProfileId, title), Ct);
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        var sessionId = (await started.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(Ct)).GetProperty("sessionId").GetGuid();
        _store.Down = true;

        using var stopped = await member.Client.PostAsJsonAsync($"/api/playback/{sessionId}/stop", new { positionSeconds = 1234.5 }, Ct);

        // Not 204: that would claim a position that only the session's memory holds.
        Assert.Equal(HttpStatusCode.Accepted, stopped.StatusCode);
        var accepted = await stopped.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(Ct);
        Assert.Equal(sessionId, accepted.GetProperty("sessionId").GetGuid());
        Assert.Equal(1234.5, accepted.GetProperty("positionSeconds").GetDouble());
        Assert.Equal(0, accepted.GetProperty("savedPositionSeconds").GetDouble());
        Assert.DoesNotContain(await _store.StoredAsync(member.ProfileId), e => e.Kind == ViewingEventKind.Stop);
        _store.Down = false;
        // The session offers the stop again (backoff from 1 s) on its own: nothing here records it.
        var stored = await Eventually.WaitAsync(_factory.Clock, () => _store.StoredAsync(member.ProfileId),
            events => events.Any(e => e.Kind == ViewingEventKind.Stop), $"the stop of session {sessionId} in the history store");
        var stop = Assert.Single(stored, e => e.Kind == ViewingEventKind.Stop);
        Assert.Equal(sessionId, stop.SessionId);
        Assert.Equal(1234.5, stop.PositionSeconds);
    }

    /// <summary>The embedded store, with a switch that makes every call fail as an unreachable database does.</summary>
    sealed class OutageEventStore : IViewingEventStore
    {
        readonly MemoryViewingEventStore _inner = new();
        int _refused;

        public volatile bool Down;

        public int Refused => Volatile.Read(ref _refused);

        public Task<IReadOnlyList<bool>> AppendAsync(IReadOnlyList<ViewingEvent> events, CancellationToken ct = default) =>
            Down ? Refuse<IReadOnlyList<bool>>() : _inner.AppendAsync(events, ct);

        public Task<IReadOnlyList<ViewingEvent>> ReadNewestAsync(Guid profileId, int skip, int take, CancellationToken ct = default) =>
            Check() ?? _inner.ReadNewestAsync(profileId, skip, take, ct);

        public Task<IReadOnlyList<ViewingEvent>> ReadSinceAsync(Guid profileId, long afterSequence, int take, CancellationToken ct = default) =>
            Check() ?? _inner.ReadSinceAsync(profileId, afterSequence, take, ct);

        public Task<IReadOnlyList<ViewingEvent>> ReadLatestPerTitleAsync(Guid profileId, int maxTitles, CancellationToken ct = default) =>
            Check() ?? _inner.ReadLatestPerTitleAsync(profileId, maxTitles, ct);

        public Task<long> GetLastSequenceAsync(Guid profileId, CancellationToken ct = default) =>
            Down ? Refuse<long>() : _inner.GetLastSequenceAsync(profileId, ct);

        Task<IReadOnlyList<ViewingEvent>>? Check() => Down ? Refuse<IReadOnlyList<ViewingEvent>>() : null;

        /// <summary>What the store holds for a profile, read past the switch.</summary>
        public Task<IReadOnlyList<ViewingEvent>> StoredAsync(Guid profileId) => _inner.ReadNewestAsync(profileId, 0, 100);

        Task<T> Refuse<T>()
        {
            Interlocked.Increment(ref _refused);
            return Task.FromException<T>(new Npgsql.NpgsqlException("Failed to connect to 127.0.0.1:5432"));
        }
    }
}
