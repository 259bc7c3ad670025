using Marquee.Edge;
using Marquee.Grains.Edge;
using Marquee.History;
using Marquee.Playback;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Marquee.Grains.Playback;

/// <summary>
/// One playback session. Holds its steering answer and the rendered manifest in memory (a session is a lease: what
/// must outlive it, position and watch time, is handed to viewing history). Only its own account may touch it;
/// another account gets <see cref="PlaybackOutcome.NotFound"/>, as for a session that never existed.
/// </summary>
public sealed partial class PlaybackSessionGrain(
    IOptions<PlaybackOptions> options,
    TimeProvider clock,
    IViewingEventSink history,
    MediaUrlSigner mediaUrls,
    ILogger<PlaybackSessionGrain> logger) : Grain, IPlaybackSessionGrain
{
    readonly HashSet<string> _handedOut = new(StringComparer.Ordinal);
    readonly List<string> _failed = [];
    PlaybackStart? _start;
    SteeringDecision _steering = new(null, [], []);
    PlaybackSessionState _state;
    DateTimeOffset _startedAt;
    DateTimeOffset _lastBeatAt;
    DateTimeOffset _renewedAt;
    DateTimeOffset _lastEventAt;
    double _position;
    double _lastEventPosition;
    double _savedPosition;
    string? _manifest;
    DateTimeOffset _manifestSignedAt;
    Task _historyTail = Task.CompletedTask;
    IGrainTimer? _expiryTimer;

    /// <summary>Events the history has not taken yet, oldest first: retried until it does (the session stays active meanwhile).</summary>
    readonly Queue<ViewingEvent> _unsaved = new();
    IGrainTimer? _historyRetry;
    int _historyFailures;

    Guid SessionId => this.GetPrimaryKey();

    TimeSpan Ttl => options.Value.SessionTtl;

    /// <summary>The slot lease is renewed by the first heartbeat after a third of its life (see PlaybackOptions).</summary>
    TimeSpan RenewEvery => options.Value.SessionTtl / 3;

    public async Task<PlaybackResult> StartAsync(PlaybackStart start, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(start);
        if (_start is not null)
        {
            return _start.AccountId == start.AccountId ? Result(PlaybackOutcome.Ok) : new PlaybackResult(PlaybackOutcome.NotFound, null, 0, 0);
        }

        var claim = await GrainFactory.Grain<IStreamSlotGrain>(start.AccountId).ClaimAsync(SessionId, start.MaxStreams, ct);
        if (!claim.Granted)
        {
            DeactivateOnIdle();
            return new PlaybackResult(PlaybackOutcome.StreamLimitReached, null, claim.ActiveStreams, claim.MaxStreams);
        }

        var now = clock.GetUtcNow();
        _start = start;
        _state = PlaybackSessionState.Playing;
        _startedAt = _lastBeatAt = _renewedAt = _lastEventAt = now;
        Steer(start.Steering);
        _expiryTimer = this.RegisterGrainTimer(CheckExpiryAsync, new GrainTimerCreationOptions(Ttl, Ttl / 2) { Interleave = false });
        Record(ViewingEventKind.Start, Primary());
        var primary = Primary();
        if (primary is not null && start.Steering.Nodes[0].Tier != SteeringTier.Origin)
        {
            // One-way: feeds the node's eviction order without costing the play path a round trip.
            _ = GrainFactory.Grain<IEdgeNodeGrain>(primary).RecordRequestAsync(start.TitleId);
        }

        LogStarted(logger, SessionId, start.TitleId, primary, claim.ActiveStreams, claim.MaxStreams);
        return Result(PlaybackOutcome.Ok, claim.ActiveStreams, claim.MaxStreams);
    }

    public Task<PlaybackManifest> GetManifestAsync(Guid accountId, CancellationToken ct = default)
    {
        var outcome = Check(accountId);
        if (outcome == PlaybackOutcome.Ok && clock.GetUtcNow() - _manifestSignedAt > mediaUrls.Lifetime / 2)
        {
            // A session older than half a token's life gets its manifest signed again, so a player that refetches it
            // (as the edge's 403 for an expired URL tells it to) can go on playing.
            Steer(_steering);
        }

        return Task.FromResult(outcome == PlaybackOutcome.Ok ? new PlaybackManifest(outcome, _manifest) : new PlaybackManifest(outcome, null));
    }

    public async Task<PlaybackResult> HeartbeatAsync(Guid accountId, PlaybackHeartbeat heartbeat, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(heartbeat);
        var outcome = Check(accountId);
        if (outcome != PlaybackOutcome.Ok)
        {
            return Result(outcome);
        }

        if (heartbeat.ErrorNodeId is not null && !_handedOut.Contains(heartbeat.ErrorNodeId))
        {
            return Result(PlaybackOutcome.UnknownNode);
        }

        var now = clock.GetUtcNow();
        if (now - _renewedAt >= RenewEvery)
        {
            if (!await GrainFactory.Grain<IStreamSlotGrain>(_start!.AccountId).RenewAsync(SessionId, ct))
            {
                // The slot grain already expired the lease (its clock saw the gap first): the session is over.
                Expire();
                return Result(PlaybackOutcome.Ended);
            }

            _renewedAt = now;
        }

        _lastBeatAt = now;
        _position = heartbeat.PositionSeconds;
        if (heartbeat.ErrorNodeId is not null)
        {
            await ReportFailureAsync(heartbeat.ErrorNodeId, ct);
            Record(ViewingEventKind.Error, heartbeat.ErrorNodeId);
            LogPlayerError(logger, SessionId, heartbeat.ErrorNodeId, heartbeat.ErrorMessage);
        }
        else if (Math.Abs(_position - _lastEventPosition) >= options.Value.ProgressCheckpoint.TotalSeconds)
        {
            // A progress checkpoint; the beats in between live in the session until the next one, the stop or the expiry.
            Record(ViewingEventKind.Heartbeat, Primary());
        }

        await _historyTail;
        return Result(PlaybackOutcome.Ok);
    }

    public async Task<PlaybackResult> ResteerAsync(Guid accountId, string failedNodeId, CancellationToken ct = default)
    {
        var outcome = Check(accountId);
        if (outcome != PlaybackOutcome.Ok)
        {
            return Result(outcome);
        }

        if (!_handedOut.Contains(failedNodeId))
        {
            return Result(PlaybackOutcome.UnknownNode);
        }

        if (!_failed.Contains(failedNodeId))
        {
            _failed.Add(failedNodeId);
        }

        var request = new SteeringRequest(_start!.TitleId, _start.ClientLocation, [.. _failed]);
        var steering = GrainFactory.Grain<IRegionSteeringGrain>(_start.SteeringRegion).SteerAsync(request, ct);
        await Task.WhenAll(ReportFailureAsync(failedNodeId, ct), steering);
        Steer(await steering);
        Record(ViewingEventKind.Resteer, failedNodeId);
        LogResteered(logger, SessionId, failedNodeId, Primary());
        await _historyTail;
        return Result(PlaybackOutcome.Ok);
    }

    public async Task<PlaybackResult> StopAsync(Guid accountId, double positionSeconds, CancellationToken ct = default)
    {
        var outcome = Check(accountId);
        if (outcome != PlaybackOutcome.Ok)
        {
            return Result(outcome);
        }

        _position = positionSeconds;
        _state = PlaybackSessionState.Stopped;
        _expiryTimer?.Dispose();
        await GrainFactory.Grain<IStreamSlotGrain>(_start!.AccountId).ReleaseAsync(SessionId, ct);
        Record(ViewingEventKind.Stop, Primary());
        await _historyTail;
        var stopped = Result(PlaybackOutcome.Ok);
        // A stopped session is done: free the activation now (a later call finds no session) instead of holding a
        // few kilobytes per play until idle collection, which under load would be hundreds of thousands of them.
        // Unless the history has not taken its events yet: then it stays until the retries have handed them over.
        DeactivateWhenSaved();
        return stopped;
    }

    public Task ExpireAsync()
    {
        if (_start is null)
        {
            DeactivateOnIdle();
        }
        else if (_state == PlaybackSessionState.Playing)
        {
            Expire();
        }

        return Task.CompletedTask;
    }

    Task CheckExpiryAsync(CancellationToken ct)
    {
        if (_state == PlaybackSessionState.Playing && clock.GetUtcNow() - _renewedAt > Ttl)
        {
            Expire();
        }

        return Task.CompletedTask;
    }

    /// <summary>Not found for strangers and unknown sessions; ended (after expiring it if due) for a finished session.</summary>
    PlaybackOutcome Check(Guid accountId)
    {
        if (_start is null)
        {
            DeactivateOnIdle();
            return PlaybackOutcome.NotFound;
        }

        if (_start.AccountId != accountId)
        {
            return PlaybackOutcome.NotFound;
        }

        if (_state == PlaybackSessionState.Playing && clock.GetUtcNow() - _renewedAt > Ttl)
        {
            Expire();
        }

        return _state == PlaybackSessionState.Playing ? PlaybackOutcome.Ok : PlaybackOutcome.Ended;
    }

    void Expire()
    {
        _state = PlaybackSessionState.Expired;
        _expiryTimer?.Dispose();
        _ = GrainFactory.Grain<IStreamSlotGrain>(_start!.AccountId).ReleaseAsync(SessionId);
        Record(ViewingEventKind.Expired, Primary());
        LogExpired(logger, SessionId, _lastBeatAt);
    }

    void Steer(SteeringDecision steering)
    {
        _steering = steering;
        foreach (var node in steering.Nodes)
        {
            _handedOut.Add(node.NodeId);
        }

        // Rendered once per steering answer: every manifest request after that is a cached string. Its media URLs are
        // signed for this title up to the session's cap, so the edge serves no taller rung than the plan and device allow.
        _manifestSignedAt = clock.GetUtcNow();
        _manifest = steering.Nodes.Count == 0
            ? null
            : HlsManifest.Render(steering.Nodes[0].BaseUrl, mediaUrls.Sign(_start!.TitleId, _start.MaxHeight, _manifestSignedAt),
                _start.TitleId, SessionId, _start.Renditions);
    }

    string? Primary() => _steering.Nodes.Count > 0 ? _steering.Nodes[0].NodeId : null;

    Task ReportFailureAsync(string nodeId, CancellationToken ct) =>
        nodeId == "origin" ? Task.CompletedTask : GrainFactory.Grain<IEdgeNodeGrain>(nodeId).ReportFailureAsync(ct);

    /// <summary>
    /// Hands an event to history behind the previous ones (in order, off the caller's path). An event the history does
    /// not take (its store down) is kept and offered again, with backoff, until it is taken: an acknowledged stop or
    /// progress checkpoint is never dropped while this silo runs.
    /// </summary>
    void Record(ViewingEventKind kind, string? nodeId)
    {
        var start = _start!;
        var now = clock.GetUtcNow();
        var watched = Math.Max(0, Math.Min(_position - _lastEventPosition, (now - _lastEventAt).TotalSeconds));
        var runtime = start.RuntimeSeconds;
        var localHour = (int)(((now.UtcDateTime.Hour + Math.Round(start.ClientLocation.Longitude / 15)) % 24 + 24) % 24);
        var viewingEvent = new ViewingEvent(
            Guid.NewGuid(), start.AccountId, start.ProfileId, kind, start.TitleId, SessionId, now,
            _position, watched, runtime > 0 ? Math.Clamp(_position / runtime, 0, 1) : 0,
            start.Device.ToString().ToLowerInvariant(), localHour, start.Country, null, nodeId);
        _lastEventAt = now;
        _lastEventPosition = _position;
        _unsaved.Enqueue(viewingEvent);
        if (_historyRetry is null)
        {
            _historyTail = SaveAfterAsync(_historyTail);
        }
    }

    async Task SaveAfterAsync(Task previous)
    {
        await previous;
        await SaveAsync();
    }

    /// <summary>Offers the unsaved events, oldest first, until one is refused (then a retry is scheduled) or none is left.</summary>
    async Task SaveAsync(bool retryLater = true)
    {
        while (_unsaved.TryPeek(out var next))
        {
            try
            {
                await history.RecordAsync(next);
            }
            catch (ArgumentException ex)
            {
                // The history's rules refuse this event: no retry would change that. Dropped, loudly.
                LogHistoryRejected(logger, ex, SessionId, next.Kind);
                _unsaved.Dequeue();
                continue;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                _historyFailures++;
                if (!retryLater)
                {
                    return;
                }

                LogHistoryFailed(logger, ex, SessionId, next.Kind, _unsaved.Count);
                var delay = HistoryRetryDelay(_historyFailures);
                _historyRetry?.Dispose();
                // KeepAlive: a stopped session waiting to hand over its events is not collected as idle.
                _historyRetry = this.RegisterGrainTimer(RetrySaveAsync,
                    new GrainTimerCreationOptions(delay, Timeout.InfiniteTimeSpan) { Interleave = false, KeepAlive = true });
                return;
            }

            _unsaved.Dequeue();
            _savedPosition = next.PositionSeconds;
            _historyFailures = 0;
        }

        DeactivateWhenSaved();
    }

    async Task RetrySaveAsync(CancellationToken ct)
    {
        _historyRetry?.Dispose();
        _historyRetry = null;
        _historyTail = SaveAfterAsync(_historyTail);
        await _historyTail;
    }

    /// <summary>1 s after the first refusal, doubling up to a minute.</summary>
    internal static TimeSpan HistoryRetryDelay(int failures) =>
        TimeSpan.FromSeconds(Math.Min(60, Math.Pow(2, Math.Clamp(failures - 1, 0, 6))));

    /// <summary>A session that is over leaves once the history has all its events.</summary>
    void DeactivateWhenSaved()
    {
        if (_state == PlaybackSessionState.Stopped && _unsaved.Count == 0)
        {
            DeactivateOnIdle();
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _historyRetry?.Dispose();
        if (_unsaved.Count > 0)
        {
            // Shutting down (or collected) with events the history refused so far: one last offer.
            await _historyTail;
            await SaveAsync(retryLater: false);
            if (_unsaved.Count > 0)
            {
                LogHistoryLost(logger, SessionId, _unsaved.Count, reason.Description);
            }
        }
    }

    PlaybackResult Result(PlaybackOutcome outcome, int active = 0, int max = 0)
    {
        if (outcome != PlaybackOutcome.Ok || _start is null)
        {
            return new PlaybackResult(outcome, null, active, max);
        }

        var info = new PlaybackSessionInfo(
            SessionId, _start.ProfileId, _start.TitleId, _start.Device, _start.MaxHeight, _start.Renditions,
            _steering, _state, _position, _startedAt, _renewedAt + Ttl, _savedPosition, _unsaved.Count);
        return new PlaybackResult(outcome, info, active, max == 0 ? _start.MaxStreams : max);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Session {SessionId} started: {TitleId} from {Node} ({Active}/{Max} streams)")]
    static partial void LogStarted(ILogger logger, Guid sessionId, string titleId, string? node, int active, int max);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Session {SessionId}: the player reported an error on {Node}: {Message}")]
    static partial void LogPlayerError(ILogger logger, Guid sessionId, string node, string? message);

    [LoggerMessage(Level = LogLevel.Information, Message = "Session {SessionId} re-steered away from {Failed} to {Node}")]
    static partial void LogResteered(ILogger logger, Guid sessionId, string failed, string? node);

    [LoggerMessage(Level = LogLevel.Information, Message = "Session {SessionId} expired (last heartbeat {LastBeat})")]
    static partial void LogExpired(ILogger logger, Guid sessionId, DateTimeOffset lastBeat);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Session {SessionId}: viewing history did not take the {Kind} event ({Unsaved} unsaved); retrying")]
    static partial void LogHistoryFailed(ILogger logger, Exception exception, Guid sessionId, ViewingEventKind kind, int unsaved);

    [LoggerMessage(Level = LogLevel.Error, Message = "Session {SessionId}: viewing history rejected the {Kind} event as invalid; it is dropped")]
    static partial void LogHistoryRejected(ILogger logger, Exception exception, Guid sessionId, ViewingEventKind kind);

    [LoggerMessage(Level = LogLevel.Error, Message = "Session {SessionId} deactivated ({Reason}) with {Unsaved} event(s) the history never took")]
    static partial void LogHistoryLost(ILogger logger, Guid sessionId, int unsaved, string reason);
}
