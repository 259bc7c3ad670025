using System.Globalization;
using System.Text.Json;
using FFMpegCore;
using FFMpegCore.Exceptions;
using Marquee.Ingest;
using Microsoft.Extensions.Options;

namespace Marquee.Grains.Ingest;

/// <summary>What probing found: the source when usable, otherwise every reason it is not.</summary>
public sealed record ProbeResult(IngestSourceInfo? Source, IReadOnlyList<string> Errors)
{
    public bool IsUsable => Source is not null && Errors.Count == 0;
}

/// <summary>Checks a source with ffprobe: a readable container, a video stream, a duration, a resolution, a frame rate.</summary>
public sealed class MediaProbe(IOptions<IngestOptions> options, FfmpegBinaries binaries)
{
    /// <summary>The smallest picture accepted.</summary>
    public const int MinWidth = 64;

    /// <summary>The smallest picture accepted.</summary>
    public const int MinHeight = 64;

    public async Task<ProbeResult> ProbeAsync(string path, CancellationToken ct)
    {
        IMediaAnalysis analysis;
        try
        {
            analysis = await FFProbe.AnalyseAsync(path, binaries.Options, cancellationToken: ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is FFMpegException or JsonException or FormatException or InvalidOperationException)
        {
            // ffprobe names the file by its path on the silo; the operator knows it by its name.
            return Reject($"the container could not be read ({FirstLine(ex.Message).Replace(path, Path.GetFileName(path), StringComparison.Ordinal)})");
        }

        var video = analysis.VideoStreams.FirstOrDefault(s => !IsAttachedPicture(s));
        var errors = new List<string>();
        if (video is null)
        {
            errors.Add($"no video stream (container '{analysis.Format?.FormatName}' has {analysis.Format?.StreamCount ?? 0} stream(s))");
            return new ProbeResult(null, errors);
        }

        var duration = analysis.Duration > TimeSpan.Zero ? analysis.Duration : video.Duration;
        if (duration <= TimeSpan.Zero)
        {
            errors.Add("no duration: the container does not say how long the video is");
        }
        else if (duration > options.Value.MaxDuration)
        {
            errors.Add($"too long: {duration:g} exceeds Ingest:MaxDuration {options.Value.MaxDuration:g}");
        }

        var (width, height) = DisplaySize(video);
        if (width <= 0 || height <= 0)
        {
            errors.Add("no resolution: the video stream has no picture size");
        }
        else if (width < MinWidth || height < MinHeight)
        {
            errors.Add($"resolution {width}x{height} is below the smallest accepted ({MinWidth}x{MinHeight})");
        }

        var fps = FrameRate(video);
        if (fps <= 0)
        {
            errors.Add("no frame rate: the video stream reports none");
        }

        if (errors.Count > 0)
        {
            return new ProbeResult(null, errors);
        }

        var bitrate = video.BitRate is > 0 ? video.BitRate : analysis.Format?.BitRate;
        var source = new IngestSourceInfo(
            analysis.Format?.FormatName ?? "unknown",
            video.CodecName ?? "unknown",
            width,
            height,
            Math.Round(fps, 3),
            Math.Round(duration.TotalSeconds, 3),
            analysis.AudioStreams.Count > 0,
            bitrate is > 0 ? (int)(bitrate.Value / 1000) : null);
        return new ProbeResult(source, []);
    }

    static ProbeResult Reject(string reason) => new(null, [reason]);

    static bool IsAttachedPicture(VideoStream stream) =>
        stream.Disposition?.TryGetValue("attached_pic", out var attached) == true && attached;

    static double FrameRate(VideoStream video)
    {
        var fps = video.AverageFrameRate;
        if (double.IsNaN(fps) || double.IsInfinity(fps) || fps <= 0 || fps > 1000)
        {
            fps = video.RealFrameRate;
        }

        return double.IsNaN(fps) || double.IsInfinity(fps) || fps > 1000 ? 0 : fps;
    }

    /// <summary>The picture as displayed: rotation swaps the sides, a non-square sample aspect stretches the width.</summary>
    static (int Width, int Height) DisplaySize(VideoStream video)
    {
        var width = video.Width ?? 0;
        var height = video.Height ?? 0;
        var (sarW, sarH) = video.SampleAspectRatio;
        if (sarW > 0 && sarH > 0 && sarW != sarH)
        {
            width = (int)Math.Round(width * (double)sarW / sarH);
        }

        return Math.Abs(video.Rotation) % 180 == 90 ? (height, width) : (width, height);
    }

    static string FirstLine(string message)
    {
        var lines = message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        // ffprobe's own complaint is usually the last line of its error output ("...: Invalid data found when processing input").
        var line = lines.LastOrDefault(l => l.Contains(':', StringComparison.Ordinal)) ?? lines.FirstOrDefault() ?? "unknown error";
        return line.Length > 300 ? line[..300].ToString(CultureInfo.InvariantCulture) : line;
    }
}

/// <summary>Where ffmpeg and ffprobe are, resolved once from <see cref="IngestOptions.FfmpegPath"/>.</summary>
public sealed class FfmpegBinaries(IOptions<IngestOptions> options)
{
    readonly Lazy<FFOptions> _options = new(() =>
    {
        var ffmpeg = options.Value.ResolveFfmpeg()
            ?? throw new InvalidOperationException($"ffmpeg was not found at '{options.Value.FfmpegPath}': install it or set Ingest:FfmpegPath.");
        return new FFOptions { BinaryFolder = Path.GetDirectoryName(ffmpeg)!, TemporaryFilesFolder = options.Value.Work };
    });

    public FFOptions Options => _options.Value;
}
