namespace Marquee.Edge;

/// <summary>Which step of the fallback order a steered node came from.</summary>
public enum SteeringTier
{
    /// <summary>An edge node of the client's region that holds the title.</summary>
    RegionEdge = 0,
    /// <summary>A storage node of the client's region.</summary>
    RegionStorage = 1,
    /// <summary>A node of another region, nearest region first.</summary>
    OtherRegion = 2,
    /// <summary>The origin, the last resort.</summary>
    Origin = 3,
}

/// <summary>Where to steer a client asking for a title; <see cref="ExcludedNodeIds"/> are nodes the client saw fail.</summary>
[GenerateSerializer, Immutable, Alias("edge.steering-request")]
public sealed record SteeringRequest(
    [property: Id(0)] string TitleId,
    [property: Id(1)] GeoPoint ClientLocation,
    [property: Id(2)] IReadOnlyList<string> ExcludedNodeIds);

/// <summary>One node of a ranked answer, with why it is there.</summary>
[GenerateSerializer, Immutable, Alias("edge.steered-node")]
public sealed record SteeredNode(
    [property: Id(0)] string NodeId,
    [property: Id(1)] string BaseUrl,
    [property: Id(2)] string Region,
    [property: Id(3)] SteeringTier Tier,
    [property: Id(4)] double DistanceKm,
    [property: Id(5)] double LoadPercent,
    [property: Id(6)] string Reason);

/// <summary>A node that was considered and left out, with a short reason.</summary>
[GenerateSerializer, Immutable, Alias("edge.skipped-node")]
public sealed record SkippedNode(
    [property: Id(0)] string NodeId,
    [property: Id(1)] string Reason);

/// <summary>A steering answer: the ranked nodes (primary first) and the nodes left out near the client.</summary>
/// <remarks>An empty <see cref="Nodes"/> list means no node (nor the origin) can serve the title.</remarks>
[GenerateSerializer, Immutable, Alias("edge.steering-decision")]
public sealed record SteeringDecision(
    [property: Id(0)] string? ClientRegion,
    [property: Id(1)] IReadOnlyList<SteeredNode> Nodes,
    [property: Id(2)] IReadOnlyList<SkippedNode> Skipped);

/// <summary>Where a region's steering grain runs and what it holds (operations and placement checks).</summary>
[GenerateSerializer, Immutable, Alias("edge.steering-info")]
public sealed record SteeringGrainInfo(
    [property: Id(0)] string Region,
    [property: Id(1)] string SiloAddress,
    [property: Id(2)] string? SiloRegion,
    [property: Id(3)] int NodeCount,
    [property: Id(4)] IReadOnlyList<string> PeerRegions);
