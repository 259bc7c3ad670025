using Marquee.Catalog;
using Marquee.Edge;
using Marquee.Grains.Tests.Edge;
using Marquee.Grains.Tests.Hosting;
using Marquee.History;
using Marquee.Playback;

namespace Marquee.Grains.Tests.Playback;

[Collection(ClusterCollection.Name)]
public sealed class PlaybackGrainTests(ClusterFixture fixture)
{
    static readonly Rendition[] Ladder =
    [
        new(640, 360, 800, "h264"),
        new(1280, 720, 3000, "h264"),
        new(1920, 1080, 6000, "h264"),
    ];

    async Task<(TestFleet Fleet, SteeringDecision Steering)> FleetAsync()
    {
        var fleet = new TestFleet(fixture);
        var near = await fleet.AddAsync("near", 0.1, 0.1);
        var next = await fleet.AddAsync("next", 1, 1);
        await fleet.AddAsync("storage", 2, 2, EdgeTier.Storage);
        await fleet.PlaceAsync(near);
        await fleet.PlaceAsync(next);
        return (fleet, await fleet.SteerAsync());
    }

    static PlaybackStart Start(Guid accountId, TestFleet fleet, SteeringDecision steering, int maxStreams = 1) =>
        new(accountId, Guid.NewGuid(), fleet.Title, PlaybackDevice.Desktop, "US", maxStreams, 1080, Ladder, 3600,
            fleet.At(0, 0), fleet.Region, steering);

    IPlaybackSessionGrain Session(Guid id) => fixture.Client.GetGrain<IPlaybackSessionGrain>(id);

    [Fact]
    public async Task StartAsync_With20ConcurrentClaims_GrantsOnlyThePlanLimit()
    {
        var (fleet, steering) = await FleetAsync();
        var accountId = Guid.NewGuid();

        var results = await Task.WhenAll(Enumerable.Range(0, 20)
            .Select(_ => Session(Guid.NewGuid()).StartAsync(Start(accountId, fleet, steering, maxStreams: 2))));

        Assert.Equal(2, results.Count(r => r.Outcome == PlaybackOutcome.Ok));
        Assert.Equal(18, results.Count(r => r.Outcome == PlaybackOutcome.StreamLimitReached));
        Assert.Equal(2, (await fixture.Client.GetGrain<IStreamSlotGrain>(accountId).GetActiveAsync()).Count);
    }

    [Fact]
    public async Task StartAsync_AfterASessionExpires_GetsItsSlot()
    {
        var (fleet, steering) = await FleetAsync();
        var accountId = Guid.NewGuid();
        var first = Guid.NewGuid();
        Assert.Equal(PlaybackOutcome.Ok, (await Session(first).StartAsync(Start(accountId, fleet, steering))).Outcome);
        Assert.Equal(PlaybackOutcome.StreamLimitReached, (await Session(Guid.NewGuid()).StartAsync(Start(accountId, fleet, steering))).Outcome);

        fixture.Clock.Advance(TimeSpan.FromSeconds(91));
        var second = await Session(Guid.NewGuid()).StartAsync(Start(accountId, fleet, steering));

        Assert.Equal(PlaybackOutcome.Ok, second.Outcome);
        Assert.Equal(PlaybackOutcome.Ended, (await Session(first).HeartbeatAsync(accountId, new PlaybackHeartbeat(10, 3000, 0, null, null))).Outcome);
    }

    [Fact]
    public async Task HeartbeatAsync_KeepsTheSessionAndItsSlot()
    {
        var (fleet, steering) = await FleetAsync();
        var accountId = Guid.NewGuid();
        var id = Guid.NewGuid();
        await Session(id).StartAsync(Start(accountId, fleet, steering));

        for (var i = 1; i <= 3; i++)
        {
            fixture.Clock.Advance(TimeSpan.FromSeconds(60));
            var beat = await Session(id).HeartbeatAsync(accountId, new PlaybackHeartbeat(i * 60, 3000, 0, null, null));
            Assert.Equal(PlaybackOutcome.Ok, beat.Outcome);
            Assert.Equal(i * 60, beat.Session!.PositionSeconds);
        }

        Assert.Equal(PlaybackOutcome.StreamLimitReached, (await Session(Guid.NewGuid()).StartAsync(Start(accountId, fleet, steering))).Outcome);
    }

    [Fact]
    public async Task HeartbeatAsync_CheckpointsProgressIntoHistory_OnlyAfterTheCheckpointDistance()
    {
        var (fleet, steering) = await FleetAsync();
        var accountId = Guid.NewGuid();
        var id = Guid.NewGuid();
        var start = Start(accountId, fleet, steering);
        await Session(id).StartAsync(start);

        fixture.Clock.Advance(TimeSpan.FromSeconds(10));
        var between = await Session(id).HeartbeatAsync(accountId, new PlaybackHeartbeat(10, 3000, 0, null, null));
        fixture.Clock.Advance(TimeSpan.FromSeconds(50));
        var checkpoint = await Session(id).HeartbeatAsync(accountId, new PlaybackHeartbeat(60, 3000, 0, null, null));

        Assert.Equal((10.0, 0.0), (between.Session!.PositionSeconds, between.Session.SavedPositionSeconds));
        Assert.Equal((60.0, 60.0), (checkpoint.Session!.PositionSeconds, checkpoint.Session.SavedPositionSeconds));
        var recent = await fixture.Client.GetGrain<IViewingHistoryGrain>(start.ProfileId).GetRecentAsync(10);
        Assert.Equal([(ViewingEventKind.Heartbeat, 60.0), (ViewingEventKind.Start, 0.0)], recent.Select(e => (e.Kind, e.PositionSeconds)));
    }

    [Fact]
    public async Task StopAsync_RecordsThePositionThatNoCheckpointHeld()
    {
        var (fleet, steering) = await FleetAsync();
        var accountId = Guid.NewGuid();
        var id = Guid.NewGuid();
        var start = Start(accountId, fleet, steering);
        await Session(id).StartAsync(start);

        fixture.Clock.Advance(TimeSpan.FromSeconds(30));
        await Session(id).HeartbeatAsync(accountId, new PlaybackHeartbeat(30, 3000, 0, null, null));
        fixture.Clock.Advance(TimeSpan.FromSeconds(15));
        await Session(id).StopAsync(accountId, 45);

        var recent = await fixture.Client.GetGrain<IViewingHistoryGrain>(start.ProfileId).GetRecentAsync(10);
        Assert.Equal([(ViewingEventKind.Stop, 45.0), (ViewingEventKind.Start, 0.0)], recent.Select(e => (e.Kind, e.PositionSeconds)));
        Assert.Equal(45, recent[0].SecondsWatched);
    }

    [Fact]
    public async Task HeartbeatAsync_RenewsTheLeaseOncePerThirdOfTheTtl_AndTheSessionEndsWithItsLease()
    {
        var (fleet, steering) = await FleetAsync();
        var accountId = Guid.NewGuid();
        var id = Guid.NewGuid();
        var started = await Session(id).StartAsync(Start(accountId, fleet, steering));
        var t0 = started.Session!.StartedAt;
        var expiries = new List<DateTimeOffset> { started.Session.ExpiresAt };

        for (var beat = 1; beat <= 3; beat++)
        {
            fixture.Clock.Advance(TimeSpan.FromSeconds(20));
            expiries.Add((await Session(id).HeartbeatAsync(accountId, new PlaybackHeartbeat(beat * 20, 3000, 0, null, null))).Session!.ExpiresAt);
        }

        // Renewed at start (0 s) and by the beat at 40 s (past a third of the 90 s TTL); the beats at 20 s and 60 s only
        // update the session. Silence from 60 s: the lease taken at 40 s runs out at 130 s, and the session with it.
        Assert.Equal([t0.AddSeconds(90), t0.AddSeconds(90), t0.AddSeconds(130), t0.AddSeconds(130)], expiries);
        fixture.Clock.Advance(TimeSpan.FromSeconds(71));
        Assert.Equal(PlaybackOutcome.Ended, (await Session(id).HeartbeatAsync(accountId, new PlaybackHeartbeat(70, 3000, 0, null, null))).Outcome);
        Assert.Equal(PlaybackOutcome.Ok, (await Session(Guid.NewGuid()).StartAsync(Start(accountId, fleet, steering))).Outcome);
    }

    [Fact]
    public async Task StopAsync_FreesTheSlot()
    {
        var (fleet, steering) = await FleetAsync();
        var accountId = Guid.NewGuid();
        var id = Guid.NewGuid();
        await Session(id).StartAsync(Start(accountId, fleet, steering));

        var stopped = await Session(id).StopAsync(accountId, 120);

        Assert.Equal(PlaybackOutcome.Ok, stopped.Outcome);
        Assert.Equal(PlaybackSessionState.Stopped, stopped.Session!.State);
        Assert.Equal(PlaybackOutcome.Ok, (await Session(Guid.NewGuid()).StartAsync(Start(accountId, fleet, steering))).Outcome);
        Assert.Equal(PlaybackOutcome.NotFound, (await Session(id).HeartbeatAsync(accountId, new PlaybackHeartbeat(130, 3000, 0, null, null))).Outcome);
    }

    [Fact]
    public async Task ResteerAsync_AvoidsTheFailedNodeAndRepointsTheManifest()
    {
        var (fleet, steering) = await FleetAsync();
        var accountId = Guid.NewGuid();
        var id = Guid.NewGuid();
        await Session(id).StartAsync(Start(accountId, fleet, steering));
        var failed = steering.Nodes[0];

        var resteered = await Session(id).ResteerAsync(accountId, failed.NodeId);
        var manifest = await Session(id).GetManifestAsync(accountId);

        Assert.Equal(PlaybackOutcome.Ok, resteered.Outcome);
        var nodes = resteered.Session!.Steering.Nodes;
        Assert.DoesNotContain(nodes, n => n.NodeId == failed.NodeId);
        Assert.Contains(resteered.Session.Steering.Skipped, s => s.NodeId == failed.NodeId);
        Assert.Contains(nodes[0].BaseUrl, manifest.Playlist, StringComparison.Ordinal);
        Assert.DoesNotContain(failed.BaseUrl, manifest.Playlist, StringComparison.Ordinal);
        var status = await fixture.Client.GetGrain<IEdgeNodeGrain>(failed.NodeId).GetStatusAsync();
        Assert.Equal(1, status!.RecentFailures);
    }

    [Fact]
    public async Task ResteerAsync_NodeNotOfTheSession_IsRefused()
    {
        var (fleet, steering) = await FleetAsync();
        var accountId = Guid.NewGuid();
        var id = Guid.NewGuid();
        await Session(id).StartAsync(Start(accountId, fleet, steering));

        var result = await Session(id).ResteerAsync(accountId, "some-other-node");

        Assert.Equal(PlaybackOutcome.UnknownNode, result.Outcome);
    }

    [Fact]
    public async Task SessionCalls_FromAnotherAccount_AreNotFound()
    {
        var (fleet, steering) = await FleetAsync();
        var id = Guid.NewGuid();
        await Session(id).StartAsync(Start(Guid.NewGuid(), fleet, steering));
        var stranger = Guid.NewGuid();

        Assert.Equal(PlaybackOutcome.NotFound, (await Session(id).GetManifestAsync(stranger)).Outcome);
        Assert.Equal(PlaybackOutcome.NotFound, (await Session(id).HeartbeatAsync(stranger, new PlaybackHeartbeat(1, 1, 0, null, null))).Outcome);
        Assert.Equal(PlaybackOutcome.NotFound, (await Session(id).ResteerAsync(stranger, steering.Nodes[0].NodeId)).Outcome);
        Assert.Equal(PlaybackOutcome.NotFound, (await Session(id).StopAsync(stranger, 1)).Outcome);
    }

    [Fact]
    public async Task GetManifestAsync_ServesTheSessionsLadderFromThePrimary()
    {
        var (fleet, steering) = await FleetAsync();
        var accountId = Guid.NewGuid();
        var id = Guid.NewGuid();
        var capped = Ladder.Where(r => r.Height <= 720).ToArray();
        await Session(id).StartAsync(Start(accountId, fleet, steering) with { Renditions = capped, MaxHeight = 720 });

        var manifest = await Session(id).GetManifestAsync(accountId);

        Assert.StartsWith("#EXTM3U\n", manifest.Playlist, StringComparison.Ordinal);
        Assert.Contains("RESOLUTION=1280x720", manifest.Playlist, StringComparison.Ordinal);
        Assert.DoesNotContain("1920x1080", manifest.Playlist, StringComparison.Ordinal);
        // Signed up to the session's cap: {base}/{expires}-{max height}-{signature}/titles/...
        Assert.Matches($"{System.Text.RegularExpressions.Regex.Escape(steering.Nodes[0].BaseUrl)}/[0-9]+-720-[A-Za-z0-9_-]+/titles/{fleet.Title}/720p/index.m3u8", manifest.Playlist);
    }

    [Fact]
    public async Task GetManifestAsync_AfterHalfATokensLife_SignsItsMediaUrlsAgain()
    {
        var (fleet, steering) = await FleetAsync();
        var accountId = Guid.NewGuid();
        var id = Guid.NewGuid();
        await Session(id).StartAsync(Start(accountId, fleet, steering));
        var first = (await Session(id).GetManifestAsync(accountId)).Playlist!;

        async Task PlayAsync(int minutes)
        {
            for (var i = 0; i < minutes; i++)
            {
                fixture.Clock.Advance(TimeSpan.FromMinutes(1));
                Assert.Equal(PlaybackOutcome.Ok, (await Session(id).HeartbeatAsync(accountId, new PlaybackHeartbeat(60.0 * i, 3000, 0, null, null))).Outcome);
            }
        }

        await PlayAsync(4); // the fixture's tokens live 10 minutes
        var early = (await Session(id).GetManifestAsync(accountId)).Playlist!;
        await PlayAsync(2);
        var later = (await Session(id).GetManifestAsync(accountId)).Playlist!;

        static long Expiry(string playlist) =>
            long.Parse(System.Text.RegularExpressions.Regex.Match(playlist, "/([0-9]+)-1080-").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(first, early);
        Assert.Equal(Expiry(first) + 360, Expiry(later));
    }

    [Fact]
    public async Task HeartbeatAsync_WithAnError_CountsAgainstTheNamedNode()
    {
        var (fleet, steering) = await FleetAsync();
        var accountId = Guid.NewGuid();
        var id = Guid.NewGuid();
        await Session(id).StartAsync(Start(accountId, fleet, steering));
        var node = steering.Nodes[0].NodeId;

        var beat = await Session(id).HeartbeatAsync(accountId, new PlaybackHeartbeat(5, 3000, 1200, node, "segment 404"));
        var unknown = await Session(id).HeartbeatAsync(accountId, new PlaybackHeartbeat(6, 3000, 0, "not-ours", "x"));

        Assert.Equal(PlaybackOutcome.Ok, beat.Outcome);
        Assert.Equal(PlaybackOutcome.UnknownNode, unknown.Outcome);
        Assert.Equal(1, (await fixture.Client.GetGrain<IEdgeNodeGrain>(node).GetStatusAsync())!.RecentFailures);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    [InlineData(6, 32)]
    [InlineData(7, 60)]
    [InlineData(50, 60)]
    public void HistoryRetry_BacksOffFromOneSecond_ToAMinute(int failures, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), Marquee.Grains.Playback.PlaybackSessionGrain.HistoryRetryDelay(failures));
}
