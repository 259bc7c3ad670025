using System.ComponentModel.DataAnnotations;
using Marquee.Api.Edge;
using Marquee.Catalog;
using Marquee.Edge;

namespace Marquee.Api.Playback;

/// <summary>A play request (<c>POST /api/playback</c>); coordinates are optional and go together.</summary>
public sealed record StartPlaybackRequest(
    [property: Required] Guid? ProfileId,
    [property: Required, StringLength(128, MinimumLength = 1)] string? TitleId,
    [property: Required, RegularExpression("^(tv|desktop|mobile)$", ErrorMessage = "device must be tv, desktop or mobile.")] string? Device,
    [property: Range(-90, 90)] double? Latitude,
    [property: Range(-180, 180)] double? Longitude);

/// <summary>A player's heartbeat; <see cref="Error"/> names the node that failed, when one did.</summary>
public sealed record HeartbeatRequest(
    [property: Required, Range(0, 1_000_000)] double? PositionSeconds,
    [property: Required, Range(0, 1_000_000)] int? BitrateKbps,
    [property: Required, Range(0, 3_600_000)] int? BufferingMs,
    PlaybackErrorRequest? Error);

/// <summary>What went wrong, and on which node.</summary>
public sealed record PlaybackErrorRequest(
    [property: Required, StringLength(64, MinimumLength = 1)] string? NodeId,
    [property: StringLength(500)] string? Message);

/// <summary>A re-steer request: the node the player could not play from.</summary>
public sealed record ResteerRequest([property: Required, StringLength(64, MinimumLength = 1)] string? FailedNodeId);

/// <summary>A stop request: where the member stopped.</summary>
public sealed record StopPlaybackRequest([property: Required, Range(0, 1_000_000)] double? PositionSeconds);

/// <summary>Where the API placed the client, and from what.</summary>
public sealed record ClientLocationView(double Latitude, double Longitude, string Source);

/// <summary>A started session: the ranked nodes (primary first), the capped ladder and the manifest's address.</summary>
public sealed record PlaybackStartedView(
    Guid SessionId,
    IReadOnlyList<SteeredNodeView> Nodes,
    IReadOnlyList<SkippedNode> Skipped,
    int MaxHeight,
    IReadOnlyList<Rendition> Renditions,
    string ManifestUrl,
    ClientLocationView Location,
    DateTimeOffset ExpiresAt,
    int ActiveStreams,
    int MaxStreams);

/// <summary>A new steering answer for a session (after a re-steer).</summary>
public sealed record PlaybackSteeringView(Guid SessionId, IReadOnlyList<SteeredNodeView> Nodes, IReadOnlyList<SkippedNode> Skipped, string ManifestUrl);

/// <summary>A heartbeat's answer: when the session expires without another one, and the position viewing history holds.</summary>
public sealed record HeartbeatView(Guid SessionId, double PositionSeconds, DateTimeOffset ExpiresAt, double SavedPositionSeconds);
