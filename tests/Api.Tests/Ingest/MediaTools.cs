using System.Diagnostics;
using System.Globalization;

namespace Marquee.Api.Tests.Ingest;

/// <summary>ffmpeg and ffprobe for tests: small clips made on the spot, and checks that media is valid.</summary>
public static class MediaTools
{
    /// <summary>A clip of a test pattern with a 440 Hz tone; returns its path.</summary>
    public static async Task<string> ClipAsync(string folder, int width = 1280, int height = 720, int fps = 24, int seconds = 6)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"clip-{Guid.NewGuid():N}.mp4");
        await RunAsync("ffmpeg",
            $"-hide_banner -loglevel error -y -f lavfi -i testsrc2=size={width}x{height}:rate={fps} -f lavfi -i sine=frequency=440:sample_rate=48000 "
            + $"-t {seconds} -c:v libx264 -preset ultrafast -crf 30 -pix_fmt yuv420p -c:a aac -b:a 64k -shortest \"{path}\"");
        return path;
    }

    /// <summary>A file named like an MP4 holding noise.</summary>
    public static string Corrupt(string folder)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"corrupt-{Guid.NewGuid():N}.mp4");
        var noise = new byte[32 * 1024];
        new Random(7).NextBytes(noise);
        File.WriteAllBytes(path, noise);
        return path;
    }

    /// <summary>ffprobe's codec names of the streams in a file (throws when ffprobe cannot read it).</summary>
    public static async Task<IReadOnlyList<string>> CodecsAsync(string path)
    {
        var csv = await RunAsync("ffprobe", $"-v error -show_entries stream=codec_name -of csv=p=0 \"{path}\"");
        return csv.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(l => l.TrimEnd(',')).ToList();
    }

    /// <summary>The duration ffprobe reads from a file, in seconds.</summary>
    public static async Task<double> DurationAsync(string path) =>
        double.Parse((await RunAsync("ffprobe", $"-v error -show_entries format=duration -of csv=p=0 \"{path}\"")).Trim(), CultureInfo.InvariantCulture);

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
        return process.ExitCode == 0 ? await stdout : throw new InvalidOperationException($"{tool} {args} failed: {await stderr}");
    }
}
