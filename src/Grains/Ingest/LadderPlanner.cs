using Marquee.Ingest;

namespace Marquee.Grains.Ingest;

/// <summary>One rung to encode.</summary>
/// <param name="Name">The rung's folder, e.g. <c>720p</c>.</param>
/// <param name="Width">Encoded width (even).</param>
/// <param name="Height">Encoded height.</param>
/// <param name="FrameRate">Output frame rate (the source's, halved while above 60).</param>
/// <param name="VideoKbps">Target average video bitrate; the encoder caps peaks at 110% of it.</param>
/// <param name="AudioKbps">AAC bitrate, 0 when the source has no audio.</param>
/// <param name="Level">H.264 level times ten (31 for 3.1), the smallest that fits size, frame rate and bitrate.</param>
public sealed record LadderRung(
    string Name,
    int Width,
    int Height,
    int VideoKbps,
    int AudioKbps,
    double FrameRate,
    int Level)
{
    /// <summary>The RFC 6381 codecs string HLS lists for the rung (H.264 High profile, AAC-LC).</summary>
    public string Codecs => AudioKbps > 0 ? $"avc1.6400{Level:X2},mp4a.40.2" : $"avc1.6400{Level:X2}";

    /// <summary>Video plus audio, what the title's rendition advertises.</summary>
    public int TotalKbps => VideoKbps + AudioKbps;
}

/// <summary>
/// Plans a title's bitrate ladder from its source. Heights come from the usual ladder (2160p down to 240p) and never
/// exceed the source's; widths keep the source's display aspect. Base bitrates are for 16:9 at up to 30 fps, close to
/// Apple's HLS authoring guidance for H.264 (240p 400k, 360p 800k, 480p 1.4M, 720p 2.8M, 1080p 5M, 1440p 8M, 2160p 14M);
/// they scale with the rung's pixel count for other aspects, by 1.5 above 30 fps, and are capped at the source's own
/// video bitrate (bits a source never had cannot be added), with a floor of a quarter of the base.
/// </summary>
public static class LadderPlanner
{
    static readonly (int Height, int Kbps)[] Standard =
    [
        (2160, 14_000), (1440, 8_000), (1080, 5_000), (720, 2_800), (480, 1_400), (360, 800), (240, 400),
    ];

    // H.264 levels: (level x10, max macroblocks per second, max frame size in macroblocks, max High-profile kbps).
    static readonly (int Level, int MaxMbps, int MaxFs, int MaxKbps)[] Levels =
    [
        (30, 40_500, 1_620, 12_500), (31, 108_000, 3_600, 17_500), (32, 216_000, 5_120, 25_000),
        (40, 245_760, 8_192, 25_000), (41, 245_760, 8_192, 62_500), (42, 522_240, 8_704, 62_500),
        (50, 589_824, 22_080, 168_750), (51, 983_040, 36_864, 300_000), (52, 2_073_600, 36_864, 300_000),
    ];

    /// <summary>The highest frame rate a rung is encoded at; faster sources are halved until they fit.</summary>
    public const double MaxFrameRate = 60;

    /// <summary>The ladder for a source, tallest rung first, at most <paramref name="maxRungs"/> rungs.</summary>
    public static IReadOnlyList<LadderRung> Plan(IngestSourceInfo source, int maxRungs)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRungs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(source.Height, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(source.Width, 2);

        var fps = source.FrameRate;
        while (fps > MaxFrameRate)
        {
            fps /= 2;
        }

        var aspect = (double)source.Width / source.Height;
        var heights = Standard.Where(s => s.Height <= source.Height).ToList();
        if (heights.Count == 0)
        {
            // Smaller than the smallest rung: one rung at the source's own (even) size.
            heights.Add((Even(source.Height), Standard[^1].Kbps * Even(source.Height) / Standard[^1].Height));
        }

        var audioKbps = source.HasAudio ? 128 : 0;
        return heights
            .Take(maxRungs)
            .Select(s =>
            {
                var width = Even(s.Height * aspect);
                var pixelsFactor = (double)width * s.Height / (Even(s.Height * 16.0 / 9) * s.Height);
                var kbps = s.Kbps * pixelsFactor * (fps > 30 ? 1.5 : 1);
                if (source.BitrateKbps is > 0)
                {
                    kbps = Math.Max(Math.Min(kbps, source.BitrateKbps.Value), s.Kbps / 4.0);
                }

                var videoKbps = (int)Math.Round(kbps);
                var rungAudio = audioKbps == 0 ? 0 : s.Height <= 360 ? 96 : audioKbps;
                return new LadderRung(MediaLayout.RungName(s.Height), width, s.Height, videoKbps, rungAudio, fps,
                    LevelFor(width, s.Height, fps, (int)(videoKbps * 1.1)));
            })
            .ToList();
    }

    /// <summary>The smallest H.264 level (x10) whose limits hold the frame size, macroblock rate and peak bitrate.</summary>
    public static int LevelFor(int width, int height, double fps, int peakKbps)
    {
        var frameMbs = (int)Math.Ceiling(width / 16.0) * (int)Math.Ceiling(height / 16.0);
        var mbps = frameMbs * fps;
        foreach (var (level, maxMbps, maxFs, maxKbps) in Levels)
        {
            if (frameMbs <= maxFs && mbps <= maxMbps && peakKbps <= maxKbps)
            {
                return level;
            }
        }

        return Levels[^1].Level;
    }

    /// <summary>The GOP length in frames that puts a keyframe on every segment boundary.</summary>
    public static int GopFrames(double fps, int segmentSeconds) => Math.Max(1, (int)Math.Round(fps * segmentSeconds));

    static int Even(double value) => Math.Max(2, (int)Math.Round(value / 2) * 2);
}
