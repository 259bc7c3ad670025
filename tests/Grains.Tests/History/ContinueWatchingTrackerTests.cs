using Marquee.Grains.History;
using Marquee.History;

namespace Marquee.Grains.Tests.History;

public sealed class ContinueWatchingTrackerTests
{
    static readonly DateTimeOffset T0 = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
    readonly Guid _profile = Guid.NewGuid();

    [Fact]
    public void Items_ListStartedNotFinished_MostRecentFirst_WithResumePosition()
    {
        var tracker = new ContinueWatchingTracker(maxTitles: 10, finishedCompletion: 0.93);
        tracker.Apply(Events.Playback(_profile, ViewingEventKind.Stop, "a", T0, position: 1200, completion: 0.4));
        tracker.Apply(Events.Playback(_profile, ViewingEventKind.Stop, "b", T0.AddMinutes(5), position: 5000, completion: 0.97));
        tracker.Apply(Events.Playback(_profile, ViewingEventKind.Heartbeat, "c", T0.AddMinutes(10), position: 300, completion: 0.1));

        var items = tracker.Items(10);

        Assert.Equal(["c", "a"], items.Select(i => i.TitleId));
        Assert.Equal(1200, items[1].PositionSeconds);
    }

    [Fact]
    public void Apply_OlderEventOfATitle_DoesNotMoveItsPositionBack()
    {
        var tracker = new ContinueWatchingTracker(10, 0.93);
        tracker.Apply(Events.Playback(_profile, ViewingEventKind.Heartbeat, "a", T0.AddMinutes(10), position: 600, completion: 0.2));
        tracker.Apply(Events.Playback(_profile, ViewingEventKind.Heartbeat, "a", T0, position: 60, completion: 0.02));

        Assert.Equal(600, Assert.Single(tracker.Items(10)).PositionSeconds);
    }

    [Fact]
    public void Apply_SearchesAndErrors_AreNotProgress()
    {
        var tracker = new ContinueWatchingTracker(10, 0.93);
        tracker.Apply(Events.Search(_profile, "space", T0));
        tracker.Apply(Events.Playback(_profile, ViewingEventKind.Error, "a", T0, position: 60, completion: 0.02));

        Assert.Empty(tracker.Items(10));
    }

    [Fact]
    public void Apply_PastMaxTitles_ForgetsTheLeastRecentlyWatched()
    {
        var tracker = new ContinueWatchingTracker(maxTitles: 2, finishedCompletion: 0.93);
        tracker.Apply(Events.Playback(_profile, ViewingEventKind.Stop, "a", T0, 10, 0.1));
        tracker.Apply(Events.Playback(_profile, ViewingEventKind.Stop, "b", T0.AddMinutes(1), 10, 0.1));
        tracker.Apply(Events.Playback(_profile, ViewingEventKind.Stop, "c", T0.AddMinutes(2), 10, 0.1));

        Assert.Equal(["c", "b"], tracker.Items(10).Select(i => i.TitleId));
    }
}
