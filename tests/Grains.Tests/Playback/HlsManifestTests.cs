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
