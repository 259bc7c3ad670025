using static Marquee.Bench.Args;

namespace Marquee.Bench.Memory;

/// <summary>Command-line settings of one run.</summary>
internal sealed record MemoryOptions(int Count, int Concurrency, TimeSpan IdleAge, TimeSpan DeactivationTimeout, TimeSpan Hold, string OutputDirectory, bool Short)
{
    public const int DefaultCount = 100_000;
    public const int ShortCount = 10_000;

    public static MemoryOptions Parse(string[] args)
    {
        var isShort = args.Contains("--short");
        var count = IntArg(args, "--count", isShort ? ShortCount : DefaultCount);
        if (count < 1_000)
        {
            throw new ArgumentException("--count must be at least 1000: below it the per-activation figure is mostly noise");
        }

        return new MemoryOptions(
            count,
            IntArg(args, "--concurrency", 256),
            TimeSpan.FromSeconds(IntArg(args, "--idle-seconds", 2)),
            TimeSpan.FromSeconds(IntArg(args, "--deactivation-timeout", 300)),
            TimeSpan.FromSeconds(IntArg(args, "--hold-seconds", 0)),
            StringArg(args, "--out") ?? Path.Combine(RepoRoot.Find(), "bench", "results"),
            isShort);
    }
}
