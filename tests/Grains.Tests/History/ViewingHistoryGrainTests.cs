using Marquee.Grains.Tests.Hosting;
using Marquee.History;

namespace Marquee.Grains.Tests.History;

[Collection(ClusterCollection.Name)]
public sealed class ViewingHistoryGrainTests(ClusterFixture fixture)
{
    readonly Guid _profile = Guid.NewGuid();

    IViewingHistoryGrain History => fixture.Client.GetGrain<IViewingHistoryGrain>(_profile);

    DateTimeOffset Now => fixture.Clock.GetUtcNow();

    [Fact]
    public async Task RecordAsync_SameEventTwice_StoresItOnce()
    {
        var e = Events.Start(_profile, Events.NewTitle(), Now);

        var first = await History.RecordAsync(e);
        var replay = await History.RecordAsync(e);

        Assert.True(first.Stored);
        Assert.False(replay.Stored);
        Assert.Equal(first.Sequence, replay.Sequence);
        Assert.Single((await History.GetPageAsync(1, 10)).Items);
    }

    [Fact]
    public async Task RecordBatchAsync_NumbersEventsInOrder_AndDropsCopiesWithinTheCall()
    {
        var a = Events.Start(_profile, Events.NewTitle(), Now);
        var b = Events.Search(_profile, "space", Now);

        var outcomes = await History.RecordBatchAsync([a, b, a]);

        Assert.Equal([1L, 2L, 1L], outcomes.Select(o => o.Sequence));
        Assert.Equal([true, true, false], outcomes.Select(o => o.Stored));
    }

    [Fact]
    public async Task RecordAsync_EventOfAnotherProfile_IsRefused()
    {
        var e = Events.Start(Guid.NewGuid(), Events.NewTitle(), Now);

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => History.RecordAsync(e));

        Assert.Contains("ProfileId", ex.Message, StringComparison.Ordinal);
        Assert.Empty((await History.GetPageAsync(1, 10)).Items);
    }

    [Fact]
    public async Task GetPageAsync_PagesNewestFirst_ByWhenItHappened()
    {
        // Recorded out of order: the page order follows when each happened.
        var minutes = new[] { 3, 0, 4, 1, 2 };
        foreach (var m in minutes)
        {
            await History.RecordAsync(Events.Start(_profile, $"t{m}", Now.AddMinutes(m)));
        }

        var first = await History.GetPageAsync(1, 2);
        var last = await History.GetPageAsync(3, 2);

        Assert.Equal(["t4", "t3"], first.Items.Select(e => e.TitleId));
        Assert.True(first.HasMore);
        Assert.Equal(["t0"], last.Items.Select(e => e.TitleId));
        Assert.False(last.HasMore);
    }

    [Fact]
    public async Task GetContinueWatchingAsync_ListsStartedNotFinishedTitles_WithResumePosition()
    {
        var (paused, finished, justStarted) = (Events.NewTitle(), Events.NewTitle(), Events.NewTitle());
        await History.RecordBatchAsync(
        [
            Events.Start(_profile, paused, Now),
            Events.Playback(_profile, ViewingEventKind.Stop, paused, Now.AddMinutes(20), position: 1200, completion: 0.4),
            Events.Start(_profile, finished, Now.AddMinutes(30)),
            Events.Playback(_profile, ViewingEventKind.Stop, finished, Now.AddMinutes(120), position: 5600, completion: 0.98),
            Events.Playback(_profile, ViewingEventKind.Heartbeat, justStarted, Now.AddMinutes(130), position: 60, completion: 0.01),
            Events.Search(_profile, "space", Now.AddMinutes(131)),
        ]);

        var items = await History.GetContinueWatchingAsync();

        Assert.Equal([justStarted, paused], items.Select(i => i.TitleId));
        Assert.Equal(1200, items[1].PositionSeconds);
        Assert.Equal(0.4, items[1].Completion);
    }

    [Fact]
    public async Task Activation_AfterDeactivation_RebuildsFromTheStore()
    {
        var title = Events.NewTitle();
        await History.RecordAsync(Events.Playback(_profile, ViewingEventKind.Stop, title, Now, position: 900, completion: 0.3));
        var replayed = Events.Search(_profile, "space", Now.AddMinutes(1));
        await History.RecordAsync(replayed);

        await fixture.Cluster.DeactivateAsync(History);

        Assert.Equal(900, Assert.Single(await History.GetContinueWatchingAsync()).PositionSeconds);
        Assert.False((await History.RecordAsync(replayed)).Stored);
        Assert.Equal(3, (await History.RecordAsync(Events.Search(_profile, "after", Now.AddMinutes(2)))).Sequence);
    }

    [Fact]
    public async Task GetSinceAsync_ReturnsEventsAfterASequence_OldestFirst()
    {
        await History.RecordBatchAsync([.. Enumerable.Range(0, 4).Select(i => Events.Start(_profile, $"t{i}", Now.AddMinutes(i)))]);

        var since = await History.GetSinceAsync(2);

        Assert.Equal([3L, 4L], since.Select(e => e.Sequence));
    }

    [Fact]
    public async Task GetRecentAsync_ReturnsNewestFirst()
    {
        await History.RecordBatchAsync([.. Enumerable.Range(0, 5).Select(i => Events.Start(_profile, $"t{i}", Now.AddMinutes(i)))]);

        var recent = await History.GetRecentAsync(3);

        Assert.Equal(["t4", "t3", "t2"], recent.Select(e => e.TitleId));
    }
}
