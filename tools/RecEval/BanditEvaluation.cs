using System.Globalization;
using Marquee.Grains.Recommendations;

namespace Marquee.RecEval;

/// <summary>Replay evaluation of the artwork bandit on a simulated population with known take rates.</summary>
internal static class BanditEvaluation
{
    public static void Run(int seed, int events)
    {
        var simulation = ArtworkSimulation.Create(seed, segments: 4, titles: 20, variants: 4);
        var log = simulation.LogUniform(events, seed + 1);
        Console.WriteLine(Invariant(
            $"Artwork bandit, replay on a uniform-random log: {simulation.Segments} segments x {simulation.Titles} titles x {simulation.Variants} variants, {events} logged impressions, seed {seed}"));
        Console.WriteLine(Invariant(
            $"True take fraction: uniform {simulation.UniformTakeFraction():F4}, always-best (oracle) {simulation.OracleTakeFraction():F4}"));
        Console.WriteLine();
        Console.WriteLine("| policy | matched impressions | plays | take fraction | vs uniform | best variant chosen (2nd half) |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        var results = ArtworkReplay.Compare(simulation, log, seed);
        var uniform = results[0].TakeFraction;
        foreach (var r in results)
        {
            Console.WriteLine(Invariant(
                $"| {r.Policy} | {r.Matched} | {r.Plays} | {r.TakeFraction:F4} | {(r.TakeFraction / uniform) - 1:+0.0%;-0.0%} | {r.BestVariantShare:P1} |"));
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
