using System.Diagnostics;
using System.Globalization;
using Marquee.Grains.Recommendations;

namespace Marquee.RecEval;

/// <summary>
/// The offline protocol of the Microsoft Recommenders benchmark on MovieLens 100K: every rating an implicit
/// interaction, per-profile stratified 75/25 split with a fixed seed, top-10 excluding training titles, binary
/// relevance, metrics averaged over profiles with test titles. Our recommender and two baselines run on the same split.
/// </summary>
internal static class RecommenderEvaluation
{
    private const int K = 10;

    public static void Run(string directory, int seed, RecommenderOptions options, int knnNeighbours, double knnShrinkage)
    {
        var data = MovieLensDataset.Load(directory);
        var (train, test) = InteractionSplit.StratifiedByProfile(data.Interactions, 0.75, seed);
        Console.WriteLine(Invariant(
            $"MovieLens 100K at {directory}: {data.Interactions.Count} interactions, {data.Titles.Count} titles; per-profile stratified split 75/25, seed {seed}: {train.Count} train, {test.Count} test"));

        // CPU time is reported beside wall time: on a shared machine the wall clock also counts other work.
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var recommender = Recommender.Train(train, data.Titles, options, version: 1);
        var oursTime = clock.Elapsed;
        var oursCpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;

        clock.Restart();
        var matrix = InteractionMatrix.Build(train, data.Titles.Select(t => t.TitleId));
        var popularity = PopularityModel.Build(matrix, train);
        var popularTime = clock.Elapsed;
        clock.Restart();
        var knn = ItemItemModel.Fit(matrix, SimilarityMeasure.Cosine, knnNeighbours, knnShrinkage);
        var knnTime = clock.Elapsed + popularTime;

        var histories = train
            .GroupBy(i => i.ProfileId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<Interaction>)[.. g], StringComparer.Ordinal);
        var relevant = test
            .GroupBy(i => i.ProfileId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(i => i.TitleId).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);

        var ranked = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var candidatesOnly = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var popular = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var neighbours = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var latencies = new List<double>(relevant.Count);
        var scores = new float[matrix.ItemCount];
        foreach (var profile in relevant.Keys.Order(StringComparer.Ordinal))
        {
            var history = histories.GetValueOrDefault(profile) ?? [];
            var last = history.Count > 0 ? history.MaxBy(i => i.At)! : null;
            var context = new RecommendationContext(last?.At ?? DateTimeOffset.UnixEpoch, last?.Device, last?.LocalHour ?? -1);

            var started = Stopwatch.GetTimestamp();
            var answer = recommender.Recommend(history, context, K);
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            ranked[profile] = [.. answer.Select(r => r.TitleId)];
            candidatesOnly[profile] = [.. recommender.RecommendWithoutRanker(history, context, K).Select(r => r.TitleId)];

            var seen = history.Select(i => i.TitleId).ToHashSet(StringComparer.Ordinal);
            popular[profile] = [.. Ids(popularity.MostPopular.ToArray(), matrix).Where(id => !seen.Contains(id)).Take(K)];

            Array.Clear(scores);
            var watched = matrix.ToItemIndexes(seen);
            knn.Score(watched, scores);
            neighbours[profile] = [.. Enumerable.Range(0, scores.Length)
                .Where(i => scores[i] > 0 && !seen.Contains(matrix.ItemIds[i]))
                .OrderByDescending(i => scores[i]).ThenBy(i => i)
                .Take(K)
                .Select(i => matrix.ItemIds[i])];
        }

        Console.WriteLine();
        Console.WriteLine("| model | precision@10 | recall@10 | nDCG@10 | MAP | training |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        Row($"ours: candidate stage (EASE, lambda {options.EaseLambda})", RankingMetrics.Evaluate(candidatesOnly, relevant, K), recommender.Report.CandidateTime);
        Row("ours: candidates + ML.NET LambdaRank ranker", RankingMetrics.Evaluate(ranked, relevant, K), oursTime);
        Row("baseline: most popular", RankingMetrics.Evaluate(popular, relevant, K), popularTime);
        Row($"baseline: item-kNN (cosine, k={knnNeighbours}, shrink {knnShrinkage})", RankingMetrics.Evaluate(neighbours, relevant, K), knnTime);
        Console.WriteLine();
        Console.WriteLine("Anchors (Microsoft Recommenders benchmark, ML-100K, same protocol), nDCG@10: SAR 0.382, BPR 0.442, BiVAE 0.475");
        var report = recommender.Report;
        Console.WriteLine(Invariant(
            $"Training (ours): {oursTime.TotalSeconds:F1} s wall, {oursCpu.TotalSeconds:F1} s CPU, {Environment.ProcessorCount} cores; ranker slice and fit {report.RankerTime.TotalSeconds:F1} s ({report.RankerQueries} queries, {report.RankerExamples} candidate rows), serving candidate models {report.CandidateTime.TotalSeconds:F1} s"));
        Console.WriteLine(Invariant(
            $"Ranker validation (a fifth of the profiles held out of the ranker's training, inside the training split): nDCG@10 over candidates {report.ValidationCandidateNdcg:F4} first-stage order, {report.ValidationRankerNdcg:F4} ranker order"));
        latencies.Sort();
        Console.WriteLine(Invariant(
            $"Scoring one profile (ours, candidates + ranker, top-{K}): median {Percentile(latencies, 0.5):F2} ms, p95 {Percentile(latencies, 0.95):F2} ms over {latencies.Count} profiles"));
    }

    private static IEnumerable<string> Ids(int[] items, InteractionMatrix matrix) => items.Select(i => matrix.ItemIds[i]);

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)(p * sorted.Count))];

    private static void Row(string name, RankingQuality q, TimeSpan training) =>
        Console.WriteLine(Invariant($"| {name} | {q.Precision:F4} | {q.Recall:F4} | {q.Ndcg:F4} | {q.Map:F4} | {training.TotalSeconds:F1} s |"));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
