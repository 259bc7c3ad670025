using System.Globalization;
using System.Text;
using Marquee.Catalog;

namespace Marquee.Grains.Playback;

/// <summary>Renders an HLS master playlist (RFC 8216) whose variant streams are served by one node.</summary>
public static class HlsManifest
{
    /// <summary>Audio rides along every variant (AAC-LC stereo); its bitrate is part of each variant's BANDWIDTH.</summary>
    const int AudioKbps = 128;

    /// <summary>
    /// The master playlist of a session: one variant per rendition, each at <c>{baseUrl}/{token}/titles/{titleId}/{rung}/index.m3u8</c>
    /// (<paramref name="token"/> from <see cref="Edge.MediaUrlSigner"/>: the segments the variant lists inherit it).
    /// </summary>
    public static string Render(string baseUrl, string token, string titleId, Guid sessionId, IReadOnlyList<Rendition> renditions)
    {
        ArgumentNullException.ThrowIfNull(renditions);
        var root = $"{baseUrl.TrimEnd('/')}/{token}";
        var title = Uri.EscapeDataString(titleId);
        // Sized for the whole playlist up front: each variant is two lines, the second carrying the signed root.
        var text = new StringBuilder(64 + (renditions.Count * (200 + root.Length + title.Length)));
        text.Append("#EXTM3U\n#EXT-X-VERSION:6\n#EXT-X-INDEPENDENT-SEGMENTS\n");
        foreach (var r in InBandwidthOrder(renditions))
        {
            var averageBps = (r.BitrateKbps + AudioKbps) * 1000L;
            // BANDWIDTH is the peak rate; encoders of a constrained VBR ladder peak around 1.25x the average.
            var peakBps = (long)(averageBps * 1.25);
            text.Append(CultureInfo.InvariantCulture,
                $"#EXT-X-STREAM-INF:BANDWIDTH={peakBps},AVERAGE-BANDWIDTH={averageBps},RESOLUTION={r.Width}x{r.Height},CODECS=\"{CodecString(r.Codec, r.Height)},mp4a.40.2\"\n");
            text.Append(CultureInfo.InvariantCulture, $"{root}/titles/{title}/{r.Height}p/index.m3u8?session={sessionId:N}\n");
        }

        return text.ToString();
    }

    /// <summary>Variants lowest bitrate first (then shortest); a ladder already in that order is used as it is.</summary>
    static IReadOnlyList<Rendition> InBandwidthOrder(IReadOnlyList<Rendition> renditions)
    {
        for (var i = 1; i < renditions.Count; i++)
        {
            if (Compare(renditions[i - 1], renditions[i]) > 0)
            {
                var sorted = renditions.ToArray();
                Array.Sort(sorted, Compare);
                return sorted;
            }
        }

        return renditions;

        static int Compare(Rendition a, Rendition b) =>
            a.BitrateKbps != b.BitrateKbps ? a.BitrateKbps.CompareTo(b.BitrateKbps) : a.Height.CompareTo(b.Height);
    }

    /// <summary>An RFC 6381 codec string for a ladder's codec name; already-qualified strings pass through.</summary>
    public static string CodecString(string codec, int height)
    {
        ArgumentNullException.ThrowIfNull(codec);
        if (codec.Contains('.', StringComparison.Ordinal))
        {
            return codec;
        }

        return codec.ToUpperInvariant() switch
        {
            "HEVC" or "H265" or "H.265" or "HVC1" => height > 1080 ? "hvc1.2.4.L153.B0" : "hvc1.2.4.L123.B0",
            "AV1" or "AV01" => height > 1080 ? "av01.0.12M.10" : "av01.0.08M.08",
            "VP9" or "VP09" => "vp09.00.40.08",
            _ => height > 1080 ? "avc1.640033" : height > 720 ? "avc1.640028" : "avc1.64001f",
        };
    }

    /// <summary>The ladder a session plays: renditions no taller than the cap (the lowest rung when none fits).</summary>
    public static IReadOnlyList<Rendition> Cap(IReadOnlyList<Rendition> ladder, int maxHeight)
    {
        ArgumentNullException.ThrowIfNull(ladder);
        var capped = ladder.Where(r => r.Height <= maxHeight).OrderBy(r => r.Height).ThenBy(r => r.BitrateKbps).ToList();
        if (capped.Count == 0 && ladder.Count > 0)
        {
            capped.Add(ladder.MinBy(r => r.Height)!);
        }

        return capped;
    }
}
