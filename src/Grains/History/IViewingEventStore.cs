using Marquee.History;

namespace Marquee.Grains.History;

/// <summary>
/// The truth of viewing history: an append-only log of events per profile. PostgreSQL in cluster mode
/// (<see cref="PostgresViewingEventStore"/>), memory in embedded mode (<see cref="MemoryViewingEventStore"/>).
/// </summary>
public interface IViewingEventStore
{
    /// <summary>
    /// Appends events and completes only once they are durable. For each event, in input order: true when it was
    /// stored now, false when an event with its id was already stored (the store is idempotent on event id).
    /// </summary>
    Task<IReadOnlyList<bool>> AppendAsync(IReadOnlyList<ViewingEvent> events, CancellationToken ct = default);

    /// <summary>Events of a profile newest first (by occurred-at, then sequence), skipping <paramref name="skip"/>.</summary>
    Task<IReadOnlyList<ViewingEvent>> ReadNewestAsync(Guid profileId, int skip, int take, CancellationToken ct = default);

    /// <summary>Events of a profile with a sequence above <paramref name="afterSequence"/>, oldest first.</summary>
    Task<IReadOnlyList<ViewingEvent>> ReadSinceAsync(Guid profileId, long afterSequence, int take, CancellationToken ct = default);

    /// <summary>The latest playback event of each of the profile's most recently watched titles (searches excluded).</summary>
    Task<IReadOnlyList<ViewingEvent>> ReadLatestPerTitleAsync(Guid profileId, int maxTitles, CancellationToken ct = default);

    /// <summary>The highest sequence number stored for the profile; 0 when it has no events.</summary>
    Task<long> GetLastSequenceAsync(Guid profileId, CancellationToken ct = default);
}

/// <summary>Which events carry playback progress of a title (searches and errors do not).</summary>
public static class ViewingEventKinds
{
    /// <summary>True for the kinds that say where the profile is in a title.</summary>
    public static bool CarriesProgress(ViewingEventKind kind) => kind is ViewingEventKind.Start or ViewingEventKind.Heartbeat
        or ViewingEventKind.Stop or ViewingEventKind.Resteer or ViewingEventKind.Expired;

    /// <summary>The history order: newest first by when it happened, then by sequence.</summary>
    public static int NewestFirst(ViewingEvent a, ViewingEvent b)
    {
        var byTime = b.OccurredAt.CompareTo(a.OccurredAt);
        return byTime != 0 ? byTime : b.Sequence.CompareTo(a.Sequence);
    }
}
