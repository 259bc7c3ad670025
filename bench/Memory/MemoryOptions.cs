using System.Globalization;

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

    static int IntArg(string[] args, string name, int fallback)
    {
        var value = StringArg(args, name);
        return value is null ? fallback : int.Parse(value, CultureInfo.InvariantCulture);
    }

    static string? StringArg(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}

/// <summary>Finds the repository root (the folder holding orleans.sln) from the working directory or the binary.</summary>
internal static class RepoRoot
{
    public static string Find()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "orleans.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException("run the tool from inside the repository (no orleans.sln found above the working directory), or pass --out");
    }
}
