using Marquee.History;

namespace Marquee.Grains.Playback;

/// <summary>Hands playback events to the profile's viewing history, which stores them durably before it answers.</summary>
public sealed class HistoryViewingEventSink(IGrainFactory grains) : IViewingEventSink
{
    public Task RecordAsync(ViewingEvent viewingEvent, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(viewingEvent);
        return grains.Grain<IViewingHistoryGrain>(viewingEvent.ProfileId).RecordAsync(viewingEvent, ct);
    }
}
