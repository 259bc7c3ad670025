using System.Globalization;

namespace Marquee.Bench;

// What the bench tools share (compiled into each of them: bench/Load, bench/Memory).

/// <summary>Command-line values: <c>--name value</c>.</summary>
internal static class Args
{
    public static int IntArg(string[] args, string name, int fallback)
    {
        var value = StringArg(args, name);
        return value is null ? fallback : int.Parse(value, CultureInfo.InvariantCulture);
    }

    public static string? StringArg(string[] args, string name)
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

/// <summary>A run's report, written as <c>{prefix}-{stamp}.md</c> and <c>.json</c> and printed.</summary>
internal static class ReportFiles
{
    /// <summary>Writes both files and prints the Markdown; answers the written paths as <c>dir/prefix-stamp.{md,json}</c>.</summary>
    public static async Task<string> WriteAsync(string directory, string prefix, DateTimeOffset at, string markdown, string json)
    {
        Directory.CreateDirectory(directory);
        var stamp = at.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        await File.WriteAllTextAsync(Path.Combine(directory, $"{prefix}-{stamp}.md"), markdown);
        await File.WriteAllTextAsync(Path.Combine(directory, $"{prefix}-{stamp}.json"), json);
        Console.WriteLine();
        Console.WriteLine(markdown);
        return Path.Combine(directory, $"{prefix}-{stamp}.{{md,json}}");
    }

    /// <summary>Bytes as mebibytes, e.g. <c>12.3 MB</c>.</summary>
    public static string Mb(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0 / 1024.0:N1} MB");
}
