using Marquee.Ingest;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Marquee.Grains.Ingest;

/// <summary>
/// The silo's ingest worker: a hosted service that takes jobs off the <see cref="IngestQueue"/> and runs their
/// pipeline on the thread pool, off the Orleans scheduler and off the request path. At start it looks for work
/// folders a previous run left behind and asks their jobs to resume (or removes them when the job is over); at start
/// and then every <see cref="IngestOptions.OrphanedUploadAge"/> it removes uploads no job will read
/// (<see cref="OrphanedUploadSweeper"/>).
/// </summary>
public sealed partial class IngestWorker(
    IIngestQueue queue,
    IngestPipeline pipeline,
    OrphanedUploadSweeper uploads,
    IGrainFactory grains,
    IHostApplicationLifetime lifetime,
    TimeProvider clock,
    IOptions<IngestOptions> options,
    ILogger<IngestWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Grain calls need the silo up; it is, once the host has started.
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        using (stoppingToken.Register(() => started.TrySetCanceled(stoppingToken)))
        {
            try
            {
                await started.Task.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        await RecoverAsync(stoppingToken).ConfigureAwait(false);
        var consumers = Enumerable.Range(0, options.Value.MaxConcurrentJobs).Select(_ => ConsumeAsync(stoppingToken));
        await Task.WhenAll([.. consumers, SweepUploadsAsync(stoppingToken)]).ConfigureAwait(false);
    }

    async Task SweepUploadsAsync(CancellationToken ct)
    {
        using var every = new PeriodicTimer(options.Value.OrphanedUploadAge, clock);
        try
        {
            do
            {
                try
                {
                    await uploads.SweepAsync(ct).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    LogSweepFailed(logger, ex);
                }
            }
            while (await every.WaitForNextTickAsync(ct).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    async Task ConsumeAsync(CancellationToken ct)
    {
        try
        {
            await foreach (var jobId in queue.ReadAllAsync(ct).ConfigureAwait(false))
            {
                try
                {
                    await pipeline.RunAsync(jobId, ct).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    LogJobCrashed(logger, jobId, ex);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    async Task RecoverAsync(CancellationToken ct)
    {
        var work = options.Value.Work;
        if (!Directory.Exists(work))
        {
            return;
        }

        foreach (var dir in Directory.EnumerateDirectories(work))
        {
            if (!Guid.TryParseExact(Path.GetFileName(dir), "N", out var jobId))
            {
                continue;
            }

            try
            {
                var status = await grains.Grain<IIngestJobGrain>(jobId).ResumeAsync(ct).ConfigureAwait(false);
                if (status is null || status.IsFinished)
                {
                    Directory.Delete(dir, recursive: true);
                }
                else
                {
                    LogRecovered(logger, jobId);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogRecoveryFailed(logger, jobId, ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The sweep of orphaned uploads failed; it runs again at the next period")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Ingest job {JobId} crashed its worker")]
    private static partial void LogJobCrashed(ILogger logger, Guid jobId, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Ingest job {JobId} was unfinished at the last stop; asked it to resume")]
    private static partial void LogRecovered(ILogger logger, Guid jobId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not recover ingest job {JobId}")]
    private static partial void LogRecoveryFailed(ILogger logger, Guid jobId, Exception exception);
}
