using Marquee.Grains.Recommendations;

namespace Marquee.Grains.Tests.Recommendations;

/// <summary>
/// A small seeded audience with structure the models must find: three genre clusters of titles, profiles that
/// watch mostly inside one cluster (popular titles more often), and titles c1/c2 that are almost always watched together.
/// </summary>
internal static class SyntheticViewing
{
    public static readonly DateTimeOffset Start = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    public static readonly string[] Genres = ["Comedy", "Drama", "Horror"];

    public static IReadOnlyList<TitleMetadata> Titles { get; } =
    [
        .. Genres.SelectMany(g => Enumerable.Range(0, 20).Select(i =>
            new TitleMetadata($"{char.ToLowerInvariant(g[0])}{i}", [g], Tags: [$"{g}-mood-{i % 3}"], Year: 1990 + i))),
    ];

    public static List<Interaction> Interactions(int profiles = 150, int seed = 1)
    {
        var random = new Random(seed);
        var result = new List<Interaction>();
        for (var p = 0; p < profiles; p++)
        {
            var prefix = char.ToLowerInvariant(Genres[p % Genres.Length][0]);
            var watched = new HashSet<string>();
            while (watched.Count < 8)
            {
                // Squaring a uniform draw skews towards low indexes: c0 is the most popular comedy.
                var index = (int)(20 * Math.Pow(random.NextDouble(), 2));
                watched.Add($"{prefix}{index}");
            }

            if (watched.Contains("c1"))
            {
                watched.Add("c2");
            }

            watched.Add(Titles[random.Next(Titles.Count)].TitleId);
            var minute = 0;
            foreach (var title in watched)
            {
                result.Add(new Interaction($"p{p}", title, Start.AddDays(p % 20).AddMinutes(minute++), 1.0, "tv", 20));
            }
        }

        return result;
    }
}
