using System.Diagnostics;
using Marquee.Recommendations;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Marquee.Grains.Recommendations;

/// <summary>
/// Trains this silo's recommendation model (a hosted service per silo). Every poll interval it looks at the
/// interaction log's version; it trains the first model as soon as the log holds enough data, then again every
/// training interval when the log changed, on the catalogue copy of <see cref="TitleCatalogCache"/>, and publishes the
/// result to <see cref="ModelHolder"/> (one atomic swap: the silo's grains use it on their next request).
/// </summary>
/// <remarks>
/// Every silo trains its own copy from the same log: a trained model is in-memory matrices and an ML.NET ranker, not
/// something to ship through grain calls. Training is seeded and the model version is the log version it was trained
/// on, so silos that trained on the same log version serve the same model.
/// </remarks>
public sealed partial class ModelTrainer(
    IGrainFactory grains,
    ModelHolder models,
    TitleCatalogCache catalog,
    IOptions<RecommendationServiceOptions> options,
    TimeProvider clock,
    ILogger<ModelTrainer> logger) : BackgroundService
{
    readonly SemaphoreSlim _gate = new(1, 1);
    long _trainedLogVersion = -1;
    DateTimeOffset _trainedAt = DateTimeOffset.MinValue;

    /// <summary>The last training's duration and size, for operators and the report (null before the first).</summary>
    public RecommenderTrainingReport? LastReport { get; private set; }

    /// <summary>Wall time of the last training cycle (log snapshot, catalogue refresh, training, publishing).</summary>
    public TimeSpan LastCycleTime { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(options.Value.PollInterval, clock, stoppingToken);
                await TrainIfDueAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // A failed cycle (silo not ready yet, a grain call failing) is logged; the next one retries.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                LogCycleFailed(logger, exception);
            }
        }
    }

    /// <summary>Trains when there is no model yet, or the interval passed and the log changed; the new model or null.</summary>
    public async Task<Recommender?> TrainIfDueAsync(CancellationToken ct = default)
    {
        var due = models.Newest is null || clock.GetUtcNow() - _trainedAt >= options.Value.TrainingInterval;
        if (!due)
        {
            return null;
        }

        var version = await grains.Grain<IInteractionLogGrain>(InteractionLog.Key).GetVersionAsync(ct);
        return version == _trainedLogVersion ? null : await TrainNowAsync(ct);
    }

    /// <summary>Trains on the log as it is now and publishes the model; null when the log holds too little to learn from.</summary>
    public async Task<Recommender?> TrainNowAsync(CancellationToken ct = default)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var started = Stopwatch.GetTimestamp();
            var snapshot = await grains.Grain<IInteractionLogGrain>(InteractionLog.Key).GetSnapshotAsync(ct);
            var settings = options.Value;
            var profiles = snapshot.Interactions.Select(i => i.ProfileId).Distinct().Count();
            if (snapshot.Interactions.Count < settings.MinInteractions || profiles < settings.MinProfiles)
            {
                LogNotEnoughData(logger, snapshot.Interactions.Count, profiles);
                return null;
            }

            await catalog.RefreshAsync(ct);
            var titles = catalog.Current.Metadata;
            var interactions = snapshot.Interactions
                .Select(r => new Interaction(r.ProfileId.ToString("N"), r.TitleId, r.At, r.Completion, r.Device, r.LocalHour))
                .ToList();
            var recommenderOptions = new RecommenderOptions { UseRanker = settings.UseRanker };
            var version = (int)Math.Min(int.MaxValue, snapshot.Version);

            // CPU-bound: off the silo's scheduler, on the thread pool.
            var model = await Task.Run(() => Recommender.Train(interactions, titles, recommenderOptions, version), ct);
            models.Publish(model);
            _trainedLogVersion = snapshot.Version;
            _trainedAt = clock.GetUtcNow();
            LastReport = model.Report;
            LastCycleTime = Stopwatch.GetElapsedTime(started);
            LogTrained(logger, model.Version, interactions.Count, profiles, model.Report.Titles, model.HasRanker, LastCycleTime.TotalMilliseconds);
            return model;
        }
        finally
        {
            _gate.Release();
        }
    }

    public override void Dispose()
    {
        _gate.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Recommendation model {Version} trained on {Interactions} interactions of {Profiles} profiles, {Titles} titles (ranker: {Ranker}) in {Milliseconds:F0} ms; published")]
    static partial void LogTrained(ILogger logger, int version, int interactions, int profiles, int titles, bool ranker, double milliseconds);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Not training yet: {Interactions} interactions of {Profiles} profiles")]
    static partial void LogNotEnoughData(ILogger logger, int interactions, int profiles);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recommendation training cycle failed; the next poll retries")]
    static partial void LogCycleFailed(ILogger logger, Exception exception);
}
