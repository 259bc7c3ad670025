using Marquee.History;
using Marquee.Recommendations;

namespace Marquee.Grains.Recommendations;

/// <summary>Row kinds of the home page.</summary>
public static class HomeRowKinds
{
    /// <summary>Titles started and not finished.</summary>
    public const string ContinueWatching = "continue-watching";
    /// <summary>The model's picks for the profile (popular titles in the picked genres before there is a model or history).</summary>
    public const string TopPicks = "top-picks";
    /// <summary>Titles like one the profile watched.</summary>
    public const string BecauseYouWatched = "because-you-watched";
    /// <summary>What is being watched in the profile's country.</summary>
    public const string Trending = "trending";
    /// <summary>Titles of one genre the profile likes.</summary>
    public const string Genre = "genre";
}

/// <summary>Everything one home page is computed from.</summary>
/// <param name="Catalog">The catalogue copy.</param>
/// <param name="Model">The trained model for the profile's cohort; null before the first training (cold start).</param>
/// <param name="History">The profile's latest interaction per title (as the recommendation grain's stream delivered them).</param>
/// <param name="Trending">Trending titles of the profile's country, best first.</param>
/// <param name="Request">Who asks and what they may see.</param>
/// <param name="Now">The time of the request.</param>
/// <param name="ContinueWatching">
/// Titles started and not finished, most recently watched first, read from the profile's viewing history when the page
/// is made: a play the member just stopped is there although the stream may not have delivered it yet.
/// </param>
public sealed record HomeInputs(
    CatalogView Catalog,
    Recommender? Model,
    IReadOnlyList<Interaction> History,
    IReadOnlyList<TrendingTitle> Trending,
    HomeRequest Request,
    DateTimeOffset Now,
    IReadOnlyList<ContinueWatchingItem> ContinueWatching);

/// <summary>
/// Assembles the home page rows (without artwork, which the artwork grain picks): continue watching, top picks,
/// because you watched, trending in the country, genre rows. Every title is visible to the viewer (country, maturity);
/// a title appears in at most <see cref="RecommendationServiceOptions.MaxRowsPerTitle"/> rows. Pure: no grain, no clock.
/// </summary>
public sealed class HomeRowsBuilder(RecommendationServiceOptions options)
{
    /// <summary>Completion from which a title counts as started (the recommender's continue-watching lower bound).</summary>
    public const double StartedFrom = 0.05;

    /// <summary>Completion from which a title counts as finished (the history part's threshold).</summary>
    public const double FinishedFrom = 0.93;

    /// <summary>The rows, best first.</summary>
    public IReadOnlyList<HomeRow> Build(HomeInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var request = inputs.Request;
        var catalog = inputs.Catalog;
        var hidden = catalog.HiddenFrom(request.Country, request.MaturityLevel);
        var watched = inputs.History.Select(i => i.TitleId).ToHashSet(StringComparer.Ordinal);
        var uses = new Dictionary<string, int>(StringComparer.Ordinal);
        var rows = new List<HomeRow>();
        var size = options.RowSize;

        bool Visible(string titleId) => !hidden.Contains(titleId) && catalog.ById.ContainsKey(titleId);

        void Add(string name, string kind, IEnumerable<(string TitleId, double? Progress)> candidates, int minimum)
        {
            var items = new List<HomeItem>(size);
            foreach (var (titleId, progress) in candidates)
            {
                if (items.Count == size)
                {
                    break;
                }

                if (!Visible(titleId) || uses.GetValueOrDefault(titleId) >= options.MaxRowsPerTitle || items.Any(i => i.TitleId == titleId))
                {
                    continue;
                }

                var summary = catalog.ById[titleId].Summary;
                items.Add(new HomeItem(titleId, summary.Name, summary.Year, summary.Genres, summary.MaturityRating, null, summary.ArtworkUrl, progress));
            }

            if (items.Count >= minimum)
            {
                foreach (var item in items)
                {
                    uses[item.TitleId] = uses.GetValueOrDefault(item.TitleId) + 1;
                }

                rows.Add(new HomeRow(name, kind, items));
            }
        }

        var recent = inputs.History.OrderByDescending(i => i.At).ThenBy(i => i.TitleId, StringComparer.Ordinal).ToList();

        // 1. Continue watching: started, not finished, most recent first (the history's own order).
        Add("Continue Watching", HomeRowKinds.ContinueWatching,
            inputs.ContinueWatching.Where(i => i.Completion >= StartedFrom && i.Completion < FinishedFrom).Select(i => (i.TitleId, (double?)i.Completion)),
            minimum: 1);

        // 2. Top picks: the model (cold start inside it when the profile has no history), or, before any model,
        //    the titles of the picked genres that trend in the country, then the newest of those genres.
        var trendingIds = inputs.Trending.Select(t => t.TitleId).ToList();
        if (inputs.Model is { } model)
        {
            var context = new RecommendationContext(inputs.Now, request.Device, request.LocalHour, request.FavouriteGenres);
            var picks = model.Recommend(inputs.History, context, size * 2, hidden);
            Add("Top Picks for You", HomeRowKinds.TopPicks, picks.Select(p => (p.TitleId, (double?)null)), minimum: 1);
        }
        else
        {
            var genres = request.FavouriteGenres.ToHashSet(StringComparer.OrdinalIgnoreCase);
            var inGenres = trendingIds.Where(id => catalog.Find(id) is { } t && t.Summary.Genres.Any(genres.Contains))
                .Concat(request.FavouriteGenres.SelectMany(g => catalog.ByGenre.GetValueOrDefault(g) ?? []).Select(t => t.Summary.TitleId))
                .Concat(trendingIds)
                .Where(id => !watched.Contains(id));
            Add("Top Picks for You", HomeRowKinds.TopPicks, inGenres.Select(id => (id, (double?)null)), minimum: 1);
        }

        // 3. Because you watched: the most recently watched titles' neighbours (the model's co-occurrence), or titles
        //    sharing their genres before there is a model.
        foreach (var seed in recent.DistinctBy(i => i.TitleId).Take(options.BecauseYouWatchedRows))
        {
            if (catalog.Find(seed.TitleId) is not { } title)
            {
                continue;
            }

            var similar = SimilarTo(inputs.Model, catalog, title, size * 3).Where(id => !watched.Contains(id));
            Add($"Because You Watched {title.Summary.Name}", HomeRowKinds.BecauseYouWatched, similar.Select(id => (id, (double?)null)), minimum: 3);
        }

        // 4. Trending in the viewer's country.
        Add($"Trending in {request.Country.ToUpperInvariant()}", HomeRowKinds.Trending, trendingIds.Select(id => (id, (double?)null)), minimum: 3);

        // 5. Genre rows: the genres the profile watches most, then the ones it picked; most popular first.
        foreach (var genre in TopGenres(catalog, recent, request.FavouriteGenres).Take(options.GenreRows))
        {
            var titles = (catalog.ByGenre.GetValueOrDefault(genre) ?? [])
                .Where(t => !watched.Contains(t.Summary.TitleId))
                .OrderByDescending(t => Popularity(inputs.Model, t.Summary.TitleId))
                .Select(t => (t.Summary.TitleId, (double?)null));
            Add(genre, HomeRowKinds.Genre, titles, minimum: 3);
        }

        return rows;
    }

    /// <summary>The taste segment of a profile for artwork statistics: its most watched genre, else its first picked genre.</summary>
    public static string Segment(CatalogView catalog, IReadOnlyList<Interaction> history, IReadOnlyList<string> favouriteGenres)
    {
        ArgumentNullException.ThrowIfNull(favouriteGenres);
        var genre = TopGenres(catalog, history, favouriteGenres).FirstOrDefault();
        return genre is null ? "all" : $"genre:{genre.ToLowerInvariant()}";
    }

    static IEnumerable<string> TopGenres(CatalogView catalog, IEnumerable<Interaction> history, IReadOnlyList<string> favourites) =>
        history
            .SelectMany(i => catalog.Find(i.TitleId)?.Summary.Genres ?? [])
            .GroupBy(g => g, StringComparer.OrdinalIgnoreCase)
            .OrderByDescending(g => g.Count())
            .ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.Key)
            .Concat(favourites)
            .Where(catalog.ByGenre.ContainsKey)
            .Distinct(StringComparer.OrdinalIgnoreCase);

    static IEnumerable<string> SimilarTo(Recommender? model, CatalogView catalog, CatalogTitle title, int k)
    {
        var fromModel = model?.SimilarTitles(title.Summary.TitleId, k).Select(t => t.TitleId).ToList() ?? [];
        if (fromModel.Count > 0)
        {
            return fromModel;
        }

        // No model, or a title nobody else watched yet: genre overlap (Jaccard), newest first on ties.
        var genres = title.Summary.Genres.ToHashSet(StringComparer.OrdinalIgnoreCase);
        return title.Summary.Genres
            .SelectMany(g => catalog.ByGenre.GetValueOrDefault(g) ?? [])
            .Where(t => t.Summary.TitleId != title.Summary.TitleId)
            .DistinctBy(t => t.Summary.TitleId)
            .Select(t => (t, Score: Jaccard(genres, t.Summary.Genres)))
            .OrderByDescending(p => p.Score)
            .ThenByDescending(p => p.t.Summary.Year)
            .ThenBy(p => p.t.Summary.TitleId, StringComparer.Ordinal)
            .Take(k)
            .Select(p => p.t.Summary.TitleId);
    }

    static double Jaccard(HashSet<string> a, IReadOnlyList<string> b)
    {
        var common = b.Count(a.Contains);
        return (double)common / (a.Count + b.Count - common);
    }

    static int Popularity(Recommender? model, string titleId) =>
        model is not null && model.Candidates.Matrix.TryGetItem(titleId, out var item) ? model.Candidates.Popularity.Popularity(item) : 0;
}
