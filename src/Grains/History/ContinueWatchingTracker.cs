using Marquee.History;

namespace Marquee.Grains.History;

/// <summary>
/// Where a profile is in each of its most recently watched titles, and so what it may continue watching: titles
/// started and not finished (completion below <paramref name="finishedCompletion"/>), most recent first.
/// Bounded to <paramref name="maxTitles"/> titles; the least recently watched one is forgotten first.
/// </summary>
public sealed class ContinueWatchingTracker(int maxTitles, double finishedCompletion)
{
    readonly Dictionary<string, ContinueWatchingItem> _byTitle = new(StringComparer.Ordinal);

    /// <summary>Takes a stored event into account; an event older than what is known of its title changes nothing.</summary>
    public void Apply(ViewingEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (e.TitleId is null || !ViewingEventKinds.CarriesProgress(e.Kind))
        {
            return;
        }

        if (_byTitle.TryGetValue(e.TitleId, out var known) && known.LastWatchedAt > e.OccurredAt)
        {
            return;
        }

        _byTitle[e.TitleId] = new ContinueWatchingItem(e.TitleId, e.PositionSeconds, e.Completion, e.OccurredAt, e.Device);
        if (_byTitle.Count > maxTitles)
        {
            var oldest = _byTitle.Values.MinBy(i => i.LastWatchedAt)!;
            _byTitle.Remove(oldest.TitleId);
        }
    }

    /// <summary>Titles to continue, most recently watched first.</summary>
    public IReadOnlyList<ContinueWatchingItem> Items(int limit) =>
    [
        .. _byTitle.Values
            .Where(i => i.Completion < finishedCompletion)
            .OrderByDescending(i => i.LastWatchedAt)
            .ThenBy(i => i.TitleId, StringComparer.Ordinal)
            .Take(limit),
    ];
}
