using Marquee.History;
using Microsoft.Extensions.Logging;

namespace Marquee.Grains.Playback;

/// <summary>Hands playback events to viewing history.</summary>
public sealed partial class HistoryViewingEventSink(ILogger<HistoryViewingEventSink> logger) : IViewingEventSink
{
    public Task RecordAsync(ViewingEvent viewingEvent, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(viewingEvent);
        LogEvent(logger, viewingEvent.SessionId, viewingEvent.Kind, viewingEvent.PositionSeconds);
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Session {SessionId}: {Kind} at {Position}s")]
    static partial void LogEvent(ILogger logger, Guid? sessionId, ViewingEventKind kind, double position);
}
