using Marquee.Catalog;

namespace Marquee.Ingest;

/// <summary>
/// The URL layout of a title's media, shared by ingest (which writes it), the edge data plane (which serves it) and
/// playback (whose master manifest points at it). Under a node's base URL (<c>{api}/edge/{nodeId}</c>):
/// <c>titles/{titleId}/{height}p/index.m3u8</c> is a rung's variant playlist, and the segments it lists sit beside it.
/// </summary>
public static class MediaLayout
{
    /// <summary>The first path segment of every media URL under a node's base URL.</summary>
    public const string Prefix = "titles";

    /// <summary>The name of a variant playlist inside its rung folder.</summary>
    public const string VariantPlaylistName = "index.m3u8";

    /// <summary>The name of the master playlist the origin keeps beside the rung folders (players get theirs from playback).</summary>
    public const string MasterPlaylistName = "master.m3u8";

    /// <summary>The folder of a rung, e.g. <c>720p</c>: one rung per height.</summary>
    public static string RungName(int height) => $"{height}p";

    /// <summary>The folder of a rendition's rung.</summary>
    public static string RungName(Rendition rendition)
    {
        ArgumentNullException.ThrowIfNull(rendition);
        return RungName(rendition.Height);
    }

    /// <summary>The variant playlist of a rendition relative to a node's base URL, e.g. <c>titles/t-1/720p/index.m3u8</c>.</summary>
    public static string VariantPlaylistPath(string titleId, Rendition rendition) =>
        $"{Prefix}/{Uri.EscapeDataString(titleId)}/{RungName(rendition)}/{VariantPlaylistName}";

    /// <summary>The origin's master playlist of a title relative to a node's base URL, e.g. <c>titles/t-1/master.m3u8</c>.</summary>
    public static string MasterPlaylistPath(string titleId) => $"{Prefix}/{Uri.EscapeDataString(titleId)}/{MasterPlaylistName}";

    /// <summary>The absolute variant playlist URI a master manifest lists for a node.</summary>
    public static string VariantPlaylistUri(string nodeBaseUrl, string titleId, Rendition rendition)
    {
        ArgumentNullException.ThrowIfNull(nodeBaseUrl);
        return $"{nodeBaseUrl.TrimEnd('/')}/{VariantPlaylistPath(titleId, rendition)}";
    }
}
