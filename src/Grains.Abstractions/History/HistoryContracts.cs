namespace Marquee.History;

/// <summary>What happened in one viewing or search event.</summary>
public enum ViewingEventKind
{
    /// <summary>Playback started.</summary>
    Start = 0,
    /// <summary>A periodic progress report.</summary>
    Heartbeat = 1,
    /// <summary>Playback stopped by the member.</summary>
    Stop = 2,
    /// <summary>The player reported an error against a node.</summary>
    Error = 3,
    /// <summary>The session moved to another node.</summary>
    Resteer = 4,
    /// <summary>The session expired without a stop.</summary>
    Expired = 5,
    /// <summary>The profile searched the catalogue (the query is in <see cref="ViewingEvent.Query"/>).</summary>
    Search = 6,
}

/// <summary>One event in a profile's viewing history; the history store is the truth, streams only notify.</summary>
/// <remarks>
/// <see cref="EventId"/> is unique per event so consumers can drop replays. <see cref="Sequence"/> is assigned by the
/// profile's history grain when the event is stored (1, 2, 3... per profile; 0 on an event not yet recorded): a stream
/// consumer that sees it jump re-reads the missed events with <see cref="IViewingHistoryGrain.GetSinceAsync"/>.
/// <see cref="Completion"/> is a fraction of the title's runtime (0 to 1); <see cref="LocalHour"/> is 0 to 23 on the
/// member's clock; <see cref="Country"/> is ISO 3166 alpha-2 (empty when unknown: not counted in trending).
/// </remarks>
[GenerateSerializer, Immutable, Alias("history.event")]
public sealed record ViewingEvent(
    [property: Id(0)] Guid EventId,
    [property: Id(1)] Guid AccountId,
    [property: Id(2)] Guid ProfileId,
    [property: Id(3)] ViewingEventKind Kind,
    [property: Id(4)] string? TitleId,
    [property: Id(5)] Guid? SessionId,
    [property: Id(6)] DateTimeOffset OccurredAt,
    [property: Id(7)] double PositionSeconds,
    [property: Id(8)] double SecondsWatched,
    [property: Id(9)] double Completion,
    [property: Id(10)] string Device,
    [property: Id(11)] int LocalHour,
    [property: Id(12)] string Country,
    [property: Id(13)] string? Query,
    [property: Id(14)] string? NodeId,
    [property: Id(15)] long Sequence = 0);
