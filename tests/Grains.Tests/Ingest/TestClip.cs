using System.Diagnostics;

namespace Marquee.Grains.Tests.Ingest;

/// <summary>Makes small test videos with ffmpeg (a test pattern with a tone) and corrupt files, in a temp folder.</summary>
public static class TestClip
{
    /// <summary>Writes a clip of <paramref name="seconds"/> at the given size and frame rate; returns its path.</summary>
    public static async Task<string> GenerateAsync(string folder, int width = 1280, int height = 720, int fps = 24, int seconds = 6, bool audio = true)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"clip-{width}x{height}-{Guid.NewGuid():N}.mp4");
        var args = $"-hide_banner -loglevel error -y -f lavfi -i testsrc2=size={width}x{height}:rate={fps} "
            + (audio ? "-f lavfi -i sine=frequency=440:sample_rate=48000 " : "")
            + $"-t {seconds} -c:v libx264 -preset ultrafast -crf 30 -pix_fmt yuv420p "
            + (audio ? "-c:a aac -b:a 64k -shortest " : "")
            + $"\"{path}\"";
        await RunAsync("ffmpeg", args);
        return path;
    }

    /// <summary>Writes a file that looks like an MP4 by name but holds noise.</summary>
    public static string Corrupt(string folder)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"corrupt-{Guid.NewGuid():N}.mp4");
        var noise = new byte[64 * 1024];
        new Random(42).NextBytes(noise);
        File.WriteAllBytes(path, noise);
        return path;
    }

    /// <summary>Runs ffprobe on a file; returns its JSON (streams and format) or throws with its error output.</summary>
    public static Task<string> ProbeAsync(string path) =>
        RunAsync("ffprobe", $"-v error -print_format json -show_format -show_streams \"{path}\"");

    /// <summary>The presentation times of the keyframes of a file's first video stream.</summary>
    public static async Task<IReadOnlyList<double>> KeyframeTimesAsync(string path)
    {
        var csv = await RunAsync("ffprobe", $"-v error -select_streams v:0 -skip_frame nokey -show_entries frame=pts_time -of csv=p=0 \"{path}\"");
        return csv.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(l => double.Parse(l.TrimEnd(','), System.Globalization.CultureInfo.InvariantCulture)).ToList();
    }

    static async Task<string> RunAsync(string tool, string args)
    {
        using var process = Process.Start(new ProcessStartInfo(tool, args)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException($"{tool} did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} {args} failed ({process.ExitCode}): {await stderr}");
        }

        return await stdout;
    }
}
