namespace Marquee.Integration.Tests.Fixtures;

/// <summary>Finds the server programs the fixtures run, with a sentence saying how to install a missing one.</summary>
public static class Tools
{
    /// <summary>The full path of <paramref name="program"/> on PATH (or in the extra folders), or a clear failure.</summary>
    public static string Find(string program, string install, params string[] extraFolders)
    {
        var folders = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Concat(extraFolders);
        foreach (var folder in folders)
        {
            var candidate = Path.Combine(folder, program);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"{program} was not found on PATH: the integration tests run a real one ({install}).");
    }

    /// <summary>The bin folders of the Debian PostgreSQL packages, newest first (they are not on PATH by default).</summary>
    public static string[] PostgresFolders() =>
        Directory.Exists("/usr/lib/postgresql")
            ? [.. Directory.GetDirectories("/usr/lib/postgresql")
                .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0)
                .Select(d => Path.Combine(d, "bin"))]
            : [];
}
