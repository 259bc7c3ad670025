using Marquee.Edge;
using Marquee.Grains.Ingest;
using Microsoft.Extensions.Options;

namespace Marquee.Api.Edge;

/// <summary>Why a node could not serve a path.</summary>
public enum EdgeServeFailure
{
    /// <summary>No node is registered under that id, or this process does not host it.</summary>
    UnknownNode,
    /// <summary>The node is offline.</summary>
    Offline,
    /// <summary>Not a media path, or no such file anywhere up the chain.</summary>
    NotFound,
}

/// <summary>
/// Serves a node's media: a hit comes from its cache; a miss on an <see cref="EdgeTier.Edge"/> node fills from a
/// storage node of its region (which itself fills from the origin on its own miss), or from the origin when the
/// region has none; a miss on a storage node fills from the origin.
/// </summary>
public sealed class EdgeDataPlane(
    IEdgeNodeDirectory directory,
    EdgeCache cache,
    IOriginStore origin,
    EdgeMetrics metrics,
    IOptions<EdgeCacheOptions> options)
{
    public async Task<(CachedFile? File, EdgeServeFailure? Failure)> GetAsync(string nodeId, EdgeMediaPath? media, CancellationToken ct)
    {
        var node = options.Value.Hosts(nodeId) && OriginNames.IsSafeSegment(nodeId)
            ? await directory.GetAsync(nodeId, ct).ConfigureAwait(false)
            : null;
        if (node is null)
        {
            return (null, EdgeServeFailure.UnknownNode);
        }

        if (node.AdminState == EdgeAdminState.Offline)
        {
            metrics.Request(nodeId, "offline");
            return (null, EdgeServeFailure.Offline);
        }

        var file = media is null ? null : await GetOrFillAsync(node, media, "miss", ct).ConfigureAwait(false);
        metrics.Request(nodeId, file is null ? "not_found" : file.Hit ? "hit" : "miss");
        return file is null ? (null, EdgeServeFailure.NotFound) : (file, null);
    }

    /// <summary>The file on the node, filled up the chain when missing; <paramref name="kind"/> tags the fill (miss or proactive).</summary>
    public async Task<CachedFile?> GetOrFillAsync(DataPlaneNode node, EdgeMediaPath media, string kind, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(node);
        return await cache.GetOrFillAsync(node, media, async (target, token) =>
        {
            var parent = node.Tier == EdgeTier.Edge ? await StorageParentAsync(node, media, token).ConfigureAwait(false) : null;
            var upstream = parent is null ? null : await GetOrFillAsync(parent, media, kind, token).ConfigureAwait(false);
            var upstreamStream = upstream is null ? null : OpenShared(upstream.FullPath);
            if (upstreamStream is not null)
            {
                await CopyAsync(upstreamStream, target, token).ConfigureAwait(false);
                metrics.Filled(node.NodeId, "storage", kind, upstream!.Length);
                return (true, $"storage:{parent!.NodeId}");
            }

            var obj = await OpenFromOriginAsync(media, token).ConfigureAwait(false);
            if (obj is null)
            {
                return (false, "origin");
            }

            await using (obj.ConfigureAwait(false))
            {
                await CopyAsync(obj.Content, target, token, dispose: false).ConfigureAwait(false);
            }

            metrics.Filled(node.NodeId, "origin", kind, obj.Length);
            return (true, "origin");
        }, ct).ConfigureAwait(false);
    }

    /// <summary>Opens a media file straight from the origin: a segment from the version its name carries, a playlist from the current version.</summary>
    public async Task<OriginObject?> OpenFromOriginAsync(EdgeMediaPath media, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(media);
        var version = media.Version ?? await origin.GetCurrentVersionAsync(media.TitleId, ct).ConfigureAwait(false);
        return version is null ? null : await origin.OpenReadAsync(media.TitleId, version, media.RelativePath, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// The storage node of the node's region that a miss fills from: online, hosted here, and chosen by rendezvous
    /// hashing on the title so a region's storage nodes share the catalogue between them.
    /// </summary>
    async Task<DataPlaneNode?> StorageParentAsync(DataPlaneNode node, EdgeMediaPath media, CancellationToken ct)
    {
        var nodes = await directory.ListAsync(ct).ConfigureAwait(false);
        return nodes
            .Where(n => n.Tier == EdgeTier.Storage && n.AdminState == EdgeAdminState.Online && n.NodeId != node.NodeId
                && string.Equals(n.Region, node.Region, StringComparison.OrdinalIgnoreCase) && options.Value.Hosts(n.NodeId))
            .OrderByDescending(n => Rendezvous(n.NodeId, media.TitleId))
            .ThenBy(n => n.NodeId, StringComparer.Ordinal)
            .FirstOrDefault();
    }

    /// <summary>Opens a cached file so that an eviction meanwhile does not break the read; null when it is already gone.</summary>
    public static FileStream? OpenShared(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 81920, useAsync: true);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    static ulong Rendezvous(string nodeId, string titleId) =>
        System.IO.Hashing.XxHash64.HashToUInt64(System.Text.Encoding.UTF8.GetBytes($"{nodeId}|{titleId}"));

    static async Task CopyAsync(Stream source, string target, CancellationToken ct, bool dispose = true)
    {
        try
        {
            var file = new FileStream(target, FileMode.Create, FileAccess.Write, FileShare.None, 81920, useAsync: true);
            await using (file.ConfigureAwait(false))
            {
                await source.CopyToAsync(file, ct).ConfigureAwait(false);
            }
        }
        finally
        {
            if (dispose)
            {
                await source.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
