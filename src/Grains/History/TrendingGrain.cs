using Marquee.History;
using Marquee.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Marquee.Grains.History;

/// <summary>Saved trending scores of a country: the board's epoch and each title's score valued at it.</summary>
[GenerateSerializer, Alias("history.trending-state")]
public sealed class TrendingState
{
    [Id(0)] public DateTimeOffset? Epoch { get; set; }

    [Id(1)] public Dictionary<string, double> Scores { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>
/// A country's trending titles: a <see cref="TrendingBoard"/> (decay on the injected clock) plus a bounded set of
/// recent event ids to drop replays. Scores are saved every <see cref="TrendingOptions.SaveInterval"/> when they
/// changed and on deactivation; the replay set is not saved (a replay across a restart can count twice).
/// </summary>
public sealed partial class TrendingGrain(
    [PersistentState("trending", StorageNames.Default)] IPersistentState<TrendingState> state,
    TimeProvider clock,
    IOptions<TrendingOptions> options,
    ILogger<TrendingGrain> logger) : Grain, ITrendingGrain
{
    const int MaxLimit = 100;

    readonly TrendingOptions _options = options.Value;
    TrendingBoard _board = null!;
    RecentIdSet _seen = null!;
    bool _dirty;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _board = new TrendingBoard(_options.HalfLife, state.State.Epoch ?? clock.GetUtcNow(), state.State.Scores);
        _seen = new RecentIdSet(_options.DedupCapacity);
        this.RegisterGrainTimer(SaveIfChangedAsync, _options.SaveInterval, _options.SaveInterval);
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) =>
        await SaveIfChangedAsync(cancellationToken);

    public Task<int> AddPlaysAsync(IReadOnlyList<TrendingPlay> plays, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(plays);
        var now = clock.GetUtcNow();
        var counted = 0;
        foreach (var play in plays)
        {
            if (play is null || string.IsNullOrEmpty(play.TitleId) || !_seen.Add(play.EventId))
            {
                continue;
            }

            _board.Add(play.TitleId, play.OccurredAt, play.Weight, now);
            counted++;
        }

        _dirty |= counted > 0;
        return Task.FromResult(counted);
    }

    public Task<IReadOnlyList<TrendingTitle>> GetTopAsync(int limit = 20, CancellationToken ct = default) =>
        Task.FromResult(_board.Top(Math.Clamp(limit, 1, MaxLimit), clock.GetUtcNow()));

    async Task SaveIfChangedAsync(CancellationToken ct)
    {
        if (!_dirty)
        {
            return;
        }

        state.State.Epoch = _board.Epoch;
        state.State.Scores = new Dictionary<string, double>(_board.ScoresAtEpoch, StringComparer.Ordinal);
        try
        {
            await state.WriteStateAsync(ct);
            _dirty = false;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Trending is rebuilt by new plays anyway; try again at the next interval.
            LogSaveFailed(logger, ex, this.GetPrimaryKeyString());
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Saving trending scores of {Country} failed; retrying at the next interval")]
    static partial void LogSaveFailed(ILogger logger, Exception exception, string country);
}
