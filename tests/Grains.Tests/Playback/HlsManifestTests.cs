using Marquee.Catalog;
using Marquee.Grains.Playback;

namespace Marquee.Grains.Tests.Playback;

public sealed class HlsManifestTests
{
    static readonly Rendition[] Ladder =
    [
        new(3840, 2160, 16000, "hevc"),
        new(1920, 1080, 6000, "h264"),
        new(1280, 720, 3000, "h264"),
        new(640, 360, 800, "avc1.42c01e"),
    ];

    [Fact]
    public void Render_WritesAMasterPlaylistWithOneVariantPerRendition()
    {
        var session = Guid.NewGuid();

        var text = HlsManifest.Render("https://edge-1.example/", "1790000000-2160-c2lnbmF0dXJl", "title one", session, Ladder);

        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("#EXTM3U", lines[0]);
        Assert.Equal(4, lines.Count(l => l.StartsWith("#EXT-X-STREAM-INF:", StringComparison.Ordinal)));
        Assert.Contains("#EXT-X-STREAM-INF:BANDWIDTH=1160000,AVERAGE-BANDWIDTH=928000,RESOLUTION=640x360,CODECS=\"avc1.42c01e,mp4a.40.2\"", lines);
        Assert.Contains($"https://edge-1.example/1790000000-2160-c2lnbmF0dXJl/titles/title%20one/1080p/index.m3u8?session={session:N}", lines);
        Assert.Contains(lines, l => l.Contains("RESOLUTION=3840x2160,CODECS=\"hvc1.", StringComparison.Ordinal));
        // Every STREAM-INF is followed by its URI.
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].StartsWith("#EXT-X-STREAM-INF", StringComparison.Ordinal))
            {
                Assert.StartsWith("https://", lines[i + 1], StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void Render_ListsVariantsLowestBitrateFirst_WhateverTheLaddersOrder()
    {
        Rendition[] ascending = [.. Ladder.OrderBy(r => r.BitrateKbps)];
        Rendition[] shuffled = [Ladder[2], Ladder[0], Ladder[3], Ladder[1]];

        foreach (var ladder in new[] { Ladder, ascending, shuffled })
        {
            var text = HlsManifest.Render("https://edge-1.example", "t", "title", Guid.NewGuid(), ladder);

            var bandwidths = text.Split('\n')
                .Where(l => l.StartsWith("#EXT-X-STREAM-INF:BANDWIDTH=", StringComparison.Ordinal))
                .Select(l => long.Parse(l["#EXT-X-STREAM-INF:BANDWIDTH=".Length..l.IndexOf(',', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture))
                .ToList();
            Assert.Equal(4, bandwidths.Count);
            Assert.Equal(bandwidths.Order(), bandwidths);
        }

        // The ladder the caller passed is not reordered in place.
        Assert.Equal([2160, 1080, 720, 360], Ladder.Select(r => r.Height));
    }

    [Fact]
    public void Render_APlaylistLongerThanItsStackBuffer_IsWrittenWhole()
    {
        // 40 rungs behind a 600-character token: well past the 4,096 characters written on the stack.
        Rendition[] ladder = [.. Enumerable.Range(1, 40).Select(i => new Rendition(16 * i, 9 * i, 100 * i, "h264"))];
        var token = new string('t', 600);

        var text = HlsManifest.Render("https://edge-1.example", token, "title", Guid.NewGuid(), ladder);

        Assert.True(text.Length > 4_096 * 4, $"{text.Length} characters");
        var uris = text.Split('\n').Where(l => l.StartsWith("https://", StringComparison.Ordinal)).ToList();
        Assert.Equal(ladder.Select(r => $"https://edge-1.example/{token}/titles/title/{r.Height}p/index.m3u8"), uris.Select(u => u[..u.IndexOf('?', StringComparison.Ordinal)]));
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("h264", 1080, "avc1.640028")]
    [InlineData("H264", 720, "avc1.64001f")]
    [InlineData("h264", 2160, "avc1.640033")]
    [InlineData("hevc", 1080, "hvc1.2.4.L123.B0")]
    [InlineData("HeVc", 2160, "hvc1.2.4.L153.B0")]
    [InlineData("h.265", 720, "hvc1.2.4.L123.B0")]
    [InlineData("Hvc1", 720, "hvc1.2.4.L123.B0")]
    [InlineData("av1", 1080, "av01.0.08M.08")]
    [InlineData("AV01", 2160, "av01.0.12M.10")]
    [InlineData("vp9", 1080, "vp09.00.40.08")]
    [InlineData("Vp09", 2160, "vp09.00.40.08")]
    [InlineData("avc1.42c01e", 360, "avc1.42c01e")]
    [InlineData("something-else", 480, "avc1.64001f")]
    public void CodecString_NamesTheCodecInRfc6381Form_WhateverItsCase(string codec, int height, string expected) =>
        Assert.Equal(expected, HlsManifest.CodecString(codec, height));

    [Theory]
    [InlineData(720, new[] { 360, 720 })]
    [InlineData(1080, new[] { 360, 720, 1080 })]
    [InlineData(2160, new[] { 360, 720, 1080, 2160 })]
    [InlineData(240, new[] { 360 })]
    public void Cap_KeepsRungsNoTallerThanTheCap(int maxHeight, int[] heights)
    {
        Assert.Equal(heights, HlsManifest.Cap(Ladder, maxHeight).Select(r => r.Height));
    }
}
