using static Marquee.Bench.Args;

namespace Marquee.Bench.Load;

/// <summary>Command-line settings of one harness run.</summary>
internal sealed record LoadOptions(
    TimeSpan Duration,
    TimeSpan Warmup,
    TimeSpan MaxWarmup,
    int Connections,
    IReadOnlyList<string> Scenarios,
    string OutputDirectory,
    bool Short,
    IReadOnlyDictionary<string, string> ApiSettings,
    bool AcceptCompression)
{
    public static readonly string[] AllScenarios = ["baseline", "baseline-grain", "play-start", "heartbeat", "home", "search", "title-details", "gateway-floor", "gateway-floor-grain", "gateway-floor-resilient"];

    public static LoadOptions Parse(string[] args)
    {
        var isShort = args.Contains("--short");
        var duration = IntArg(args, "--duration", isShort ? 3 : 10);
        var warmup = IntArg(args, "--warmup", isShort ? 2 : 5);
        // Warm-up goes on in rounds of --warmup until the API's JIT settles, for at most --max-warmup seconds.
        var maxWarmup = IntArg(args, "--max-warmup", isShort ? warmup : 60);
        var scenarios = StringArg(args, "--scenarios")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            ?? AllScenarios;
        var unknown = scenarios.Except(AllScenarios).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"unknown scenario(s): {string.Join(", ", unknown)}; known: {string.Join(", ", AllScenarios)}");
        }

        if (!scenarios.Contains("baseline"))
        {
            scenarios = ["baseline", .. scenarios];
        }

        return new LoadOptions(
            TimeSpan.FromSeconds(duration),
            TimeSpan.FromSeconds(warmup),
            TimeSpan.FromSeconds(Math.Max(warmup, maxWarmup)),
            IntArg(args, "--connections", 32),
            scenarios,
            StringArg(args, "--out") ?? Path.Combine(RepoRoot.Find(), "bench", "results"),
            isShort,
            ApiSettingsArgs(args),
            // As apps do: every request says Accept-Encoding: gzip, deflate, br, and the generator decompresses.
            args.Contains("--accept-compression"));
    }

    /// <summary>Every <c>--api-setting Key=Value</c> (repeatable): configuration for the API under test, e.g. a feature switched off to measure its cost.</summary>
    static Dictionary<string, string> ApiSettingsArgs(string[] args)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i++)
        {
            if (args[i] == "--api-setting")
            {
                var pair = args[i + 1].Split('=', 2);
                if (pair.Length != 2 || pair[0].Length == 0)
                {
                    throw new ArgumentException($"--api-setting takes Key=Value (configuration keys with ':' or '__'), not '{args[i + 1]}'");
                }

                settings[pair[0].Replace(":", "__", StringComparison.Ordinal)] = pair[1];
            }
        }

        return settings;
    }
}
