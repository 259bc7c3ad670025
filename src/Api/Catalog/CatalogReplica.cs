using System.Collections.Concurrent;
using System.Collections.Frozen;
using Marquee.Catalog;

namespace Marquee.Api.Catalog;

/// <summary>
/// This API process's read copy of the catalogue: every title's summary (for browse rows and result cards) and the
/// Lucene index (for search), kept in step with the catalogue index grain's change feed. Browse and search read only
/// this copy, so they make no grain call per title; it follows the catalogue within one sync interval, and at once in
/// the process that made a change (the admin routes sync after writing).
/// </summary>
public sealed partial class CatalogReplica(IGrainFactory grains, ILogger<CatalogReplica> logger) : IDisposable
{
    const int PageSize = 500;
    const int MaxCachedSearches = 10_000;

    readonly SemaphoreSlim _sync = new(1, 1);
    readonly TitleSearchIndex _index = new();
    Dictionary<string, TitleSummary> _titles = new(StringComparer.Ordinal);
    Snapshot _snapshot = Snapshot.Empty;

    // Results of recent searches for the current copy; emptied whenever the copy changes. Searches repeat a lot (a
    // few queries make most of the traffic), and a repeated one then costs a dictionary lookup.
    ConcurrentDictionary<(string Text, string Country, int MaxMaturity, int Limit), IReadOnlyList<(TitleSummary Title, float Score)>> _searches = new();
    Guid _epoch = Guid.Empty;
    long _version;

    /// <summary>How many titles the copy holds.</summary>
    public int Count => Volatile.Read(ref _snapshot).ById.Count;

    /// <summary>Reads what changed since the last sync and applies it; concurrent callers share one pass.</summary>
    public async Task SyncAsync(CancellationToken ct = default)
    {
        await _sync.WaitAsync(ct);
        try
        {
            var feed = grains.Grain<ICatalogIndexGrain>(CatalogIndex.Key);
            var upserted = new Dictionary<string, TitleSummary>(StringComparer.Ordinal);
            var removed = new HashSet<string>(StringComparer.Ordinal);
            var reset = false;
            CatalogChanges page;
            do
            {
                page = await feed.GetChangesAsync(_epoch, _version, PageSize, ct);
                if (page.IsSnapshot)
                {
                    reset = true;
                    upserted.Clear();
                    removed.Clear();
                }

                foreach (var title in page.Upserted)
                {
                    upserted[title.TitleId] = title;
                    removed.Remove(title.TitleId);
                }

                foreach (var titleId in page.Removed)
                {
                    upserted.Remove(titleId);
                    removed.Add(titleId);
                }

                _epoch = page.Epoch;
                _version = page.Version;
            }
            while (page.HasMore);

            if (reset || upserted.Count > 0 || removed.Count > 0)
            {
                Apply(upserted.Values, removed, reset);
                LogSynced(logger, upserted.Count, removed.Count, reset, _titles.Count);
            }
        }
        finally
        {
            _sync.Release();
        }
    }

    /// <summary>A page of the titles the viewer may see, optionally of one genre, ordered by name.</summary>
    public (IReadOnlyList<TitleSummary> Items, int Total) Browse(string? genre, string country, int maxMaturity, int page, int pageSize)
    {
        var visible = Volatile.Read(ref _snapshot).ByName
            .Where(t => t.MaturityRating <= maxMaturity && t.IsLicensedIn(country)
                && (genre is null || t.Genres.Contains(genre, StringComparer.OrdinalIgnoreCase)))
            .ToList();
        return ([.. visible.Skip((page - 1) * pageSize).Take(pageSize)], visible.Count);
    }

    /// <summary>The best matches the viewer may see, best first, with their scores.</summary>
    public IReadOnlyList<(TitleSummary Title, float Score)> Search(string text, string country, int maxMaturity, int limit)
    {
        ArgumentNullException.ThrowIfNull(text);
        var searches = Volatile.Read(ref _searches);
        var key = (text.Trim().ToLowerInvariant(), country.ToUpperInvariant(), maxMaturity, limit);
        if (searches.TryGetValue(key, out var cached))
        {
            return cached;
        }

        var byId = Volatile.Read(ref _snapshot).ById;
        IReadOnlyList<(TitleSummary Title, float Score)> hits = [.. _index.Search(text, country, maxMaturity, limit)
            .Select(hit => (Found: byId.TryGetValue(hit.TitleId, out var title), Title: title!, hit.Score))
            .Where(hit => hit.Found)
            .Select(hit => (hit.Title, hit.Score))];
        if (searches.Count >= MaxCachedSearches)
        {
            searches.Clear();
        }

        searches[key] = hits;
        return hits;
    }

    /// <summary>The summary of a title, or null when the copy has none.</summary>
    public TitleSummary? Find(string titleId) => Volatile.Read(ref _snapshot).ById.GetValueOrDefault(titleId);

    void Apply(IEnumerable<TitleSummary> upserted, IEnumerable<string> removed, bool reset)
    {
        var titles = reset ? new Dictionary<string, TitleSummary>(StringComparer.Ordinal) : _titles;
        var changes = upserted.ToList();
        var gone = removed.ToList();
        foreach (var titleId in gone)
        {
            titles.Remove(titleId);
        }

        foreach (var title in changes)
        {
            titles[title.TitleId] = title;
        }

        _titles = titles;
        _index.Apply(changes, gone, reset);
        Volatile.Write(ref _snapshot, new Snapshot(
            titles.ToFrozenDictionary(StringComparer.Ordinal),
            [.. titles.Values.OrderBy(t => t.Name, StringComparer.OrdinalIgnoreCase).ThenBy(t => t.TitleId, StringComparer.Ordinal)]));
        // After the new copy is visible: a search racing this line may cache an old answer in the old dictionary only.
        Volatile.Write(ref _searches, new());
    }

    public void Dispose()
    {
        _index.Dispose();
        _sync.Dispose();
    }

    /// <summary>An immutable view readers take without locks; each sync publishes a new one.</summary>
    sealed record Snapshot(FrozenDictionary<string, TitleSummary> ById, TitleSummary[] ByName)
    {
        public static Snapshot Empty { get; } = new(FrozenDictionary<string, TitleSummary>.Empty, []);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Catalogue replica synced: {Upserted} changed, {Removed} removed, snapshot {Reset}; {Count} titles")]
    static partial void LogSynced(ILogger logger, int upserted, int removed, bool reset, int count);
}
