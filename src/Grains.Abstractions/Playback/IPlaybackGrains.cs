using Orleans.Concurrency;

namespace Marquee.Playback;

/// <summary>One playback session, keyed by its session id; only its own member may touch it.</summary>
/// <remarks>In memory only: a session is a lease, and what must outlive it (position, watch time) goes to viewing history.</remarks>
[Alias("playback.session-grain")]
public interface IPlaybackSessionGrain : IGrainWithGuidKey
{
    /// <summary>Claims a stream slot of the account and starts the session; refused when the plan's limit is reached.</summary>
    [Alias("start")] Task<PlaybackResult> StartAsync(PlaybackStart start, CancellationToken ct = default);

    /// <summary>The HLS master playlist pointing at the steered node.</summary>
    [Alias("get-manifest")] Task<PlaybackManifest> GetManifestAsync(Guid accountId, CancellationToken ct = default);

    /// <summary>Keeps the session alive and records position and quality; an error counts against the node it names.</summary>
    [Alias("heartbeat")] Task<PlaybackResult> HeartbeatAsync(Guid accountId, PlaybackHeartbeat heartbeat, CancellationToken ct = default);

    /// <summary>Steers again without the failed node (which is reported to its node grain as a failure).</summary>
    [Alias("resteer")] Task<PlaybackResult> ResteerAsync(Guid accountId, string failedNodeId, CancellationToken ct = default);

    /// <summary>Ends the session at a position and frees its stream slot.</summary>
    [Alias("stop")] Task<PlaybackResult> StopAsync(Guid accountId, double positionSeconds, CancellationToken ct = default);

    /// <summary>The stream-slot grain found the session's lease expired; the session ends as expired.</summary>
    [Alias("expire"), OneWay] Task ExpireAsync();
}

/// <summary>
/// The stream slots of one account, keyed by account id: serialises claims so the plan's concurrent stream limit
/// holds under concurrent play requests. Leases expire when their session stops sending heartbeats.
/// </summary>
[Alias("playback.stream-slots-grain")]
public interface IStreamSlotGrain : IGrainWithGuidKey
{
    /// <summary>Claims a slot for a session when fewer than <paramref name="maxStreams"/> are active.</summary>
    [Alias("claim")] Task<StreamClaim> ClaimAsync(Guid sessionId, int maxStreams, CancellationToken ct = default);

    /// <summary>Extends a session's lease; false when the lease was already expired or released.</summary>
    [Alias("renew")] Task<bool> RenewAsync(Guid sessionId, CancellationToken ct = default);

    /// <summary>Frees a session's slot.</summary>
    [Alias("release")] Task ReleaseAsync(Guid sessionId, CancellationToken ct = default);

    /// <summary>The sessions holding a slot now (expired leases are dropped first).</summary>
    [Alias("get-active")] Task<IReadOnlyList<Guid>> GetActiveAsync(CancellationToken ct = default);
}
