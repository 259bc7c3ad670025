using Marquee.Catalog;
using Marquee.Edge;

namespace Marquee.Playback;

/// <summary>The kind of screen a session plays on; it caps the resolution.</summary>
public enum PlaybackDevice
{
    /// <summary>A television: up to 2160p.</summary>
    Tv = 0,
    /// <summary>A computer browser or app: up to 1080p.</summary>
    Desktop = 1,
    /// <summary>A phone or tablet: up to 720p.</summary>
    Mobile = 2,
}

/// <summary>What a device may play.</summary>
public static class DeviceLimits
{
    /// <summary>The tallest rendition (pixels of height) the device is served.</summary>
    public static int MaxHeight(PlaybackDevice device) => device switch
    {
        PlaybackDevice.Tv => 2160,
        PlaybackDevice.Desktop => 1080,
        PlaybackDevice.Mobile => 720,
        _ => 720,
    };
}

/// <summary>Where a session is in its life.</summary>
public enum PlaybackSessionState
{
    /// <summary>Started and sending heartbeats.</summary>
    Playing = 0,
    /// <summary>Stopped by the member.</summary>
    Stopped = 1,
    /// <summary>Stopped sending heartbeats and was expired.</summary>
    Expired = 2,
}

/// <summary>Everything the API resolved before starting a session (account, title, steering), handed to the session grain.</summary>
[GenerateSerializer, Immutable, Alias("playback.start")]
public sealed record PlaybackStart(
    [property: Id(0)] Guid AccountId,
    [property: Id(1)] Guid ProfileId,
    [property: Id(2)] string TitleId,
    [property: Id(3)] PlaybackDevice Device,
    [property: Id(4)] string Country,
    [property: Id(5)] int MaxStreams,
    [property: Id(6)] int MaxHeight,
    [property: Id(7)] IReadOnlyList<Rendition> Renditions,
    [property: Id(8)] double RuntimeSeconds,
    [property: Id(9)] GeoPoint ClientLocation,
    [property: Id(10)] string SteeringRegion,
    [property: Id(11)] SteeringDecision Steering);

/// <summary>A session as its member may see it.</summary>
[GenerateSerializer, Immutable, Alias("playback.session")]
public sealed record PlaybackSessionInfo(
    [property: Id(0)] Guid SessionId,
    [property: Id(1)] Guid ProfileId,
    [property: Id(2)] string TitleId,
    [property: Id(3)] PlaybackDevice Device,
    [property: Id(4)] int MaxHeight,
    [property: Id(5)] IReadOnlyList<Rendition> Renditions,
    [property: Id(6)] SteeringDecision Steering,
    [property: Id(7)] PlaybackSessionState State,
    [property: Id(8)] double PositionSeconds,
    [property: Id(9)] DateTimeOffset StartedAt,
    [property: Id(10)] DateTimeOffset ExpiresAt,
    [property: Id(11)] double SavedPositionSeconds,
    [property: Id(12)] int UnsavedEvents = 0);

/// <summary>How a session call went.</summary>
public enum PlaybackOutcome
{
    /// <summary>Done.</summary>
    Ok = 0,
    /// <summary>No such session for this member (never started, or another member's).</summary>
    NotFound = 1,
    /// <summary>The session expired or was stopped; start a new one.</summary>
    Ended = 2,
    /// <summary>The account already plays as many streams as its plan allows.</summary>
    StreamLimitReached = 3,
    /// <summary>The node named is not one this session was given.</summary>
    UnknownNode = 4,
}

/// <summary>The answer to a start, a heartbeat, a re-steer or a stop; <see cref="Session"/> is set when it went well.</summary>
[GenerateSerializer, Immutable, Alias("playback.result")]
public sealed record PlaybackResult(
    [property: Id(0)] PlaybackOutcome Outcome,
    [property: Id(1)] PlaybackSessionInfo? Session,
    [property: Id(2)] int ActiveStreams,
    [property: Id(3)] int MaxStreams);

/// <summary>A player's periodic report; <see cref="ErrorNodeId"/> names the node that failed, when one did.</summary>
[GenerateSerializer, Immutable, Alias("playback.heartbeat")]
public sealed record PlaybackHeartbeat(
    [property: Id(0)] double PositionSeconds,
    [property: Id(1)] int BitrateKbps,
    [property: Id(2)] int BufferingMs,
    [property: Id(3)] string? ErrorNodeId,
    [property: Id(4)] string? ErrorMessage);

/// <summary>The rendered HLS master playlist of a session (cached by the session until it is re-steered).</summary>
[GenerateSerializer, Immutable, Alias("playback.manifest")]
public sealed record PlaybackManifest(
    [property: Id(0)] PlaybackOutcome Outcome,
    [property: Id(1)] string? Playlist);

/// <summary>The answer to a stream-slot claim.</summary>
[GenerateSerializer, Immutable, Alias("playback.stream-claim")]
public sealed record StreamClaim(
    [property: Id(0)] bool Granted,
    [property: Id(1)] int ActiveStreams,
    [property: Id(2)] int MaxStreams);
