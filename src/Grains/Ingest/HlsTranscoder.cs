using System.Globalization;
using FFMpegCore;
using FFMpegCore.Exceptions;
using Marquee.Ingest;
using Microsoft.Extensions.Options;

namespace Marquee.Grains.Ingest;

/// <summary>An encode that ffmpeg refused or broke off; the message carries ffmpeg's last words.</summary>
public sealed class TranscodeException(string message) : Exception(message);

/// <summary>
/// Encodes one rung to HLS with ffmpeg: H.264 High + AAC in MPEG-TS segments. Keyframes are aligned to segment
/// boundaries (a fixed GOP of fps x segment seconds, no scene-cut keyframes, and forced keyframes on each boundary),
/// so every segment starts with a keyframe and rungs switch cleanly.
/// </summary>
public sealed class HlsTranscoder(IOptions<IngestOptions> options, FfmpegBinaries binaries)
{
    /// <summary>
    /// Writes the rung's variant playlist (<see cref="MediaLayout.VariantPlaylistName"/>) and its segments,
    /// named <c>{segmentPrefix}_00000.ts</c>, into <paramref name="outputFolder"/>.
    /// </summary>
    public async Task EncodeAsync(
        string source, IngestSourceInfo info, LadderRung rung, string outputFolder, string segmentPrefix,
        Action<double> onPercent, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(info);
        ArgumentNullException.ThrowIfNull(rung);
        Directory.CreateDirectory(outputFolder);
        var o = options.Value;
        var gop = LadderPlanner.GopFrames(rung.FrameRate, o.SegmentSeconds);
        var playlist = Path.Combine(outputFolder, MediaLayout.VariantPlaylistName);
        var segments = Path.Combine(outputFolder, segmentPrefix + "_%05d.ts");
        var level = (rung.Level / 10.0).ToString("0.0", CultureInfo.InvariantCulture);
        // Only a source faster than the ladder allows is resampled; otherwise ffmpeg keeps the exact source rate.
        var fps = rung.FrameRate < info.FrameRate - 0.01
            ? $"fps={rung.FrameRate.ToString("0.###", CultureInfo.InvariantCulture)},"
            : "";

        var args = string.Join(' ',
            "-map 0:v:0 -map 0:a:0?",
            $"-vf \"{fps}scale={rung.Width}:{rung.Height},setsar=1,format=yuv420p\"",
            $"-c:v libx264 -preset {o.Preset} -profile:v high -level:v {level}",
            $"-b:v {rung.VideoKbps}k -maxrate {rung.VideoKbps * 11 / 10}k -bufsize {rung.VideoKbps * 2}k",
            $"-g {gop} -keyint_min {gop} -sc_threshold 0",
            $"-force_key_frames \"expr:gte(t,n_forced*{o.SegmentSeconds})\"",
            o.Threads > 0 ? $"-threads {o.Threads}" : "",
            rung.AudioKbps > 0 ? $"-c:a aac -b:a {rung.AudioKbps}k -ac 2 -ar 48000" : "-an",
            $"-f hls -hls_time {o.SegmentSeconds} -hls_playlist_type vod -hls_flags independent_segments",
            $"-hls_segment_type mpegts -hls_segment_filename \"{segments}\"");

        var processor = FFMpegArguments
            .FromFileInput(source, verifyExists: true)
            .OutputToFile(playlist, overwrite: true, a => a.WithCustomArgument(args))
            .CancellableThrough(ct, TimeSpan.FromSeconds(2));
        if (info.DurationSeconds > 0)
        {
            processor = processor.NotifyOnPercentageProgress(onPercent, TimeSpan.FromSeconds(info.DurationSeconds));
        }

        FFMpegResult result;
        try
        {
            result = await processor.ProcessAsynchronously(throwOnError: false, binaries.Options, ct).ConfigureAwait(false);
        }
        catch (FFMpegException ex)
        {
            throw new TranscodeException($"rung {rung.Name}: ffmpeg failed ({ex.Message.Split('\n')[0].Trim()})");
        }

        ct.ThrowIfCancellationRequested();
        if (!result.Success || !File.Exists(playlist))
        {
            var tail = string.Join(" | ", result.StandardError.Where(l => !string.IsNullOrWhiteSpace(l)).TakeLast(3).Select(l => l.Trim()));
            throw new TranscodeException($"rung {rung.Name}: ffmpeg exited with code {result.ExitCode} ({tail})");
        }

        onPercent(100);
    }
}
