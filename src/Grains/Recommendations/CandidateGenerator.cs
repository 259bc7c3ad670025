using System.Buffers;

namespace Marquee.Grains.Recommendations;

/// <summary>Names and order of the features the relevance ranker sees for each candidate.</summary>
public static class RankingFeatures
{
    /// <summary>Feature names, in vector order.</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        "ease-gap",             // EASE score minus the 10th best candidate's, over the best candidate's
        "ease-relative",        // EASE score over the best candidate's
        "ease-rank",            // log(1 + rank by EASE), capped at the EASE candidate count
        "neighbours-relative",  // co-occurrence score over the best candidate's
        "neighbours-rank",      // log(1 + rank by co-occurrence), capped
        "content",              // cosine of the title's genres/tags/cast to the profile's
        "popularity",           // log share of profiles that watched it
        "trending",             // log share of the interactions in the trending window before the request
        "activity",             // share of profiles with a shorter history
        "profile-popularity",   // mean popularity of what the profile watched (mainstream or niche taste)
        "year-gap",             // title's year minus the mean year of the profile's titles (0 when unknown)
        "hour-fit",             // lift of the title's audience at the request's time of day
        "device-fit",           // lift of the title's audience on the request's device
        "sources",              // how many generators proposed it
        "freshness",            // log(1 + days since the title's first interaction), −1 when none before the request
    ];

    /// <summary>Length of a feature vector.</summary>
    public static int Count => Names.Count;
}

/// <summary>The candidates of one request: titles, who proposed them, their first-stage score and their features.</summary>
public sealed class CandidateList
{
    private readonly int[] _items;
    private readonly CandidateSources[] _sources;
    private readonly float[] _scores;
    private readonly float[] _features;

    internal CandidateList(int[] items, CandidateSources[] sources, float[] scores, float[] features)
    {
        _items = items;
        _sources = sources;
        _scores = scores;
        _features = features;
    }

    /// <summary>Number of candidates.</summary>
    public int Count => _items.Length;

    /// <summary>Dense title indexes.</summary>
    public ReadOnlySpan<int> Items => _items;

    /// <summary>Generators that proposed each candidate.</summary>
    public ReadOnlySpan<CandidateSources> Sources => _sources;

    /// <summary>First-stage score (EASE, then co-occurrence as tie-break): the order without the ranker.</summary>
    public ReadOnlySpan<float> Scores => _scores;

    /// <summary>Feature rows, <see cref="RankingFeatures.Count"/> per candidate.</summary>
    public ReadOnlySpan<float> Features => _features;
}

/// <summary>
/// The candidate stage: owns the interaction matrix and the models built from it (EASE, co-occurrence neighbours,
/// content similarity, popularity/trending) and, for one profile, proposes the union of each generator's best
/// unseen titles with the features the ranker needs.
/// </summary>
public sealed class CandidateGenerator
{
    private readonly RecommenderOptions _options;

    private CandidateGenerator(
        RecommenderOptions options, InteractionMatrix matrix, EaseModel ease, ItemItemModel neighbours,
        ContentSimilarity content, PopularityModel popularity)
    {
        _options = options;
        Matrix = matrix;
        Ease = ease;
        Neighbours = neighbours;
        Content = content;
        Popularity = popularity;
    }

    /// <summary>The interactions, indexed.</summary>
    public InteractionMatrix Matrix { get; }

    /// <summary>The collaborative item-item regression.</summary>
    public EaseModel Ease { get; }

    /// <summary>The co-occurrence neighbours.</summary>
    public ItemItemModel Neighbours { get; }

    /// <summary>Content similarity.</summary>
    public ContentSimilarity Content { get; }

    /// <summary>Popularity, trending and context statistics.</summary>
    public PopularityModel Popularity { get; }

    /// <summary>Builds every candidate model from the interactions and the catalogue.</summary>
    public static CandidateGenerator Build(
        IReadOnlyCollection<Interaction> interactions, IReadOnlyCollection<TitleMetadata> titles, RecommenderOptions options)
    {
        ArgumentNullException.ThrowIfNull(interactions);
        ArgumentNullException.ThrowIfNull(titles);
        ArgumentNullException.ThrowIfNull(options);
        var matrix = InteractionMatrix.Build(interactions, titles.Select(t => t.TitleId));
        var ease = EaseModel.Fit(matrix, options.EaseLambda, options.MaxEaseTitles);
        var neighbours = ItemItemModel.Fit(matrix, options.NeighbourMeasure, options.Neighbours, options.NeighbourShrinkage);
        var content = ContentSimilarity.Build(matrix.ItemIds, titles);
        var popularity = PopularityModel.Build(matrix, interactions);
        return new CandidateGenerator(options, matrix, ease, neighbours, content, popularity);
    }

    /// <summary>Proposes candidates for a profile that watched <paramref name="history"/>; <paramref name="blocked"/> are never proposed.</summary>
    /// <param name="history">Dense indexes of the titles the profile watched.</param>
    /// <param name="blocked">Per title, true when it must not be proposed (seen or excluded); length <see cref="InteractionMatrix.ItemCount"/>.</param>
    /// <param name="context">The request's context.</param>
    public CandidateList Generate(ReadOnlySpan<int> history, ReadOnlySpan<bool> blocked, RecommendationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var n = Matrix.ItemCount;
        var pool = ArrayPool<float>.Shared;
        var ease = pool.Rent(n);
        var neighbours = pool.Rent(n);
        var content = pool.Rent(n);
        var trend = pool.Rent(n);
        try
        {
            var easeSpan = ease.AsSpan(0, n);
            var neighbourSpan = neighbours.AsSpan(0, n);
            var contentSpan = content.AsSpan(0, n);
            var trendSpan = trend.AsSpan(0, n);
            easeSpan.Clear();
            neighbourSpan.Clear();
            contentSpan.Clear();
            Ease.Score(history, easeSpan);
            Neighbours.Score(history, neighbourSpan);
            Content.Score(history, contentSpan);
            Popularity.TrendingCounts(context.Now, _options.TrendingWindow, trendSpan);

            var proposed = new Dictionary<int, CandidateSources>();
            var easeTop = Top(easeSpan, blocked, _options.CollaborativeCandidates, i => Ease.Covers(i));
            var neighbourTop = Top(neighbourSpan, blocked, _options.NeighbourCandidates, i => neighbours[i] > 0f);
            Propose(proposed, easeTop, CandidateSources.Collaborative);
            Propose(proposed, neighbourTop, CandidateSources.Neighbours);
            Propose(proposed, Top(contentSpan, blocked, _options.ContentCandidates, i => content[i] > 0f), CandidateSources.Content);
            Propose(proposed, Top(trendSpan, blocked, _options.TrendingCandidates, i => trend[i] > 0f), CandidateSources.Trending);

            var easeRank = RankOf(easeTop);
            var neighbourRank = RankOf(neighbourTop);
            var maxEase = easeTop.Length > 0 ? Math.Max(ease[easeTop[0]], 1e-6f) : 1f;
            var maxNeighbour = neighbourTop.Length > 0 ? Math.Max(neighbours[neighbourTop[0]], 1e-6f) : 1f;
            var trendTotal = 0f;
            foreach (var t in trendSpan)
            {
                trendTotal += t;
            }

            var (profilePopularity, meanYear) = ProfileStatistics(history);
            var activity = Popularity.ActivityPercentile(history.Length);
            var tenthEase = easeTop.Length > 0 ? ease[easeTop[Math.Min(9, easeTop.Length - 1)]] : 0f;
            var featureCount = RankingFeatures.Count;
            var items = proposed.Keys.Order().ToArray();
            var sources = new CandidateSources[items.Length];
            var scores = new float[items.Length];
            var features = new float[items.Length * featureCount];
            for (var c = 0; c < items.Length; c++)
            {
                var i = items[c];
                sources[c] = proposed[i];
                scores[c] = ease[i] + (1e-3f * neighbours[i] / maxNeighbour);
                var row = features.AsSpan(c * featureCount, featureCount);
                var year = Content.YearOf(i);
                row[0] = (ease[i] - tenthEase) / maxEase;
                row[1] = ease[i] / maxEase;
                row[2] = MathF.Log(1 + easeRank.GetValueOrDefault(i, _options.CollaborativeCandidates));
                row[3] = neighbours[i] / maxNeighbour;
                row[4] = MathF.Log(1 + neighbourRank.GetValueOrDefault(i, _options.NeighbourCandidates));
                row[5] = content[i];
                row[6] = Popularity.LogShare(i);
                row[7] = MathF.Log((trend[i] + 1f) / (trendTotal + 1f));
                row[8] = activity;
                row[9] = profilePopularity;
                row[10] = year > 0 && meanYear > 0 ? year - meanYear : 0f;
                row[11] = Popularity.HourFit(i, context.LocalHour);
                row[12] = Popularity.DeviceFit(i, context.Device);
                row[13] = System.Numerics.BitOperations.PopCount((uint)sources[c]);
                var days = Popularity.DaysSinceFirstSeen(i, context.Now);
                row[14] = days < 0 ? -1f : MathF.Log(1 + days);
            }

            return new CandidateList(items, sources, scores, features);
        }
        finally
        {
            pool.Return(ease);
            pool.Return(neighbours);
            pool.Return(content);
            pool.Return(trend);
        }
    }

    /// <summary>Indexes of the <paramref name="k"/> highest scores among eligible, unblocked titles, best first.</summary>
    internal static int[] Top(ReadOnlySpan<float> scores, ReadOnlySpan<bool> blocked, int k, Func<int, bool> eligible)
    {
        if (k <= 0)
        {
            return [];
        }

        // A min-heap of the best k so far: O(n log k).
        var heap = new PriorityQueue<int, (float Score, int NegIndex)>(k + 1);
        for (var i = 0; i < scores.Length; i++)
        {
            if ((i < blocked.Length && blocked[i]) || !eligible(i))
            {
                continue;
            }

            var key = (scores[i], -i);
            if (heap.Count < k)
            {
                heap.Enqueue(i, key);
            }
            else if (heap.TryPeek(out _, out var worst) && key.CompareTo(worst) > 0)
            {
                heap.DequeueEnqueue(i, key);
            }
        }

        var result = new int[heap.Count];
        for (var r = result.Length - 1; r >= 0; r--)
        {
            result[r] = heap.Dequeue();
        }

        return result;
    }

    private static void Propose(Dictionary<int, CandidateSources> proposed, int[] items, CandidateSources source)
    {
        foreach (var item in items)
        {
            proposed[item] = proposed.GetValueOrDefault(item) | source;
        }
    }

    private static Dictionary<int, int> RankOf(int[] ranked)
    {
        var ranks = new Dictionary<int, int>(ranked.Length);
        for (var r = 0; r < ranked.Length; r++)
        {
            ranks[ranked[r]] = r;
        }

        return ranks;
    }

    private (float Popularity, float Year) ProfileStatistics(ReadOnlySpan<int> history)
    {
        if (history.IsEmpty)
        {
            return (0f, 0f);
        }

        float popularity = 0, years = 0;
        var dated = 0;
        foreach (var item in history)
        {
            popularity += Popularity.LogShare(item);
            var year = Content.YearOf(item);
            if (year > 0)
            {
                years += year;
                dated++;
            }
        }

        return (popularity / history.Length, dated > 0 ? years / dated : 0f);
    }
}
