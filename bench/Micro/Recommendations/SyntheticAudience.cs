using System.Collections.Frozen;
using Marquee.Catalog;
using Marquee.Grains.Recommendations;
using Marquee.History;

namespace Marquee.Micro.Recommendations;

/// <summary>
/// A seeded catalogue and audience of realistic shape for the recommender benchmarks: 1,000 titles in 16 genres with
/// Zipf popularity, 2,000 profiles of ~50 watched titles each (about 100,000 interactions, MovieLens 100K's scale),
/// each profile leaning to two genres. Trained once per process: the model is immutable and shared, as in a silo.
/// </summary>
public sealed class SyntheticAudience
{
    public const int TitleCount = 1_000;
    public const int ProfileCount = 2_000;
    public const int WatchedPerProfile = 50;

    public static readonly DateTimeOffset Now = new(2026, 11, 26, 20, 0, 0, TimeSpan.Zero);

    static readonly string[] Genres =
    [
        "Action", "Adventure", "Animation", "Comedy", "Crime", "Documentary", "Drama", "Fantasy",
        "Horror", "Romance", "Sci-Fi", "Thriller", "Family", "Mystery", "War", "Western",
    ];

    static readonly string[] Devices = ["tv", "mobile", "web"];
    static readonly Lazy<SyntheticAudience> Shared = new(() => new SyntheticAudience(seed: 42));

    /// <summary>The process-wide instance (training takes seconds; every benchmark class reuses it).</summary>
    public static SyntheticAudience Instance => Shared.Value;

    SyntheticAudience(int seed)
    {
        var random = new Random(seed);
        var titles = new List<CatalogTitle>(TitleCount);
        var metadata = new List<TitleMetadata>(TitleCount);
        for (var i = 0; i < TitleCount; i++)
        {
            var id = $"t{i:D4}";
            var primary = Genres[i % Genres.Length];
            var secondary = Genres[random.Next(Genres.Length)];
            string[] genres = secondary == primary ? [primary] : [primary, secondary];
            string[] tags = [$"mood-{random.Next(12)}", $"theme-{random.Next(30)}"];
            string[] cast = [.. Enumerable.Range(0, 3).Select(_ => $"person-{random.Next(400)}")];
            var year = 1980 + random.Next(47);
            var rating = MaturityRatings.All[random.Next(MaturityRatings.All.Count)];
            // One title in ten is licensed in a few countries only, so the "hidden" set is not empty.
            string[] countries = random.Next(10) == 0 ? ["GB", "FR"] : [];
            var artwork = Enumerable.Range(0, 3)
                .Select(a => new ArtworkVariant($"{id}-art-{a}", $"https://img.example/{id}/{a}.jpg", [$"style-{a}"]))
                .ToArray();
            var summary = new TitleSummary(id, $"Title {i}", year, genres, cast, tags, rating, 90 + random.Next(60), countries, artwork[0].Url, 2160);
            titles.Add(new CatalogTitle(summary, artwork));
            metadata.Add(new TitleMetadata(id, genres, tags, cast, year));
        }

        Catalog = new CatalogView(titles.ToFrozenDictionary(t => t.Summary.TitleId, StringComparer.Ordinal));

        // Zipf popularity over a shuffled order, so the most popular titles are spread over the genres.
        var byPopularity = Enumerable.Range(0, TitleCount).ToArray();
        random.Shuffle(byPopularity);
        var weight = new double[TitleCount];
        for (var rank = 0; rank < TitleCount; rank++)
        {
            weight[byPopularity[rank]] = 1.0 / (rank + 1);
        }

        var all = Sampler(Enumerable.Range(0, TitleCount), weight);
        var byGenre = Enumerable.Range(0, Genres.Length)
            .Select(g => Sampler(Enumerable.Range(0, TitleCount).Where(i => i % Genres.Length == g), weight))
            .ToArray();

        var interactions = new List<Interaction>(ProfileCount * WatchedPerProfile);
        var histories = new List<IReadOnlyList<Interaction>>();
        for (var p = 0; p < ProfileCount; p++)
        {
            var profile = $"p{p:D5}";
            int[] favourites = [random.Next(Genres.Length), random.Next(Genres.Length)];
            var watched = new HashSet<int>();
            var count = WatchedPerProfile - 15 + random.Next(31);
            while (watched.Count < count)
            {
                // 70% inside the profile's two genres, the rest anywhere; popular titles more often in both.
                var pick = random.NextDouble() < 0.7 ? byGenre[favourites[random.Next(2)]](random) : all(random);
                watched.Add(pick);
            }

            var history = new List<Interaction>(watched.Count);
            var device = Devices[random.Next(Devices.Length)];
            foreach (var title in watched)
            {
                var at = Now.AddDays(-random.Next(1, 90)).AddMinutes(random.Next(24 * 60));
                var completion = random.NextDouble() < 0.8 ? 1.0 : 0.1 + (random.NextDouble() * 0.8);
                history.Add(new Interaction(profile, $"t{title:D4}", at, completion, device, at.Hour));
            }

            interactions.AddRange(history);
            histories.Add(history);
        }

        Interactions = interactions;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Model = Recommender.Train(interactions, metadata, new RecommenderOptions(), version: 1);
        TrainingTime = clock.Elapsed;
        Console.WriteLine($"// synthetic audience: {interactions.Count:N0} interactions, {TitleCount:N0} titles, {ProfileCount:N0} profiles; trained in {TrainingTime.TotalSeconds:F1} s (ranker: {Model.HasRanker})");

        // Members asking for their home page: profiles of the audience (the model knows them, as it would after a retrain).
        Members = [.. histories.Take(MemberCount)];
        Trending = [.. byPopularity.Take(60).Select((t, rank) => new TrendingTitle(rank + 1, $"t{t:D4}", 60 - rank))];
    }

    /// <summary>Members whose home pages the benchmarks compute, round robin.</summary>
    public const int MemberCount = 64;

    public CatalogView Catalog { get; }

    public IReadOnlyList<Interaction> Interactions { get; }

    public Recommender Model { get; }

    public TimeSpan TrainingTime { get; }

    public IReadOnlyList<IReadOnlyList<Interaction>> Members { get; }

    public IReadOnlyList<TrendingTitle> Trending { get; }

    /// <summary>A draw from <paramref name="items"/> with probability proportional to their weight.</summary>
    static Func<Random, int> Sampler(IEnumerable<int> items, double[] weight)
    {
        var ids = items.ToArray();
        var cumulative = new double[ids.Length];
        var sum = 0.0;
        for (var i = 0; i < ids.Length; i++)
        {
            sum += weight[ids[i]];
            cumulative[i] = sum;
        }

        return random =>
        {
            var index = Array.BinarySearch(cumulative, random.NextDouble() * sum);
            return ids[index < 0 ? Math.Min(~index, ids.Length - 1) : index];
        };
    }
}
