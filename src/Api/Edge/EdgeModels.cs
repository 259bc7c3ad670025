using System.ComponentModel.DataAnnotations;
using Marquee.Edge;

namespace Marquee.Api.Edge;

/// <summary>An admin's registration of a node (<c>PUT /api/admin/edges/{nodeId}</c>).</summary>
public sealed record RegisterEdgeNodeRequest(
    [property: Required, RegularExpression("^[a-z0-9][a-z0-9-]{1,31}$", ErrorMessage = "region must be 2-32 lowercase letters, digits or dashes.")] string? Region,
    [property: Required, Range(-90, 90)] double? Latitude,
    [property: Required, Range(-180, 180)] double? Longitude,
    [property: Required, RegularExpression("^(edge|storage)$", ErrorMessage = "tier must be edge or storage.")] string? Tier,
    [property: Range(0.001, 10_000_000)] double? CapacityGb,
    [property: Required, Url, StringLength(256)] string? BaseUrl,
    [property: RegularExpression("^(online|draining|offline)$", ErrorMessage = "adminState must be online, draining or offline.")] string? AdminState,
    bool RotateKey = false);

/// <summary>A node's health report (<c>POST /api/edges/{nodeId}/health</c>, with <c>X-Node-Key</c>).</summary>
public sealed record EdgeHealthRequest(
    [property: Required, Range(0, 100)] double? LoadPercent,
    [property: Required, Range(0, 10_000_000)] double? AvailableMbps,
    [property: Required, Range(0, 1)] double? ErrorRate);

/// <summary>The answer to a registration: the node key appears when it is new (creation or rotation) and never again.</summary>
public sealed record EdgeNodeRegisteredView(string NodeId, bool Created, string? NodeKey, EdgeNodeView Node);

/// <summary>An operator's view of a node: health with its reasons, load, inventory.</summary>
public sealed record EdgeNodeView(
    string NodeId,
    string Region,
    double Latitude,
    double Longitude,
    string Tier,
    string AdminState,
    string BaseUrl,
    double CapacityGb,
    double UsedGb,
    int InventorySize,
    bool Healthy,
    IReadOnlyList<string> HealthReasons,
    double? LoadPercent,
    double? AvailableMbps,
    double? ErrorRate,
    DateTimeOffset? LastReportAt,
    int RecentFailures,
    IReadOnlyList<string>? Titles)
{
    public static EdgeNodeView From(EdgeNodeStatus status, bool withTitles)
    {
        ArgumentNullException.ThrowIfNull(status);
        var r = status.Registration;
        return new EdgeNodeView(
            status.NodeId, r.Region, r.Location.Latitude, r.Location.Longitude, EdgeNames.Tier(r.Tier), EdgeNames.State(r.AdminState),
            r.BaseUrl, r.Tier == EdgeTier.Storage ? 0 : r.CapacityGb, Math.Round(status.UsedGb, 2), status.Titles.Count, status.Healthy,
            status.HealthReasons, status.LastReport?.LoadPercent, status.LastReport?.AvailableMbps, status.LastReport?.ErrorRate,
            status.LastReport?.ReportedAt, status.RecentFailures, withTitles ? status.Titles : null);
    }
}

/// <summary>The answer to a placement: what was evicted to make room and how full the node is now.</summary>
public sealed record PlacementView(string NodeId, string TitleId, bool AlreadyPresent, IReadOnlyList<string> Evicted, double UsedGb, double CapacityGb);

/// <summary>A node of a steering answer.</summary>
public sealed record SteeredNodeView(string NodeId, string BaseUrl, string Region, string Tier, double DistanceKm, double LoadPercent, string Reason)
{
    public static SteeredNodeView From(SteeredNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return new(node.NodeId, node.BaseUrl, node.Region, EdgeNames.Tier(node.Tier), node.DistanceKm, node.LoadPercent, node.Reason);
    }
}

/// <summary>The wire names of the edge enums (lowercase words, kebab-case for steering tiers).</summary>
public static class EdgeNames
{
    public static string Tier(EdgeTier tier) => tier == EdgeTier.Storage ? "storage" : "edge";

    public static string State(EdgeAdminState state) => state switch
    {
        EdgeAdminState.Draining => "draining",
        EdgeAdminState.Offline => "offline",
        _ => "online",
    };

    public static string Tier(SteeringTier tier) => tier switch
    {
        SteeringTier.RegionEdge => "region-edge",
        SteeringTier.RegionStorage => "region-storage",
        SteeringTier.OtherRegion => "other-region",
        _ => "origin",
    };

    public static EdgeTier ParseTier(string? tier) => tier == "storage" ? EdgeTier.Storage : EdgeTier.Edge;

    public static EdgeAdminState ParseState(string? state) => state switch
    {
        "draining" => EdgeAdminState.Draining,
        "offline" => EdgeAdminState.Offline,
        _ => EdgeAdminState.Online,
    };
}
