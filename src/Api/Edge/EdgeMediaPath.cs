using Marquee.Grains.Ingest;
using Marquee.Ingest;

namespace Marquee.Api.Edge;

/// <summary>
/// A media path under a node's base URL: <c>titles/{titleId}/{rung}/{file}</c> (a variant playlist or a segment) or
/// <c>titles/{titleId}/master.m3u8</c> (see <see cref="MediaLayout"/>). Anything else is refused before it reaches a file system.
/// </summary>
public sealed record EdgeMediaPath(string TitleId, string RelativePath, string ContentType, bool IsPlaylist)
{
    /// <summary>The cache key: the path under <c>titles/</c>.</summary>
    public string Key => $"{TitleId}/{RelativePath}";

    public static EdgeMediaPath? Parse(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return null;
        }

        var all = path.Split('/');
        if (all.Length < 2 || all[0] != MediaLayout.Prefix)
        {
            return null;
        }

        var parts = all[1..];
        if (parts.Length is not (2 or 3) || !parts.All(OriginNames.IsSafeSegment))
        {
            return null;
        }

        var file = parts[^1];
        var contentType = ContentTypeOf(file);
        if (contentType is null || (parts.Length == 2 && file != MediaLayout.MasterPlaylistName))
        {
            return null;
        }

        return new EdgeMediaPath(parts[0], string.Join('/', parts[1..]), contentType, file.EndsWith(".m3u8", StringComparison.Ordinal));
    }

    /// <summary>The height of the rung the file belongs to (<c>720p/...</c> is 720); null for the master playlist.</summary>
    public int? RungHeight
    {
        get
        {
            var slash = RelativePath.IndexOf('/', StringComparison.Ordinal);
            var rung = slash < 0 ? null : RelativePath[..slash];
            return rung is { Length: > 1 } && rung[^1] == 'p'
                && int.TryParse(rung.AsSpan(0, rung.Length - 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var height)
                ? height
                : null;
        }
    }

    /// <summary>The version the origin holds this file under: a segment's own prefix, or null for the current one.</summary>
    public string? Version => OriginNames.VersionOf(RelativePath);

    static string? ContentTypeOf(string file) => Path.GetExtension(file) switch
    {
        ".m3u8" => "application/vnd.apple.mpegurl",
        ".ts" => "video/mp2t",
        ".m4s" or ".mp4" => "video/mp4",
        ".aac" => "audio/aac",
        _ => null,
    };
}
