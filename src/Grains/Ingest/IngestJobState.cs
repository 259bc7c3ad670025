using Marquee.Ingest;

namespace Marquee.Grains.Ingest;

/// <summary>
/// An ingest job's durable state and its rules: who may work on it (one live lease at a time), which reports count
/// (only the live attempt's), and when a job whose workers keep vanishing gives up. Plain, so tests reach it without a cluster.
/// </summary>
[GenerateSerializer, Alias("ingest.job-state")]
public sealed class IngestJobState
{
    [Id(0)] public IngestJobSpec? Spec { get; set; }
    [Id(1)] public IngestStage Stage { get; set; }
    [Id(2)] public int Attempt { get; set; }
    [Id(3)] public string? LeaseHolder { get; set; }
    [Id(4)] public DateTimeOffset LeaseUntil { get; set; }
    [Id(5)] public IngestSourceInfo? Source { get; set; }
    [Id(6)] public List<IngestRungProgress> Rungs { get; set; } = [];
    [Id(7)] public List<string> Errors { get; set; } = [];
    [Id(8)] public DateTimeOffset CreatedAt { get; set; }
    [Id(9)] public DateTimeOffset UpdatedAt { get; set; }
    [Id(10)] public DateTimeOffset? CompletedAt { get; set; }
    [Id(11)] public string Version { get; set; } = "";
    [Id(12)] public IngestOutput? Output { get; set; }

    public bool Exists => Spec is not null;

    public bool IsFinished => Stage is IngestStage.Succeeded or IngestStage.Failed;

    /// <summary>True when no worker holds a live lease (never claimed, or its lease ran out).</summary>
    public bool IsUnleased(DateTimeOffset now) => LeaseHolder is null || LeaseUntil <= now;

    /// <summary>True when an unfinished job should be handed to a worker now.</summary>
    public bool NeedsWorker(DateTimeOffset now) => Exists && !IsFinished && IsUnleased(now);

    public void Create(IngestJobSpec spec, string version, DateTimeOffset now)
    {
        Spec = spec;
        Version = version;
        Stage = IngestStage.Queued;
        CreatedAt = UpdatedAt = now;
    }

    /// <summary>The outcome of a worker asking for the job.</summary>
    public enum ClaimOutcome
    {
        /// <summary>The worker holds the job for a new attempt.</summary>
        Granted,
        /// <summary>Finished, missing, or leased to another live worker.</summary>
        Refused,
        /// <summary>Too many attempts already: the job has just been failed.</summary>
        GaveUp,
    }

    public ClaimOutcome TryClaim(string workerId, DateTimeOffset now, TimeSpan lease, int maxAttempts)
    {
        if (!Exists || IsFinished || (!IsUnleased(now) && LeaseHolder != workerId))
        {
            return ClaimOutcome.Refused;
        }

        if (Attempt >= maxAttempts)
        {
            Fail([$"gave up after {Attempt} attempt(s): the worker stopped reporting (silo restarts or crashes)"], now);
            return ClaimOutcome.GaveUp;
        }

        Attempt++;
        LeaseHolder = workerId;
        LeaseUntil = now + lease;
        Stage = IngestStage.Probing;
        Errors.Clear();
        UpdatedAt = now;
        return ClaimOutcome.Granted;
    }

    /// <summary>True when <paramref name="attempt"/> is the job's live attempt, whose reports count.</summary>
    public bool IsLive(int attempt) => Exists && !IsFinished && attempt == Attempt && LeaseHolder is not null;

    public bool Report(int attempt, IngestProgress progress, DateTimeOffset now, TimeSpan lease)
    {
        ArgumentNullException.ThrowIfNull(progress);
        if (!IsLive(attempt) || progress.Stage is IngestStage.Succeeded or IngestStage.Failed)
        {
            return false;
        }

        Stage = progress.Stage;
        Source = progress.Source ?? Source;
        Rungs = [.. progress.Rungs];
        LeaseUntil = now + lease;
        UpdatedAt = now;
        return true;
    }

    public void Succeed(IngestOutput output, DateTimeOffset now)
    {
        Output = output;
        Stage = IngestStage.Succeeded;
        Finish(now);
    }

    public void Fail(IReadOnlyList<string> errors, DateTimeOffset now)
    {
        Errors = [.. errors];
        Stage = IngestStage.Failed;
        Finish(now);
    }

    public IngestJobStatus ToStatus(Guid jobId) => new(
        jobId, Spec?.TitleId ?? "", Spec?.SourceName ?? "", Stage, Attempt, Source, [.. Rungs], [.. Errors],
        CreatedAt, UpdatedAt, CompletedAt, Output);

    void Finish(DateTimeOffset now)
    {
        LeaseHolder = null;
        CompletedAt = UpdatedAt = now;
    }
}
