using System.ComponentModel.DataAnnotations;
using Marquee.History;
using Marquee.Recommendations;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Marquee.Grains.History;

/// <summary>The silo's fan-in batching; bound from the <c>FanIn</c> section.</summary>
public sealed class FanInOptions
{
    public const string Section = "FanIn";

    /// <summary>
    /// How often the silo sends what its profiles' stream consumers gathered: one call per interaction log and per
    /// country's trending grain, instead of one per event. Both already keep their state in memory and save it every
    /// 30 s, so a second here changes how fresh trending and the trainer's data are, not what survives a crash.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")] public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Most interactions, and most plays per country, held while their grain cannot be reached; the oldest go first beyond it.</summary>
    [Range(1_000, 10_000_000)] public int MaxPending { get; set; } = 100_000;
}

/// <summary>Where the silo's batched fan-in goes.</summary>
public interface IFanInTargets
{
    /// <summary>Adds interactions to the cluster's interaction log (the trainer's data).</summary>
    Task AddInteractionsAsync(IReadOnlyList<InteractionRecord> interactions, CancellationToken ct);

    /// <summary>Adds plays to one country's trending grain.</summary>
    Task AddPlaysAsync(string country, IReadOnlyList<TrendingPlay> plays, CancellationToken ct);
}

/// <summary>The fan-in targets as grains: the one interaction log and a trending grain per country.</summary>
internal sealed class GrainFanInTargets(IGrainFactory grains) : IFanInTargets
{
    public Task AddInteractionsAsync(IReadOnlyList<InteractionRecord> interactions, CancellationToken ct) =>
        grains.Grain<IInteractionLogGrain>(InteractionLog.Key).AddAsync(interactions, ct);

    public async Task AddPlaysAsync(string country, IReadOnlyList<TrendingPlay> plays, CancellationToken ct) =>
        await grains.Grain<ITrendingGrain>(country).AddPlaysAsync(plays, ct);
}

/// <summary>
/// Pre-aggregation in front of the cluster's two fan-in points of the viewing stream: the interaction log (one grain
/// for the whole cluster) and each country's trending grain. Every profile's stream consumer hands its interactions and
/// plays to its silo's buffer instead of calling those grains per event, and the buffer sends what gathered every
/// <see cref="FanInOptions.FlushInterval"/>: one call per target, however many profiles played. That takes a grain call
/// off every play and stop, and keeps a single grain from taking a call per play of the whole cluster.
/// </summary>
/// <remarks>
/// A batch a target refused (its grain unreachable) stays, ahead of newer ones, and goes with the next flush; order
/// matters to the log, where the latest record of a profile and title wins. The silo flushes once more when it stops,
/// before its grains deactivate (<see cref="ServiceLifecycleStage.Active"/>). What a crashed silo held is lost, as the
/// log's and trending's own unsaved changes are; the history store keeps every event.
/// </remarks>
public sealed partial class ViewingFanIn(
    IFanInTargets targets, IOptions<FanInOptions> options, TimeProvider clock, ILogger<ViewingFanIn> logger)
    : ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    readonly Lock _gate = new();
    readonly SemaphoreSlim _flushing = new(1, 1);
    readonly int _maxPending = options.Value.MaxPending;
    List<InteractionRecord> _interactions = [];
    Dictionary<string, List<TrendingPlay>> _plays = new(StringComparer.Ordinal);
    CancellationTokenSource? _stopping;
    Task _loop = Task.CompletedTask;

    /// <summary>Interactions and plays waiting for the next flush.</summary>
    public int Pending
    {
        get
        {
            lock (_gate)
            {
                return _interactions.Count + _plays.Values.Sum(p => p.Count);
            }
        }
    }

    /// <summary>Queues interactions for the interaction log.</summary>
    public void AddInteractions(IReadOnlyList<InteractionRecord> interactions)
    {
        ArgumentNullException.ThrowIfNull(interactions);
        lock (_gate)
        {
            _interactions.AddRange(interactions);
            Trim(_interactions, "interaction log");
        }
    }

    /// <summary>Queues plays for a country's trending grain (its key: the upper-case country code).</summary>
    public void AddPlays(string country, IReadOnlyList<TrendingPlay> plays)
    {
        ArgumentException.ThrowIfNullOrEmpty(country);
        ArgumentNullException.ThrowIfNull(plays);
        lock (_gate)
        {
            if (!_plays.TryGetValue(country, out var queued))
            {
                _plays[country] = queued = [];
            }

            queued.AddRange(plays);
            Trim(queued, country);
        }
    }

    /// <summary>Sends everything queued, one call per target; a refused batch stays queued for the next flush.</summary>
    public async Task FlushAsync(CancellationToken ct = default)
    {
        await _flushing.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            List<InteractionRecord> interactions;
            Dictionary<string, List<TrendingPlay>> plays;
            lock (_gate)
            {
                (interactions, _interactions) = (_interactions, []);
                (plays, _plays) = (_plays, new Dictionary<string, List<TrendingPlay>>(StringComparer.Ordinal));
            }

            if (interactions.Count > 0 && !await SendAsync(() => targets.AddInteractionsAsync(interactions, ct), "interaction log", interactions.Count).ConfigureAwait(false))
            {
                lock (_gate)
                {
                    interactions.AddRange(_interactions);
                    _interactions = interactions;
                    Trim(_interactions, "interaction log");
                }
            }

            foreach (var (country, batch) in plays)
            {
                if (!await SendAsync(() => targets.AddPlaysAsync(country, batch, ct), country, batch.Count).ConfigureAwait(false))
                {
                    lock (_gate)
                    {
                        if (_plays.TryGetValue(country, out var newer))
                        {
                            batch.AddRange(newer);
                        }

                        _plays[country] = batch;
                        Trim(batch, country);
                    }
                }
            }
        }
        finally
        {
            _flushing.Release();
        }
    }

    /// <summary>True when the target took the batch, or refused it as invalid (it would refuse it again).</summary>
    async Task<bool> SendAsync(Func<Task> send, string target, int count)
    {
        try
        {
            await send().ConfigureAwait(false);
            return true;
        }
        catch (ArgumentException ex)
        {
            LogRefused(logger, ex, count, target);
            return true;
        }
#pragma warning disable CA1031 // Any other failure is the target being unreachable: the batch waits for the next flush.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogKept(logger, ex, count, target);
            return false;
        }
    }

    void Trim<T>(List<T> queue, string target)
    {
        var excess = queue.Count - _maxPending;
        if (excess > 0)
        {
            queue.RemoveRange(0, excess);
            LogDropped(logger, excess, target, _maxPending);
        }
    }

    public void Participate(ISiloLifecycle observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        observer.Subscribe(nameof(ViewingFanIn), ServiceLifecycleStage.Active, OnStartAsync, OnStopAsync);
    }

    internal Task OnStartAsync(CancellationToken ct)
    {
        _stopping = new CancellationTokenSource();
        _loop = RunAsync(_stopping.Token);
        return Task.CompletedTask;
    }

    internal async Task OnStopAsync(CancellationToken ct)
    {
        if (_stopping is { } stopping)
        {
            await stopping.CancelAsync().ConfigureAwait(false);
            await _loop.ConfigureAwait(false);
        }

        // The grains are still active at this stage: the last batch reaches them before they save and deactivate.
        await FlushAsync(CancellationToken.None).ConfigureAwait(false);
    }

    async Task RunAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(options.Value.FlushInterval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping).ConfigureAwait(false))
            {
                await FlushAsync(stopping).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // The silo is stopping: OnStopAsync makes the last flush.
        }
    }

    // The container disposes it twice (registered as itself and as a lifecycle participant).
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _stopping, null) is { } stopping)
        {
            stopping.Cancel();
            stopping.Dispose();
        }

        _flushing.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} queued item(s) for {Target} could not be sent; they go with the next flush")]
    static partial void LogKept(ILogger logger, Exception exception, int count, string target);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Target} refused {Count} item(s) as invalid; they are dropped")]
    static partial void LogRefused(ILogger logger, Exception exception, int count, string target);

    [LoggerMessage(Level = LogLevel.Error, Message = "Dropped the {Count} oldest queued item(s) for {Target}: more than {MaxPending} waited while it was unreachable")]
    static partial void LogDropped(ILogger logger, int count, string target, int maxPending);
}
