using Marquee.Edge;

namespace Marquee.Api.Edge;

/// <summary>What the data plane needs to know of a node.</summary>
/// <remarks><c>Titles</c>: The titles the node's inventory says it holds (placed by the fill).</remarks>
public sealed record DataPlaneNode(
    string NodeId,
    string Region,
    EdgeTier Tier,
    double CapacityGb,
    EdgeAdminState AdminState,
    IReadOnlyList<string> Titles);

/// <summary>The data plane's view of the fleet: nodes, and their title inventory (kept by the node grains).</summary>
public interface IEdgeNodeDirectory
{
    /// <summary>The node, or null when no node is registered under that id.</summary>
    Task<DataPlaneNode?> GetAsync(string nodeId, CancellationToken ct = default);

    /// <summary>Every registered node.</summary>
    Task<IReadOnlyList<DataPlaneNode>> ListAsync(CancellationToken ct = default);

    /// <summary>Records that a title is now on a node; returns the titles the node evicted to make room.</summary>
    Task<IReadOnlyList<string>> PlaceAsync(string nodeId, string titleId, double sizeGb, CancellationToken ct = default);

    /// <summary>Records that a title left a node.</summary>
    Task RemoveAsync(string nodeId, string titleId, CancellationToken ct = default);

    /// <summary>Tells the node's health what its data plane saw since the last report.</summary>
    Task ReportTrafficAsync(string nodeId, EdgeTraffic traffic, CancellationToken ct = default);
}

/// <summary>A node's traffic over an interval, as its data plane measured it.</summary>
public sealed record EdgeTraffic(long Hits, long Misses, long Errors, long BytesServed, TimeSpan Interval, long CacheUsedBytes);
