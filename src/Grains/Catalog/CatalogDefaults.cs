using Marquee.Catalog;

namespace Marquee.Grains.Catalog;

/// <summary>What a title gets when its source says nothing about encoding or artwork, so every title is playable.</summary>
public static class CatalogDefaults
{
    /// <summary>The encoding ladder: H.264 up to 1080p, HEVC for 2160p (bitrates in the range streaming services use).</summary>
    static readonly Rendition[] FullLadder =
    [
        new(426, 240, 400, "h264"),
        new(640, 360, 800, "h264"),
        new(854, 480, 1400, "h264"),
        new(1280, 720, 3000, "h264"),
        new(1920, 1080, 5800, "h264"),
        new(3840, 2160, 16000, "hevc"),
    ];

    static readonly string[][] ArtworkTags =
    [
        ["dark", "character"],
        ["bright", "ensemble"],
        ["minimal", "text"],
        ["action", "close-up"],
        ["moody", "landscape"],
    ];

    /// <summary>The ladder's rungs up to a height (1080 or 2160 for most titles).</summary>
    public static IReadOnlyList<Rendition> Ladder(int maxHeight) => [.. FullLadder.Where(r => r.Height <= maxHeight)];

    /// <summary><paramref name="count"/> artwork variants (3 to 5), each with a tone and a composition tag.</summary>
    public static IReadOnlyList<ArtworkVariant> Artwork(string titleId, int count, int offset = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, ArtworkTags.Length);
        return [.. Enumerable.Range(0, count).Select(i =>
        {
            var id = $"a{i + 1}";
            return new ArtworkVariant(id, $"https://art.marquee.local/{titleId}/{id}.jpg", ArtworkTags[(i + offset) % ArtworkTags.Length]);
        })];
    }

    /// <summary>Storage the title's encodings take: every rung of the ladder for the whole runtime.</summary>
    public static double SizeGb(int runtimeMinutes, IReadOnlyList<Rendition> ladder)
    {
        ArgumentNullException.ThrowIfNull(ladder);
        var kilobits = runtimeMinutes * 60.0 * ladder.Sum(r => r.BitrateKbps);
        return Math.Round(kilobits / 8 / 1_000_000, 2);
    }
}
