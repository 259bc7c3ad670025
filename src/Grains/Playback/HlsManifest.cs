using System.Globalization;
using System.Runtime.CompilerServices;
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
        ArgumentNullException.ThrowIfNull(baseUrl);
        ArgumentNullException.ThrowIfNull(renditions);
        var title = Uri.EscapeDataString(titleId);
        var root = baseUrl.AsSpan().TrimEnd('/');
        // Written into a stack buffer (pooled arrays if it outgrows it): the playlist string is the one allocation.
        var text = new DefaultInterpolatedStringHandler(0, 0, CultureInfo.InvariantCulture, stackalloc char[4096]);
        text.AppendLiteral("#EXTM3U\n#EXT-X-VERSION:6\n#EXT-X-INDEPENDENT-SEGMENTS\n");
        var ordered = InBandwidthOrder(renditions);
        for (var i = 0; i < ordered.Count; i++)
        {
            var r = ordered[i];
            var averageBps = (r.BitrateKbps + AudioKbps) * 1000L;
            // BANDWIDTH is the peak rate; encoders of a constrained VBR ladder peak around 1.25x the average.
            var peakBps = (long)(averageBps * 1.25);
            text.AppendLiteral("#EXT-X-STREAM-INF:BANDWIDTH=");
            text.AppendFormatted(peakBps);
            text.AppendLiteral(",AVERAGE-BANDWIDTH=");
            text.AppendFormatted(averageBps);
            text.AppendLiteral(",RESOLUTION=");
            text.AppendFormatted(r.Width);
            text.AppendLiteral("x");
            text.AppendFormatted(r.Height);
            text.AppendLiteral(",CODECS=\"");
            text.AppendFormatted(CodecString(r.Codec, r.Height));
            text.AppendLiteral(",mp4a.40.2\"\n");
            text.AppendFormatted(root);
            text.AppendLiteral("/");
            text.AppendFormatted(token);
            text.AppendLiteral("/titles/");
            text.AppendFormatted(title);
            text.AppendLiteral("/");
            text.AppendFormatted(r.Height);
            text.AppendLiteral("p/index.m3u8?session=");
            text.AppendFormatted(sessionId, "N");
            text.AppendLiteral("\n");
        }

        return text.ToStringAndClear();
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
        // Names first: "H.265" has a dot but is a name, not a qualified string. Compared ignoring case in place (an
        // upper-cased copy per rendition per manifest was a string each).
        if (IsAnyOf(codec, "HEVC", "H265", "H.265", "HVC1"))
        {
            return height > 1080 ? "hvc1.2.4.L153.B0" : "hvc1.2.4.L123.B0";
        }

        if (IsAnyOf(codec, "AV1", "AV01"))
        {
            return height > 1080 ? "av01.0.12M.10" : "av01.0.08M.08";
        }

        if (IsAnyOf(codec, "VP9", "VP09"))
        {
            return "vp09.00.40.08";
        }

        if (codec.Contains('.', StringComparison.Ordinal))
        {
            return codec;
        }

        return height > 1080 ? "avc1.640033" : height > 720 ? "avc1.640028" : "avc1.64001f";

        static bool IsAnyOf(string codec, params ReadOnlySpan<string> names)
        {
            foreach (var name in names)
            {
                if (codec.Equals(name, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }

            return false;
        }
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
