using Marquee.Grains.Playback;
using Marquee.History;

namespace Marquee.Bench.Memory;

/// <summary>
/// Counts and drops the sessions' viewing events. In a silo they go to each profile's viewing-history grain (and from
/// there to PostgreSQL, the recommendation grain and trending); here they are dropped so the session figure is the
/// session's own footprint, not that of the history and recommendation grains its events would wake up.
/// </summary>
internal sealed class DiscardingViewingEventSink : IViewingEventSink
{
    long _events;

    public long Events => Interlocked.Read(ref _events);

    public Task RecordAsync(ViewingEvent viewingEvent, CancellationToken ct = default)
    {
        Interlocked.Increment(ref _events);
        return Task.CompletedTask;
    }
}
