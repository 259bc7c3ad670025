using System.Collections.Frozen;
using Marquee.Catalog;
using Microsoft.Extensions.Logging;

namespace Marquee.Grains.Recommendations;

/// <summary>A title as the home page needs it: its summary and its artwork variants.</summary>
public sealed record CatalogTitle(TitleSummary Summary, IReadOnlyList<ArtworkVariant> Artwork)
{
    /// <summary>True when a viewer in <paramref name="country"/> at <paramref name="maturityLevel"/> may see it.</summary>
    public bool VisibleTo(string country, int maturityLevel) =>
        Summary.MaturityRating <= maturityLevel && Summary.IsLicensedIn(country);
}

/// <summary>An immutable copy of the catalogue at one moment.</summary>
public sealed class CatalogView
{
    /// <summary>The empty catalogue.</summary>
    public static CatalogView Empty { get; } = new(FrozenDictionary<string, CatalogTitle>.Empty);

    /// <summary>Creates a view over the titles.</summary>
    public CatalogView(FrozenDictionary<string, CatalogTitle> byId)
    {
        ById = byId;
        Metadata = [.. byId.Values.Select(t => new TitleMetadata(t.Summary.TitleId, t.Summary.Genres, t.Summary.Tags, t.Summary.Cast, t.Summary.Year))];
        ByGenre = byId.Values
            .SelectMany(t => t.Summary.Genres.Select(g => (Genre: g, Title: t)))
            .GroupBy(p => p.Genre, StringComparer.OrdinalIgnoreCase)
            .ToFrozenDictionary(g => g.Key, g => (IReadOnlyList<CatalogTitle>)[.. g.Select(p => p.Title).OrderByDescending(t => t.Summary.Year).ThenBy(t => t.Summary.TitleId, StringComparer.Ordinal)],
                StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Every title by id.</summary>
    public FrozenDictionary<string, CatalogTitle> ById { get; }

    /// <summary>Titles by genre (case-insensitive), newest first.</summary>
    public FrozenDictionary<string, IReadOnlyList<CatalogTitle>> ByGenre { get; }

    /// <summary>What the recommender trains on.</summary>
    public IReadOnlyList<TitleMetadata> Metadata { get; }

    /// <summary>The title, or null when it is not in the catalogue.</summary>
    public CatalogTitle? Find(string titleId) => ById.GetValueOrDefault(titleId);

    readonly System.Collections.Concurrent.ConcurrentDictionary<(string Country, int Maturity), FrozenSet<string>> _hidden = new();

    /// <summary>Titles a viewer in the country at the maturity level may not see (computed once per pair and view).</summary>
    public FrozenSet<string> HiddenFrom(string country, int maturityLevel) =>
        _hidden.GetOrAdd((country.ToUpperInvariant(), maturityLevel), static (key, titles) =>
            titles.Values.Where(t => !t.VisibleTo(key.Country, key.Maturity)).Select(t => t.Summary.TitleId).ToFrozenSet(StringComparer.Ordinal), ById);
}

/// <summary>
/// This silo's copy of the catalogue for the recommendation grains and the trainer: title summaries from the catalogue
/// index grain's change feed, plus each changed title's artwork variants from its title grain (read once per change).
/// A request never waits on it except for the very first load.
/// </summary>
public sealed partial class TitleCatalogCache(IGrainFactory grains, TimeProvider clock, ILogger<TitleCatalogCache> logger) : IDisposable
{
    const int PageSize = 500;
    static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(30);

    readonly SemaphoreSlim _sync = new(1, 1);
    readonly Dictionary<string, CatalogTitle> _titles = new(StringComparer.Ordinal);
    CatalogView _view = CatalogView.Empty;
    Guid _epoch = Guid.Empty;
    long _version;
    long _refreshedAtTicks = long.MinValue;

    /// <summary>The latest copy (empty until the first refresh).</summary>
    public CatalogView Current => Volatile.Read(ref _view);

    /// <summary>The copy, refreshed first when it was never loaded; refreshed in the background when older than 30 s.</summary>
    public async ValueTask<CatalogView> GetAsync(CancellationToken ct = default)
    {
        var last = Interlocked.Read(ref _refreshedAtTicks);
        if (last == long.MinValue)
        {
            await RefreshAsync(ct).ConfigureAwait(false);
        }
        else if (clock.GetUtcNow().UtcTicks - last > MaxAge.Ticks && _sync.CurrentCount > 0)
        {
            _ = Task.Run(() => RefreshAsync(CancellationToken.None), CancellationToken.None);
        }

        return Current;
    }

    /// <summary>Reads what changed in the catalogue since the last refresh and applies it; concurrent callers share one pass.</summary>
    public async Task RefreshAsync(CancellationToken ct = default)
    {
        await _sync.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var feed = grains.Grain<ICatalogIndexGrain>(CatalogIndex.Key);
            var upserted = new Dictionary<string, TitleSummary>(StringComparer.Ordinal);
            var removed = new HashSet<string>(StringComparer.Ordinal);
            var reset = false;
            CatalogChanges page;
            do
            {
                page = await feed.GetChangesAsync(_epoch, _version, PageSize, ct).ConfigureAwait(false);
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
                var artwork = await ReadArtworkAsync(upserted.Values, ct).ConfigureAwait(false);
                if (reset)
                {
                    _titles.Clear();
                }

                foreach (var id in removed)
                {
                    _titles.Remove(id);
                }

                foreach (var (id, summary) in upserted)
                {
                    _titles[id] = new CatalogTitle(summary, artwork.GetValueOrDefault(id) ?? []);
                }

                Volatile.Write(ref _view, new CatalogView(_titles.ToFrozenDictionary(StringComparer.Ordinal)));
                LogRefreshed(logger, upserted.Count, removed.Count, _titles.Count);
            }

            Interlocked.Exchange(ref _refreshedAtTicks, clock.GetUtcNow().UtcTicks);
        }
        finally
        {
            _sync.Release();
        }
    }

    public void Dispose() => _sync.Dispose();

    async Task<Dictionary<string, IReadOnlyList<ArtworkVariant>>> ReadArtworkAsync(IEnumerable<TitleSummary> titles, CancellationToken ct)
    {
        var result = new Dictionary<string, IReadOnlyList<ArtworkVariant>>(StringComparer.Ordinal);
        // A bounded number of title grain reads at a time: a full reload of a large catalogue must not flood the silo.
        foreach (var chunk in titles.Chunk(32))
        {
            var details = await Task.WhenAll(chunk.Select(t => grains.Grain<ITitleGrain>(t.TitleId).GetAsync(ct))).ConfigureAwait(false);
            foreach (var info in details)
            {
                if (info is not null)
                {
                    result[info.TitleId] = info.Artwork;
                }
            }
        }

        return result;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Recommendation catalogue refreshed: {Upserted} upserted, {Removed} removed, {Total} titles")]
    static partial void LogRefreshed(ILogger logger, int upserted, int removed, int total);
}
