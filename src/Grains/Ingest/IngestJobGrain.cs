using Marquee.Catalog;
using Marquee.Hosting;
using Marquee.Ingest;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Marquee.Grains.Ingest;

/// <summary>
/// One ingest job. It keeps the job's state and hands the work to its silo's <see cref="IngestWorker"/> (the encode
/// never runs on the Orleans scheduler). A reminder re-queues an unfinished job whose worker stopped reporting, so a
/// job survives a silo restart: the next attempt starts over in a clean work folder, and the origin keeps at most one
/// published copy per job (its version).
/// </summary>
public sealed partial class IngestJobGrain(
    [PersistentState("ingest-job", StorageNames.Default)] IPersistentState<IngestJobState> state,
    IIngestQueue queue,
    IngestMetrics metrics,
    IOptions<IngestOptions> options,
    TimeProvider clock,
    ILogger<IngestJobGrain> logger) : Grain, IIngestJobGrain, IRemindable
{
    const string ResumeReminder = "ingest-resume";
    static readonly TimeSpan ReminderPeriod = TimeSpan.FromMinutes(1);

    TaskCompletionSource? _finished;

    Guid JobId => this.GetPrimaryKey();

    IngestJobState Job => state.State;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // After a restart nothing else may remember an unfinished job: make sure its reminder is there.
        if (Job.Exists && !Job.IsFinished)
        {
            await this.RegisterOrUpdateReminder(ResumeReminder, ReminderPeriod, ReminderPeriod, cancellationToken);
        }
    }

    public async Task<IngestJobStatus> StartAsync(IngestJobSpec spec, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (!Job.Exists)
        {
            Job.Create(spec, JobId.ToString("N")[..12], clock.GetUtcNow());
            await state.WriteStateAsync(ct);
            await this.RegisterOrUpdateReminder(ResumeReminder, ReminderPeriod, ReminderPeriod, ct);
            LogQueued(logger, JobId, spec.TitleId, spec.SourceName);
            Enqueue();
        }

        return Job.ToStatus(JobId);
    }

    public Task<IngestJobStatus?> GetAsync(CancellationToken ct = default) => Task.FromResult(Current());

    public async Task<IngestJobStatus?> WaitForCompletionAsync(TimeSpan timeout, CancellationToken ct = default)
    {
        if (!Job.Exists || Job.IsFinished)
        {
            return Current();
        }

        _finished ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            // The wall clock on purpose: this bounds how long a caller waits, no decision depends on it.
            await _finished.Task.WaitAsync(timeout, TimeProvider.System, ct);
        }
        catch (TimeoutException)
        {
        }

        return Current();
    }

    public Task<IngestJobStatus?> ResumeAsync(CancellationToken ct = default)
    {
        if (Job.NeedsWorker(clock.GetUtcNow()))
        {
            LogResumed(logger, JobId, Job.Attempt);
            Enqueue();
        }

        return Task.FromResult(Current());
    }

    public async Task<IngestClaim?> ClaimAsync(string workerId, CancellationToken ct = default)
    {
        var outcome = Job.TryClaim(workerId, clock.GetUtcNow(), options.Value.LeaseDuration, options.Value.MaxAttempts);
        switch (outcome)
        {
            case IngestJobState.ClaimOutcome.Granted:
                await state.WriteStateAsync(ct);
                return new IngestClaim(JobId, Job.Attempt, Job.Spec!, Job.Version);
            case IngestJobState.ClaimOutcome.GaveUp:
                await FinishAsync(ct);
                return null;
            default:
                return null;
        }
    }

    public async Task<bool> ReportAsync(int attempt, IngestProgress progress, CancellationToken ct = default)
    {
        if (!Job.Report(attempt, progress, clock.GetUtcNow(), options.Value.LeaseDuration))
        {
            return false;
        }

        await state.WriteStateAsync(ct);
        return true;
    }

    public async Task<bool> CompleteAsync(int attempt, IngestOutput output, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (!Job.IsLive(attempt))
        {
            return false;
        }

        var titleGrain = GrainFactory.Grain<ITitleGrain>(Job.Spec!.TitleId);
        var title = await titleGrain.GetAsync(ct);
        if (title is null)
        {
            Job.Fail([$"title '{Job.Spec.TitleId}' was deleted while it was being ingested"], clock.GetUtcNow());
        }
        else
        {
            // The title becomes playable with exactly the published ladder; its runtime comes from the source when unset.
            await titleGrain.UpsertAsync(title with
            {
                Renditions = output.Renditions,
                SizeGb = output.SizeBytes / 1e9,
                RuntimeMinutes = title.RuntimeMinutes > 0 ? title.RuntimeMinutes : (int)Math.Ceiling(output.DurationSeconds / 60),
            }, ct);
            Job.Succeed(output, clock.GetUtcNow());
        }

        await FinishAsync(ct);
        return true;
    }

    public async Task<bool> FailAsync(int attempt, IReadOnlyList<string> errors, CancellationToken ct = default)
    {
        if (!Job.IsLive(attempt))
        {
            return false;
        }

        Job.Fail(errors.Count > 0 ? errors : ["failed without a reason"], clock.GetUtcNow());
        await FinishAsync(ct);
        return true;
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (!Job.Exists || Job.IsFinished)
        {
            await UnregisterReminderAsync();
            return;
        }

        await ResumeAsync();
    }

    async Task FinishAsync(CancellationToken ct)
    {
        await state.WriteStateAsync(ct);
        await UnregisterReminderAsync();
        metrics.JobFinished(Job.Stage, Job.CompletedAt!.Value - Job.CreatedAt);
        if (Job.Stage == IngestStage.Succeeded)
        {
            LogSucceeded(logger, JobId, Job.Spec!.TitleId, Job.Rungs.Count);
        }
        else
        {
            LogFailed(logger, JobId, Job.Spec?.TitleId, string.Join("; ", Job.Errors));
        }

        _finished?.TrySetResult();
    }

    async Task UnregisterReminderAsync()
    {
        var reminder = await this.GetReminder(ResumeReminder);
        if (reminder is not null)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    void Enqueue()
    {
        if (!queue.TryEnqueue(JobId))
        {
            // The worker queue is full: the reminder offers the job again on its next tick.
            LogQueueFull(logger, JobId);
        }
    }

    IngestJobStatus? Current() => Job.Exists ? Job.ToStatus(JobId) : null;

    [LoggerMessage(Level = LogLevel.Information, Message = "Ingest job {JobId} queued for title {TitleId} from {Source}")]
    private static partial void LogQueued(ILogger logger, Guid jobId, string titleId, string source);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ingest job {JobId} re-queued: its worker stopped reporting (attempt {Attempt})")]
    private static partial void LogResumed(ILogger logger, Guid jobId, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Ingest job {JobId} succeeded: title {TitleId} has {Rungs} rungs")]
    private static partial void LogSucceeded(ILogger logger, Guid jobId, string titleId, int rungs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ingest job {JobId} for title {TitleId} failed: {Errors}")]
    private static partial void LogFailed(ILogger logger, Guid jobId, string? titleId, string errors);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ingest queue full: job {JobId} waits for its reminder")]
    private static partial void LogQueueFull(ILogger logger, Guid jobId);
}
