namespace Marquee.Edge;

/// <summary>What an admin registers for a node: where it is, what kind it is and how to reach it.</summary>
/// <remarks><see cref="CapacityGb"/> bounds an <see cref="EdgeTier.Edge"/> node's inventory; a storage node holds everything.</remarks>
[GenerateSerializer, Immutable, Alias("edge.registration")]
public sealed record EdgeNodeRegistration(
    [property: Id(0)] string Region,
    [property: Id(1)] GeoPoint Location,
    [property: Id(2)] EdgeTier Tier,
    [property: Id(3)] double CapacityGb,
    [property: Id(4)] string BaseUrl,
    [property: Id(5)] EdgeAdminState AdminState);

/// <summary>The answer to a registration: the node key is only given when it is new (creation or rotation).</summary>
[GenerateSerializer, Immutable, Alias("edge.registered")]
public sealed record EdgeNodeRegistered(
    [property: Id(0)] string NodeId,
    [property: Id(1)] bool Created,
    [property: Id(2)] string? NodeKey);

/// <summary>A node's own report of how it is doing; the grain stamps the time with its clock, not the node's.</summary>
[GenerateSerializer, Immutable, Alias("edge.health-report")]
public sealed record EdgeHealthReport(
    [property: Id(0)] double LoadPercent,
    [property: Id(1)] double AvailableMbps,
    [property: Id(2)] double ErrorRate);

/// <summary>The last health report of a node with the time it was received.</summary>
[GenerateSerializer, Immutable, Alias("edge.health-sample")]
public sealed record EdgeHealthSample(
    [property: Id(0)] double LoadPercent,
    [property: Id(1)] double AvailableMbps,
    [property: Id(2)] double ErrorRate,
    [property: Id(3)] DateTimeOffset ReportedAt);

/// <summary>How a health report was received.</summary>
public enum HealthReportOutcome
{
    /// <summary>The report was recorded and pushed to steering.</summary>
    Accepted = 0,
    /// <summary>No node is registered under that id.</summary>
    UnknownNode = 1,
    /// <summary>The node key did not match.</summary>
    WrongKey = 2,
}

/// <summary>How placing a title on a node went.</summary>
public enum PlacementOutcome
{
    /// <summary>The title is now on the node (perhaps after evictions).</summary>
    Placed = 0,
    /// <summary>The title was already there.</summary>
    AlreadyPresent = 1,
    /// <summary>No node is registered under that id.</summary>
    UnknownNode = 2,
    /// <summary>Storage nodes hold the whole catalogue; nothing is placed on them.</summary>
    StorageTier = 3,
    /// <summary>The title is bigger than the node's whole capacity.</summary>
    TooLarge = 4,
}

/// <summary>The result of placing a title: what was evicted to make room and how full the node is.</summary>
[GenerateSerializer, Immutable, Alias("edge.placement")]
public sealed record PlacementResult(
    [property: Id(0)] PlacementOutcome Outcome,
    [property: Id(1)] IReadOnlyList<string> Evicted,
    [property: Id(2)] double UsedGb,
    [property: Id(3)] double CapacityGb);

/// <summary>Everything steering needs to know of a node, pushed by the node grain whenever it changes.</summary>
/// <remarks><see cref="Version"/> grows with each registration or inventory change so a replica drops stale pushes.</remarks>
[GenerateSerializer, Immutable, Alias("edge.node-snapshot")]
public sealed record EdgeNodeSnapshot(
    [property: Id(0)] string NodeId,
    [property: Id(1)] EdgeNodeRegistration Registration,
    [property: Id(2)] IReadOnlyList<string> Titles,
    [property: Id(3)] EdgeHealthSample? Health,
    [property: Id(4)] IReadOnlyList<DateTimeOffset> RecentFailures,
    [property: Id(5)] long Version);

/// <summary>A node's health changed (a report, or a failure reported by a client); small, sent often.</summary>
[GenerateSerializer, Immutable, Alias("edge.health-update")]
public sealed record EdgeHealthUpdate(
    [property: Id(0)] string NodeId,
    [property: Id(1)] EdgeHealthSample? Health,
    [property: Id(2)] IReadOnlyList<DateTimeOffset> RecentFailures);

/// <summary>
/// The operator's view of a node: health with the reasons behind it, load and inventory. <see cref="TitleRequests"/> is
/// how many requests the node has recorded for the titles it holds (the counts its eviction order reads).
/// </summary>
[GenerateSerializer, Immutable, Alias("edge.node-status")]
public sealed record EdgeNodeStatus(
    [property: Id(0)] string NodeId,
    [property: Id(1)] EdgeNodeRegistration Registration,
    [property: Id(2)] bool Healthy,
    [property: Id(3)] IReadOnlyList<string> HealthReasons,
    [property: Id(4)] EdgeHealthSample? LastReport,
    [property: Id(5)] int RecentFailures,
    [property: Id(6)] IReadOnlyList<string> Titles,
    [property: Id(7)] double UsedGb,
    [property: Id(8)] long TitleRequests = 0);

/// <summary>A region of the fleet: its name, the centre of its nodes and how many there are.</summary>
[GenerateSerializer, Immutable, Alias("edge.region")]
public sealed record EdgeRegionInfo(
    [property: Id(0)] string Region,
    [property: Id(1)] GeoPoint Center,
    [property: Id(2)] int NodeCount);
