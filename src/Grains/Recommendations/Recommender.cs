using System.Buffers;
using System.Diagnostics;

namespace Marquee.Grains.Recommendations;

/// <summary>What one training run did and how long each stage took.</summary>
/// <param name="Version">Model version handed to <see cref="Recommender.Train"/>.</param>
/// <param name="Interactions">Interactions trained on.</param>
/// <param name="Profiles">Distinct profiles.</param>
/// <param name="Titles">Titles indexed (catalogue plus titles seen only in interactions).</param>
/// <param name="RankerQueries">Profiles whose candidates trained the ranker (0 when it was not trained).</param>
/// <param name="RankerExamples">Candidate rows the ranker was trained on.</param>
/// <param name="RankerTime">Time to build the ranker's training slice and fit it.</param>
/// <param name="CandidateTime">Time to build the serving candidate models.</param>
/// <param name="ValidationCandidateNdcg">nDCG@10 of the first-stage order on the ranker's validation queries (NaN without ranker).</param>
/// <param name="ValidationRankerNdcg">nDCG@10 of the ranker's order on the same queries (NaN without ranker).</param>
public sealed record RecommenderTrainingReport(
    int Version, int Interactions, int Profiles, int Titles, int RankerQueries, int RankerExamples,
    TimeSpan RankerTime, TimeSpan CandidateTime, double ValidationCandidateNdcg, double ValidationRankerNdcg);

/// <summary>
/// The recommender: candidates from EASE, co-occurrence neighbours, content similarity and trending, re-ordered by
/// an ML.NET LambdaRank model; popular titles in the picked genres for a profile without history; a separate
/// continue-watching row. Immutable once trained and safe to query from many threads; retraining makes a new one
/// (with a new <see cref="Version"/>).
/// </summary>
public sealed class Recommender
{
    private readonly CandidateGenerator _candidates;
    private readonly RelevanceRanker? _ranker;
    private readonly RecommenderOptions _options;

    private Recommender(CandidateGenerator candidates, RelevanceRanker? ranker, RecommenderOptions options, RecommenderTrainingReport report)
    {
        _candidates = candidates;
        _ranker = ranker;
        _options = options;
        Report = report;
    }

    /// <summary>Model version, as given at training: lets callers tell stale cached answers from fresh ones.</summary>
    public int Version => Report.Version;

    /// <summary>True when the relevance ranker was trained and re-orders the candidates.</summary>
    public bool HasRanker => _ranker is not null;

    /// <summary>What training did.</summary>
    public RecommenderTrainingReport Report { get; }

    /// <summary>The candidate stage (models and their statistics).</summary>
    public CandidateGenerator Candidates => _candidates;

    /// <summary>
    /// Trains every model. The ranker learns on a slice: each profile's interactions are split again, candidate
    /// models are fitted on the larger part and their candidates labelled by the held-out part; the serving
    /// candidate models are then refitted on everything.
    /// </summary>
    /// <param name="interactions">What profiles watched.</param>
    /// <param name="titles">The catalogue's content metadata.</param>
    /// <param name="options">Settings; defaults when null.</param>
    /// <param name="version">Version number of this model.</param>
    public static Recommender Train(
        IReadOnlyCollection<Interaction> interactions, IReadOnlyCollection<TitleMetadata> titles,
        RecommenderOptions? options = null, int version = 1)
    {
        ArgumentNullException.ThrowIfNull(interactions);
        ArgumentNullException.ThrowIfNull(titles);
        options ??= new RecommenderOptions();

        var clock = Stopwatch.StartNew();
        RelevanceRanker? ranker = null;
        var (queryCount, exampleCount, candidateNdcg, rankerNdcg) = (0, 0, double.NaN, double.NaN);
        if (options.UseRanker)
        {
            // Several re-splits of the same interactions give the ranker more (correlated) queries to learn from.
            var folds = Enumerable.Range(0, Math.Max(1, options.RankerFolds))
                .Select(f => BuildRankerQueries(interactions, titles, options, options.Seed + f))
                .ToArray();
            var profiles = folds[0].Select(q => q.Profile).Order(StringComparer.Ordinal).ToArray();
            if (profiles.Length >= options.RankerMinProfiles)
            {
                // A fifth of the profiles is kept aside to check, on training data only, what the ranker adds.
                new Random(options.Seed).Shuffle(profiles);
                var validationProfiles = profiles[..Math.Max(1, profiles.Length / 5)].ToHashSet(StringComparer.Ordinal);
                var fit = folds.SelectMany(f => f).Where(q => !validationProfiles.Contains(q.Profile)).ToArray();
                var validation = folds[0].Where(q => validationProfiles.Contains(q.Profile)).ToArray();
                var rows = new List<RankingExample>();
                for (var q = 0; q < fit.Length; q++)
                {
                    rows.AddRange(fit[q].Rows.Select(r => r with { Query = q }));
                }

                ranker = RelevanceRanker.Train(rows, options.Ranker);
                queryCount = fit.Length;
                exampleCount = rows.Count;
                candidateNdcg = validation.Average(q => NdcgAt10(q.Labels, q.CandidateScores));
                rankerNdcg = validation.Average(q => NdcgAt10(q.Labels, ranker.ScoreRows(q.Rows)));
            }
        }

        var rankerTime = clock.Elapsed;
        clock.Restart();
        var candidates = CandidateGenerator.Build(interactions, titles, options);
        var report = new RecommenderTrainingReport(
            version, interactions.Count, candidates.Matrix.UserCount, candidates.Matrix.ItemCount,
            queryCount, exampleCount, rankerTime, clock.Elapsed, candidateNdcg, rankerNdcg);
        return new Recommender(candidates, ranker, options, report);
    }

    /// <summary>
    /// The top <paramref name="k"/> titles for a profile, never one it watched nor one in <paramref name="exclude"/>
    /// (e.g. titles not licensed in its country or above its maturity rating).
    /// </summary>
    /// <param name="history">The profile's interactions (its profile id is not used).</param>
    /// <param name="context">When, where, on what; picked genres for cold start.</param>
    /// <param name="k">How many titles.</param>
    /// <param name="exclude">Title ids never to return.</param>
    public IReadOnlyList<RecommendedTitle> Recommend(
        IReadOnlyList<Interaction> history, RecommendationContext context, int k, IReadOnlySet<string>? exclude = null) =>
        RecommendCore(history, context, k, exclude, useRanker: true);

    /// <summary>Same as <see cref="Recommend"/> in first-stage order (no ranker): for evaluation and as a fallback.</summary>
    public IReadOnlyList<RecommendedTitle> RecommendWithoutRanker(
        IReadOnlyList<Interaction> history, RecommendationContext context, int k, IReadOnlySet<string>? exclude = null) =>
        RecommendCore(history, context, k, exclude, useRanker: false);

    /// <summary>Titles the profile started and did not finish, most recently watched first.</summary>
    public IReadOnlyList<RecommendedTitle> ContinueWatching(IReadOnlyList<Interaction> history, int k)
    {
        ArgumentNullException.ThrowIfNull(history);
        return history
            .GroupBy(i => i.TitleId, StringComparer.Ordinal)
            .Select(g => g.MaxBy(i => i.At)!)
            .Where(i => i.Completion >= _options.ContinueWatchingFrom && i.Completion < _options.ContinueWatchingUntil)
            .OrderByDescending(i => i.At)
            .ThenBy(i => i.TitleId, StringComparer.Ordinal)
            .Take(k)
            .Select(i => new RecommendedTitle(i.TitleId, i.Completion, CandidateSources.ContinueWatching))
            .ToArray();
    }

    /// <summary>Titles most watched by the audience of <paramref name="titleId"/> ("because you watched").</summary>
    public IReadOnlyList<RecommendedTitle> SimilarTitles(string titleId, int k)
    {
        if (!_candidates.Matrix.TryGetItem(titleId, out var item))
        {
            return [];
        }

        var neighbours = _candidates.Neighbours.NeighboursOf(item);
        var sims = _candidates.Neighbours.SimilaritiesOf(item);
        var result = new List<RecommendedTitle>(Math.Min(k, neighbours.Length));
        for (var n = 0; n < neighbours.Length && result.Count < k; n++)
        {
            result.Add(new RecommendedTitle(_candidates.Matrix.ItemIds[neighbours[n]], sims[n], CandidateSources.Neighbours));
        }

        return result;
    }

    private RecommendedTitle[] RecommendCore(
        IReadOnlyList<Interaction> history, RecommendationContext context, int k, IReadOnlySet<string>? exclude, bool useRanker)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(context);
        if (k <= 0)
        {
            return [];
        }

        var matrix = _candidates.Matrix;
        var n = matrix.ItemCount;
        var blockedBuffer = ArrayPool<bool>.Shared.Rent(n);
        try
        {
            var blocked = blockedBuffer.AsSpan(0, n);
            blocked.Clear();
            var watched = matrix.ToItemIndexes(history.Select(i => i.TitleId));
            foreach (var item in watched)
            {
                blocked[item] = true;
            }

            if (exclude is not null)
            {
                foreach (var id in exclude)
                {
                    if (matrix.TryGetItem(id, out var item))
                    {
                        blocked[item] = true;
                    }
                }
            }

            if (watched.Length == 0)
            {
                return ColdStart(blocked, context, k);
            }

            var candidates = _candidates.Generate(watched, blocked, context);
            var scores = new float[candidates.Count];
            if (useRanker && _ranker is not null)
            {
                _ranker.Score(candidates.Features, scores);
            }
            else
            {
                candidates.Scores.CopyTo(scores);
            }

            var items = candidates.Items.ToArray();
            var order = Enumerable.Range(0, items.Length).ToArray();
            Array.Sort(order, (a, b) => scores[b] != scores[a] ? scores[b].CompareTo(scores[a]) : items[a].CompareTo(items[b]));
            var result = new RecommendedTitle[Math.Min(k, order.Length)];
            for (var r = 0; r < result.Length; r++)
            {
                var c = order[r];
                result[r] = new RecommendedTitle(matrix.ItemIds[items[c]], scores[c], candidates.Sources[c]);
            }

            return result;
        }
        finally
        {
            ArrayPool<bool>.Shared.Return(blockedBuffer);
        }
    }

    /// <summary>
    /// No history: the most popular titles, lifted by what is trending, in the genres the profile picked first;
    /// other popular titles fill the list if the picked genres run short.
    /// </summary>
    private RecommendedTitle[] ColdStart(ReadOnlySpan<bool> blocked, RecommendationContext context, int k)
    {
        var matrix = _candidates.Matrix;
        var n = matrix.ItemCount;
        var trend = new float[n];
        _candidates.Popularity.TrendingCounts(context.Now, _options.TrendingWindow, trend);
        var picked = context.PickedGenres ?? [];
        var scored = new List<(int Item, float Score, bool InGenres)>(n);
        for (var i = 0; i < n; i++)
        {
            if (blocked[i])
            {
                continue;
            }

            var score = MathF.Log(1 + _candidates.Popularity.Popularity(i)) + MathF.Log(1 + trend[i]);
            scored.Add((i, score, picked.Count > 0 && _candidates.Content.HasAnyGenre(i, picked)));
        }

        return scored
            .OrderByDescending(s => s.InGenres)
            .ThenByDescending(s => s.Score)
            .ThenBy(s => s.Item)
            .Take(k)
            .Select(s => new RecommendedTitle(
                matrix.ItemIds[s.Item], s.Score, trend[s.Item] > 0 ? CandidateSources.Popular | CandidateSources.Trending : CandidateSources.Popular))
            .ToArray();
    }

    /// <summary>nDCG@10 of one query's candidates ordered by <paramref name="scores"/>, against the candidates' labels.</summary>
    private static double NdcgAt10(float[] labels, float[] scores)
    {
        var order = Enumerable.Range(0, labels.Length).OrderByDescending(c => scores[c]).ThenBy(c => c).Take(10).ToArray();
        var dcg = order.Select((c, r) => labels[c] / Math.Log2(r + 2)).Sum();
        var idcg = labels.OrderDescending().Take(10).Select((l, r) => l / Math.Log2(r + 2)).Sum();
        return idcg > 0 ? dcg / idcg : 0;
    }

    /// <summary>
    /// The ranker's training queries: each profile's interactions are split again (hold-out share from the options),
    /// candidate models are fitted on the larger part, and each profile's candidates are labelled 1 when the profile
    /// watched them in its held-out part. Queries come back in a seeded random order.
    /// </summary>
    private static RankerQuery[] BuildRankerQueries(
        IReadOnlyCollection<Interaction> interactions, IReadOnlyCollection<TitleMetadata> titles, RecommenderOptions options, int seed)
    {
        var (fit, holdout) = InteractionSplit.StratifiedByProfile(interactions, 1 - options.RankerHoldout, seed);
        var generator = CandidateGenerator.Build(fit, titles, options);
        var matrix = generator.Matrix;
        var heldOut = holdout
            .GroupBy(i => i.ProfileId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => matrix.ToItemIndexes(g.Select(i => i.TitleId)).ToHashSet(), StringComparer.Ordinal);
        var lastSeen = fit
            .GroupBy(i => i.ProfileId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.MaxBy(i => i.At)!, StringComparer.Ordinal);

        var profiles = heldOut.Keys
            .Where(p => heldOut[p].Count > 0 && matrix.TryGetUser(p, out _))
            .Order(StringComparer.Ordinal)
            .ToArray();
        new Random(seed).Shuffle(profiles);
        if (profiles.Length > options.RankerMaxProfiles)
        {
            profiles = profiles[..options.RankerMaxProfiles];
        }

        var queries = new RankerQuery?[profiles.Length];
        Parallel.For(0, profiles.Length, q =>
        {
            var profile = profiles[q];
            matrix.TryGetUser(profile, out var user);
            var history = matrix.ItemsOf(user);
            var blocked = new bool[matrix.ItemCount];
            foreach (var item in history)
            {
                blocked[item] = true;
            }

            var last = lastSeen[profile];
            var candidates = generator.Generate(history, blocked, new RecommendationContext(last.At, last.Device, last.LocalHour));
            var truth = heldOut[profile];
            var rows = new RankingExample[candidates.Count];
            var labels = new float[candidates.Count];
            for (var c = 0; c < candidates.Count; c++)
            {
                labels[c] = truth.Contains(candidates.Items[c]) ? 1f : 0f;
                rows[c] = new RankingExample(q, labels[c], candidates.Features.Slice(c * RankingFeatures.Count, RankingFeatures.Count).ToArray());
            }

            // A query without a relevant candidate has no pair to order: it teaches LambdaRank nothing.
            queries[q] = labels.Any(l => l > 0) ? new RankerQuery(profile, rows, labels, candidates.Scores.ToArray()) : null;
        });

        return [.. queries.OfType<RankerQuery>()];
    }

    private sealed record RankerQuery(string Profile, RankingExample[] Rows, float[] Labels, float[] CandidateScores);
}
