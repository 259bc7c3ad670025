using Marquee.History;

namespace Marquee.Grains.Playback;

/// <summary>Where playback hands its lifecycle events (viewing history, per profile).</summary>
public interface IViewingEventSink
{
    /// <summary>Records one event; failures are the caller's to log (history being down must not stop playback).</summary>
    Task RecordAsync(ViewingEvent viewingEvent, CancellationToken ct = default);
}
