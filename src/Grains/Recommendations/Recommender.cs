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
public sealed record RecommenderTrainingReport(
    int Version, int Interactions, int Profiles, int Titles, int RankerQueries, int RankerExamples,
    TimeSpan RankerTime, TimeSpan CandidateTime);

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
        var (queries, examples) = (0, 0);
        if (options.UseRanker)
        {
            var training = BuildRankerTrainingSet(interactions, titles, options);
            queries = training.Select(e => e.Query).Distinct().Count();
            examples = training.Count;
            if (queries >= options.RankerMinProfiles)
            {
                ranker = RelevanceRanker.Train(training, options.Ranker);
            }
        }

        var rankerTime = clock.Elapsed;
        clock.Restart();
        var candidates = CandidateGenerator.Build(interactions, titles, options);
        var report = new RecommenderTrainingReport(
            version, interactions.Count, candidates.Matrix.UserCount, candidates.Matrix.ItemCount,
            ranker is null ? 0 : queries, ranker is null ? 0 : examples, rankerTime, clock.Elapsed);
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

    private static List<RankingExample> BuildRankerTrainingSet(
        IReadOnlyCollection<Interaction> interactions, IReadOnlyCollection<TitleMetadata> titles, RecommenderOptions options)
    {
        var (fit, holdout) = InteractionSplit.StratifiedByProfile(interactions, 1 - options.RankerHoldout, options.Seed);
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
        if (profiles.Length > options.RankerMaxProfiles)
        {
            var sample = new Random(options.Seed);
            sample.Shuffle(profiles);
            profiles = profiles[..options.RankerMaxProfiles];
        }

        var perProfile = new List<RankingExample>[profiles.Length];
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
            var context = new RecommendationContext(last.At, last.Device, last.LocalHour);
            var candidates = generator.Generate(history, blocked, context);
            var truth = heldOut[profile];
            var rows = new List<RankingExample>(candidates.Count);
            var positives = 0;
            for (var c = 0; c < candidates.Count; c++)
            {
                var label = truth.Contains(candidates.Items[c]) ? 1f : 0f;
                positives += (int)label;
                rows.Add(new RankingExample(q, label, candidates.Features.Slice(c * RankingFeatures.Count, RankingFeatures.Count).ToArray()));
            }

            // A query without a relevant candidate has no pair to order: it teaches LambdaRank nothing.
            perProfile[q] = positives > 0 ? rows : [];
        });

        return [.. perProfile.SelectMany(r => r)];
    }
}
