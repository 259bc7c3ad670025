using Orleans.Concurrency;

namespace Marquee.History;

/// <summary>
/// One profile's viewing and search history, keyed by the profile id. Every event is durable in the history store
/// before a record call returns, then published on the profile's stream (<c>Events</c> / <c>viewing</c>).
/// </summary>
/// <remarks>Reads are <see cref="ReadOnlyAttribute"/>: they interleave with each other, never with a record.</remarks>
[Alias("history.viewing-history-grain")]
public interface IViewingHistoryGrain : IGrainWithGuidKey
{
    /// <summary>Stores one event (idempotent on its event id) and returns once it is durable; then notifies the stream.</summary>
    /// <exception cref="ArgumentException">The event is malformed or belongs to another profile.</exception>
    [Alias("record")] Task<RecordOutcome> RecordAsync(ViewingEvent viewingEvent, CancellationToken ct = default);

    /// <summary>Stores several events with one durable write; outcomes come back in the order of the input.</summary>
    /// <exception cref="ArgumentException">An event is malformed or belongs to another profile (nothing is stored).</exception>
    [Alias("record-batch")] Task<IReadOnlyList<RecordOutcome>> RecordBatchAsync(IReadOnlyList<ViewingEvent> events, CancellationToken ct = default);

    /// <summary>One page of the history, newest first (by when it happened); pages count from 1.</summary>
    [ReadOnly, Alias("get-page")] Task<HistoryPage> GetPageAsync(int page, int pageSize, CancellationToken ct = default);

    /// <summary>Titles started and not finished, with where to resume, most recently watched first.</summary>
    [ReadOnly, Alias("get-continue-watching")] Task<IReadOnlyList<ContinueWatchingItem>> GetContinueWatchingAsync(int limit = 20, CancellationToken ct = default);

    /// <summary>The most recent events, newest first: the signal recommendations rank on.</summary>
    [ReadOnly, Alias("get-recent")] Task<IReadOnlyList<ViewingEvent>> GetRecentAsync(int limit = 50, CancellationToken ct = default);

    /// <summary>Events with a sequence number above <paramref name="afterSequence"/>, oldest first: how a stream consumer fills a gap.</summary>
    [ReadOnly, Alias("get-since")] Task<IReadOnlyList<ViewingEvent>> GetSinceAsync(long afterSequence, int limit = 500, CancellationToken ct = default);
}

/// <summary>What became of one recorded event.</summary>
/// <param name="EventId">The event's id.</param>
/// <param name="Stored">True when this call stored it; false when it was a replay of an event already stored.</param>
/// <param name="Sequence">The event's per-profile sequence number; 0 for a replay whose original is no longer in the grain's recent window.</param>
[GenerateSerializer, Immutable, Alias("history.record-outcome")]
public sealed record RecordOutcome(
    [property: Id(0)] Guid EventId,
    [property: Id(1)] bool Stored,
    [property: Id(2)] long Sequence);

/// <summary>One page of a profile's history, newest first.</summary>
[GenerateSerializer, Immutable, Alias("history.page")]
public sealed record HistoryPage(
    [property: Id(0)] IReadOnlyList<ViewingEvent> Items,
    [property: Id(1)] int Page,
    [property: Id(2)] int PageSize,
    [property: Id(3)] bool HasMore);

/// <summary>A title the profile started and has not finished, and where to resume it.</summary>
[GenerateSerializer, Immutable, Alias("history.continue-watching")]
public sealed record ContinueWatchingItem(
    [property: Id(0)] string TitleId,
    [property: Id(1)] double PositionSeconds,
    [property: Id(2)] double Completion,
    [property: Id(3)] DateTimeOffset LastWatchedAt,
    [property: Id(4)] string Device);
