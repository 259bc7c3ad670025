using Orleans.Concurrency;

namespace Marquee.Edge;

/// <summary>One cache node of the delivery network, keyed by its node id: registration, health, inventory.</summary>
[Alias("edge.node-grain")]
public interface IEdgeNodeGrain : IGrainWithStringKey
{
    /// <summary>Creates or updates the node; a new node (or <paramref name="rotateKey"/>) gets a fresh node key.</summary>
    [Alias("register")] Task<EdgeNodeRegistered> RegisterAsync(EdgeNodeRegistration registration, bool rotateKey = false, CancellationToken ct = default);

    /// <summary>Records a health report sent with the node's key; a node that stops reporting turns unhealthy.</summary>
    [Alias("report-health")] Task<HealthReportOutcome> ReportHealthAsync(string nodeKey, EdgeHealthReport report, CancellationToken ct = default);

    /// <summary>Counts a failure a client saw on this node (passive health); false when the node is unknown.</summary>
    [Alias("report-failure")] Task<bool> ReportFailureAsync(CancellationToken ct = default);

    /// <summary>Places a title on the node, evicting the least recently or least frequently requested titles to make room.</summary>
    [Alias("place-title")] Task<PlacementResult> PlaceTitleAsync(string titleId, double sizeGb, CancellationToken ct = default);

    /// <summary>Removes a title from the node; false when the node or the title was not there.</summary>
    [Alias("remove-title")] Task<bool> RemoveTitleAsync(string titleId, CancellationToken ct = default);

    /// <summary>Notes that a client was steered here for a title (feeds the eviction order); fire and forget.</summary>
    [Alias("record-request"), OneWay] Task RecordRequestAsync(string titleId);

    /// <summary>The operator's view of the node, or null when it is not registered.</summary>
    [Alias("get-status")] Task<EdgeNodeStatus?> GetStatusAsync(CancellationToken ct = default);

    /// <summary>What steering holds of the node, or null when it is not registered (used when a steering grain starts).</summary>
    [Alias("get-snapshot"), AlwaysInterleave] Task<EdgeNodeSnapshot?> GetSnapshotAsync(CancellationToken ct = default);
}

/// <summary>The fleet's directory (a single grain, key 0): which nodes exist and in which region.</summary>
/// <remarks>Not on the play path: steering grains read it when they start, the admin list reads it.</remarks>
[Alias("edge.fleet-grain")]
public interface IEdgeFleetGrain : IGrainWithIntegerKey
{
    /// <summary>Adds or moves a node; a region seen for the first time is announced to the steering grains.</summary>
    [Alias("add-node")] Task AddNodeAsync(string nodeId, string region, GeoPoint location, CancellationToken ct = default);

    /// <summary>Every registered node id, sorted.</summary>
    [Alias("get-node-ids"), ReadOnly] Task<IReadOnlyList<string>> GetNodeIdsAsync(CancellationToken ct = default);

    /// <summary>Every region with the centre of its nodes.</summary>
    [Alias("get-regions"), ReadOnly] Task<IReadOnlyList<EdgeRegionInfo>> GetRegionsAsync(CancellationToken ct = default);
}

/// <summary>
/// Steering for the clients of one region, keyed by region name and placed on a silo of that region.
/// It holds the whole fleet table in memory (pushed by node grains, replicated between regions), so a decision
/// never reads storage.
/// </summary>
[Alias("edge.steering-grain")]
public interface IRegionSteeringGrain : IGrainWithStringKey
{
    /// <summary>Ranks the nodes that can serve the title to a client at a location.</summary>
    [Alias("steer")] Task<SteeringDecision> SteerAsync(SteeringRequest request, CancellationToken ct = default);

    /// <summary>A node of this region changed (registration or inventory); applied, then replicated to the other regions.</summary>
    [Alias("upsert-node")] Task UpsertNodeAsync(EdgeNodeSnapshot node, CancellationToken ct = default);

    /// <summary>A node of this region reported health or a failure; applied, then replicated to the other regions.</summary>
    [Alias("update-health")] Task UpdateHealthAsync(EdgeHealthUpdate update, CancellationToken ct = default);

    /// <summary>A replica of another region's node change; applied only.</summary>
    [Alias("apply-node")] Task ApplyNodeAsync(EdgeNodeSnapshot node, CancellationToken ct = default);

    /// <summary>A replica of another region's health change; applied only.</summary>
    [Alias("apply-health")] Task ApplyHealthAsync(EdgeHealthUpdate update, CancellationToken ct = default);

    /// <summary>The set of regions changed; the grain replicates to the new peers from now on.</summary>
    [Alias("regions-changed"), OneWay] Task RegionsChangedAsync(IReadOnlyList<string> regions);

    /// <summary>Where this grain runs and what it holds.</summary>
    [Alias("describe")] Task<SteeringGrainInfo> DescribeAsync(CancellationToken ct = default);
}
