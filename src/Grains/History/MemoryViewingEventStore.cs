using Marquee.History;

namespace Marquee.Grains.History;

/// <summary>
/// The embedded-mode history store: every event in process memory, lost on restart (as is the rest of embedded
/// state). Thread-safe; idempotent on event id across all profiles, as the PostgreSQL store is.
/// </summary>
public sealed class MemoryViewingEventStore : IViewingEventStore
{
    readonly Lock _gate = new();
    readonly HashSet<Guid> _ids = [];
    readonly Dictionary<Guid, List<ViewingEvent>> _byProfile = [];

    public Task<IReadOnlyList<bool>> AppendAsync(IReadOnlyList<ViewingEvent> events, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        var stored = new bool[events.Count];
        lock (_gate)
        {
            for (var i = 0; i < events.Count; i++)
            {
                var e = events[i];
                if (!_ids.Add(e.EventId))
                {
                    continue;
                }

                if (!_byProfile.TryGetValue(e.ProfileId, out var log))
                {
                    _byProfile[e.ProfileId] = log = [];
                }

                log.Add(e);
                stored[i] = true;
            }
        }

        return Task.FromResult<IReadOnlyList<bool>>(stored);
    }

    public Task<IReadOnlyList<ViewingEvent>> ReadNewestAsync(Guid profileId, int skip, int take, CancellationToken ct = default) =>
        Read(profileId, log => [.. log.Order(Comparer<ViewingEvent>.Create(ViewingEventKinds.NewestFirst)).Skip(skip).Take(take)]);

    public Task<IReadOnlyList<ViewingEvent>> ReadSinceAsync(Guid profileId, long afterSequence, int take, CancellationToken ct = default) =>
        Read(profileId, log => [.. log.Where(e => e.Sequence > afterSequence).OrderBy(e => e.Sequence).Take(take)]);

    public Task<IReadOnlyList<ViewingEvent>> ReadLatestPerTitleAsync(Guid profileId, int maxTitles, CancellationToken ct = default) =>
        Read(profileId, log =>
        [
            .. log.Where(e => e.TitleId is not null && ViewingEventKinds.CarriesProgress(e.Kind))
                .GroupBy(e => e.TitleId)
                .Select(g => g.Order(Comparer<ViewingEvent>.Create(ViewingEventKinds.NewestFirst)).First())
                .Order(Comparer<ViewingEvent>.Create(ViewingEventKinds.NewestFirst))
                .Take(maxTitles),
        ]);

    public Task<long> GetLastSequenceAsync(Guid profileId, CancellationToken ct = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_byProfile.TryGetValue(profileId, out var log) && log.Count > 0 ? log.Max(e => e.Sequence) : 0L);
        }
    }

    Task<IReadOnlyList<ViewingEvent>> Read(Guid profileId, Func<List<ViewingEvent>, IReadOnlyList<ViewingEvent>> query)
    {
        lock (_gate)
        {
            return Task.FromResult(_byProfile.TryGetValue(profileId, out var log) ? query(log) : []);
        }
    }
}
