using Marquee.Playback;
using Microsoft.Extensions.Options;

namespace Marquee.Grains.Playback;

/// <summary>
/// The stream slots of one account. A non-reentrant grain handles one claim at a time, so concurrent play requests
/// cannot overshoot the plan's limit. Leases live in memory: a lease not renewed within the session TTL is dropped
/// lazily on the next call (and by a timer), and its session is told it expired.
/// </summary>
public sealed class StreamSlotGrain(IOptions<PlaybackOptions> options, TimeProvider clock) : Grain, IStreamSlotGrain
{
    readonly Dictionary<Guid, DateTimeOffset> _leases = [];
    IGrainTimer? _sweeper;

    TimeSpan Ttl => options.Value.SessionTtl;

    public Task<StreamClaim> ClaimAsync(Guid sessionId, int maxStreams, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        Sweep(now);
        if (!_leases.ContainsKey(sessionId) && _leases.Count >= maxStreams)
        {
            return Task.FromResult(new StreamClaim(false, _leases.Count, maxStreams));
        }

        _leases[sessionId] = now;
        _sweeper ??= this.RegisterGrainTimer(SweepAsync, new GrainTimerCreationOptions(Ttl, Ttl) { Interleave = false });
        return Task.FromResult(new StreamClaim(true, _leases.Count, maxStreams));
    }

    public Task<bool> RenewAsync(Guid sessionId, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        Sweep(now);
        if (!_leases.ContainsKey(sessionId))
        {
            return Task.FromResult(false);
        }

        _leases[sessionId] = now;
        return Task.FromResult(true);
    }

    public Task ReleaseAsync(Guid sessionId, CancellationToken ct = default)
    {
        _leases.Remove(sessionId);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<Guid>> GetActiveAsync(CancellationToken ct = default)
    {
        Sweep(clock.GetUtcNow());
        return Task.FromResult<IReadOnlyList<Guid>>([.. _leases.Keys]);
    }

    Task SweepAsync(CancellationToken ct)
    {
        Sweep(clock.GetUtcNow());
        if (_leases.Count == 0)
        {
            _sweeper?.Dispose();
            _sweeper = null;
        }

        return Task.CompletedTask;
    }

    void Sweep(DateTimeOffset now)
    {
        List<Guid>? expired = null;
        foreach (var (sessionId, renewedAt) in _leases)
        {
            if (now - renewedAt > Ttl)
            {
                (expired ??= []).Add(sessionId);
            }
        }

        if (expired is null)
        {
            return;
        }

        foreach (var sessionId in expired)
        {
            _leases.Remove(sessionId);
            // One-way: the session may be calling this grain right now; waiting on it could deadlock.
            _ = GrainFactory.Grain<IPlaybackSessionGrain>(sessionId).ExpireAsync();
        }
    }
}
