using System.Globalization;
using Marquee.Grains.Recommendations;
using Marquee.RecEval;

// Offline evaluation of the recommender and the artwork bandit. Usage:
//   dotnet run -c Release --project tools/RecEval -- --movielens ../shared/datasets/ml-100k [--seed 42] [--lambda 400]
//       [--no-ranker] [--folds 2]
//       [--trees 150] [--leaves 16] [--min-leaf 50] [--learning-rate 0.05] [--ease-candidates 100]
//       [--knn-k 100] [--knn-shrink 10] [--bandit-only] [--bandit-events 1000000]
var arguments = args.ToList();
string? Option(string name)
{
    var at = arguments.IndexOf(name);
    return at >= 0 && at + 1 < arguments.Count ? arguments[at + 1] : null;
}

var seed = int.Parse(Option("--seed") ?? "42", CultureInfo.InvariantCulture);
var options = new RecommenderOptions
{
    EaseLambda = double.Parse(Option("--lambda") ?? "400", CultureInfo.InvariantCulture),
    UseRanker = !arguments.Contains("--no-ranker"),
    Seed = seed,
    Ranker = new RelevanceRankerOptions(
        Trees: int.Parse(Option("--trees") ?? "150", CultureInfo.InvariantCulture),
        Leaves: int.Parse(Option("--leaves") ?? "16", CultureInfo.InvariantCulture),
        MinExamplesPerLeaf: int.Parse(Option("--min-leaf") ?? "50", CultureInfo.InvariantCulture),
        LearningRate: double.Parse(Option("--learning-rate") ?? "0.05", CultureInfo.InvariantCulture),
        Seed: seed),
    RankerFolds = int.Parse(Option("--folds") ?? "2", CultureInfo.InvariantCulture),
    CollaborativeCandidates = int.Parse(Option("--ease-candidates") ?? "100", CultureInfo.InvariantCulture),
};
var knnNeighbours = int.Parse(Option("--knn-k") ?? "100", CultureInfo.InvariantCulture);
var knnShrinkage = double.Parse(Option("--knn-shrink") ?? "10", CultureInfo.InvariantCulture);

if (arguments.Contains("--profile"))
{
    var d = MovieLensDataset.Load(Option("--movielens")!);
    var (tr, _) = InteractionSplit.StratifiedByProfile(d.Interactions, 0.75, 42);
    var sw = System.Diagnostics.Stopwatch.StartNew();
    var m = InteractionMatrix.Build(tr, d.Titles.Select(t => t.TitleId)); Console.WriteLine($"matrix {sw.ElapsedMilliseconds}"); sw.Restart();
    var e = EaseModel.Fit(m, 400, 4000); Console.WriteLine($"ease {sw.ElapsedMilliseconds}"); sw.Restart();
    var k = ItemItemModel.Fit(m); Console.WriteLine($"knn {sw.ElapsedMilliseconds}"); sw.Restart();
    var c = ContentSimilarity.Build(m.ItemIds, d.Titles); Console.WriteLine($"content {sw.ElapsedMilliseconds}"); sw.Restart();
    var p = PopularityModel.Build(m, tr); Console.WriteLine($"pop {sw.ElapsedMilliseconds}"); sw.Restart();
    return 0;
}
if (!arguments.Contains("--bandit-only"))
{
    var movieLens = Option("--movielens");
    if (movieLens is null)
    {
        Console.Error.WriteLine("RecEval: pass --movielens <folder of MovieLens 100K> (u.data, u.item), or --bandit-only.");
        return 2;
    }

    if (!Directory.Exists(movieLens))
    {
        Console.Error.WriteLine($"RecEval: {Path.GetFullPath(movieLens)} does not exist; point --movielens at the ml-100k folder.");
        return 2;
    }

    RecommenderEvaluation.Run(movieLens, seed, options, knnNeighbours, knnShrinkage);
    Console.WriteLine();
}

BanditEvaluation.Run(seed, int.Parse(Option("--bandit-events") ?? "1000000", CultureInfo.InvariantCulture));
return 0;
