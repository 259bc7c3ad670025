using System.Globalization;

namespace Marquee.Grains.Recommendations;

/// <summary>One logged impression of the simulated population: who saw which variant of which title, and whether they played.</summary>
/// <param name="Segment">Audience segment index.</param>
/// <param name="Title">Title index.</param>
/// <param name="Variant">Variant shown.</param>
/// <param name="Played">Whether a play followed within the reward window.</param>
public readonly record struct LoggedImpression(int Segment, int Title, int Variant, bool Played);

/// <summary>A policy's result on the replayed log.</summary>
/// <param name="Policy">Policy name.</param>
/// <param name="Matched">Logged impressions where the policy chose the logged variant (the only ones it learns from and is scored on).</param>
/// <param name="Plays">Plays among the matched impressions.</param>
/// <param name="BestVariantShare">Share of the policy's choices over the second half of the log that were the truly best variant.</param>
public sealed record ReplayResult(string Policy, int Matched, int Plays, double BestVariantShare)
{
    /// <summary>Take fraction: plays per matched impression (the replay estimate of the policy's online take rate).</summary>
    public double TakeFraction => Matched == 0 ? 0 : (double)Plays / Matched;
}

/// <summary>
/// A simulated audience with known take rates per (segment, title, variant): each title has a base appeal, each
/// variant a multiplier, and each segment its own taste for each variant. Seeded, so every run is the same.
/// </summary>
public sealed class ArtworkSimulation
{
    private readonly double[] _rates;

    private ArtworkSimulation(int segments, int titles, int variants, double[] rates)
    {
        Segments = segments;
        Titles = titles;
        Variants = variants;
        _rates = rates;
    }

    /// <summary>Number of segments.</summary>
    public int Segments { get; }

    /// <summary>Number of titles.</summary>
    public int Titles { get; }

    /// <summary>Variants per title.</summary>
    public int Variants { get; }

    /// <summary>Draws a population.</summary>
    public static ArtworkSimulation Create(int seed, int segments = 4, int titles = 50, int variants = 4)
    {
        var random = new Random(seed);
        var rates = new double[segments * titles * variants];
        for (var t = 0; t < titles; t++)
        {
            var appeal = 0.02 + (0.10 * random.NextDouble());
            var multipliers = Enumerable.Range(0, variants).Select(_ => 0.5 + random.NextDouble()).ToArray();
            for (var s = 0; s < segments; s++)
            {
                for (var v = 0; v < variants; v++)
                {
                    var taste = 0.6 + (0.8 * random.NextDouble());
                    rates[Index(s, t, v, titles, variants)] = Math.Min(0.95, appeal * multipliers[v] * taste);
                }
            }
        }

        return new ArtworkSimulation(segments, titles, variants, rates);
    }

    /// <summary>True take rate of a variant for a segment.</summary>
    public double Rate(int segment, int title, int variant) => _rates[Index(segment, title, variant, Titles, Variants)];

    /// <summary>The variant with the highest true take rate.</summary>
    public int BestVariant(int segment, int title) =>
        Enumerable.Range(0, Variants).MaxBy(v => Rate(segment, title, v));

    /// <summary>Expected take fraction of always showing the best variant (the ceiling).</summary>
    public double OracleTakeFraction() =>
        Enumerable.Range(0, Segments).SelectMany(s => Enumerable.Range(0, Titles).Select(t => Rate(s, t, BestVariant(s, t)))).Average();

    /// <summary>Expected take fraction of a uniformly random variant.</summary>
    public double UniformTakeFraction() => _rates.Average();

    /// <summary>A log collected by uniform random exploration: segment, title and variant drawn uniformly, play drawn from the true rate.</summary>
    public LoggedImpression[] LogUniform(int events, int seed)
    {
        var random = new Random(seed);
        var log = new LoggedImpression[events];
        for (var e = 0; e < events; e++)
        {
            var s = random.Next(Segments);
            var t = random.Next(Titles);
            var v = random.Next(Variants);
            log[e] = new LoggedImpression(s, t, v, random.NextDouble() < Rate(s, t, v));
        }

        return log;
    }

    private static int Index(int segment, int title, int variant, int titles, int variants) =>
        (((segment * titles) + title) * variants) + variant;
}

/// <summary>
/// Offline evaluation of artwork policies by the replay method (Li et al., 2011): walk a log collected under
/// uniform random choice; at each event ask the policy; when it picks the logged variant, the event counts (the
/// policy is scored on its play and learns from it), otherwise the event is skipped. Unbiased for a uniform log.
/// </summary>
public static class ArtworkReplay
{
    /// <summary>Replays the log against one policy.</summary>
    /// <param name="name">Policy name for the result.</param>
    /// <param name="log">Uniform-random log.</param>
    /// <param name="simulation">Population (for the best-variant share only; the policy never sees true rates).</param>
    /// <param name="choose">The policy's choice for (segment, title).</param>
    /// <param name="learn">Feedback on a matched event: (segment, title, variant, played).</param>
    public static ReplayResult Replay(
        string name, IReadOnlyList<LoggedImpression> log, ArtworkSimulation simulation,
        Func<int, int, int> choose, Action<int, int, int, bool> learn)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(simulation);
        ArgumentNullException.ThrowIfNull(choose);
        ArgumentNullException.ThrowIfNull(learn);
        int matched = 0, plays = 0, late = 0, lateBest = 0;
        for (var e = 0; e < log.Count; e++)
        {
            var impression = log[e];
            var chosen = choose(impression.Segment, impression.Title);
            if (e >= log.Count / 2)
            {
                late++;
                lateBest += chosen == simulation.BestVariant(impression.Segment, impression.Title) ? 1 : 0;
            }

            if (chosen != impression.Variant)
            {
                continue;
            }

            matched++;
            plays += impression.Played ? 1 : 0;
            learn(impression.Segment, impression.Title, impression.Variant, impression.Played);
        }

        return new ReplayResult(name, matched, plays, late == 0 ? 0 : (double)lateBest / late);
    }

    /// <summary>Replays the same log against uniform choice, ε-greedy (ε = 0.1) and the Thompson-sampling <see cref="ArtworkBandit"/>.</summary>
    public static IReadOnlyList<ReplayResult> Compare(ArtworkSimulation simulation, IReadOnlyList<LoggedImpression> log, int seed)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        var variants = Enumerable.Range(0, simulation.Variants).Select(v => v.ToString(CultureInfo.InvariantCulture)).ToArray();
        var results = new List<ReplayResult>();

        var uniform = new Random(seed);
        results.Add(Replay("uniform exploration", log, simulation, (_, _) => uniform.Next(simulation.Variants), (_, _, _, _) => { }));

        var greedyRandom = new Random(seed);
        var shown = new long[simulation.Segments * simulation.Titles * simulation.Variants];
        var played = new long[shown.Length];
        int Cell(int s, int t, int v) => (((s * simulation.Titles) + t) * simulation.Variants) + v;
        results.Add(Replay(
            "epsilon-greedy (0.1)", log, simulation,
            (s, t) => greedyRandom.NextDouble() < 0.1
                ? greedyRandom.Next(simulation.Variants)
                : Enumerable.Range(0, simulation.Variants)
                    .MaxBy(v => shown[Cell(s, t, v)] == 0 ? double.PositiveInfinity : (double)played[Cell(s, t, v)] / shown[Cell(s, t, v)]),
            (s, t, v, p) =>
            {
                shown[Cell(s, t, v)]++;
                played[Cell(s, t, v)] += p ? 1 : 0;
            }));

        var bandit = new ArtworkBandit();
        var thompsonRandom = new Random(seed);
        var segments = Enumerable.Range(0, simulation.Segments).Select(s => "segment-" + s.ToString(CultureInfo.InvariantCulture)).ToArray();
        var titles = Enumerable.Range(0, simulation.Titles).Select(t => "title-" + t.ToString(CultureInfo.InvariantCulture)).ToArray();
        results.Add(Replay(
            "Thompson sampling (ArtworkBandit)", log, simulation,
            (s, t) => int.Parse(bandit.Choose(segments[s], titles[t], variants, thompsonRandom), CultureInfo.InvariantCulture),
            (s, t, v, p) =>
            {
                bandit.RecordImpression(segments[s], titles[t], variants[v]);
                if (p)
                {
                    bandit.RecordReward(segments[s], titles[t], variants[v]);
                }
            }));

        results.Add(Replay("oracle (true best variant)", log, simulation, simulation.BestVariant, (_, _, _, _) => { }));
        return results;
    }
}
