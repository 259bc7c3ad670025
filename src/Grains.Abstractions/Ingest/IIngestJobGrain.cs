using Orleans.Concurrency;

namespace Marquee.Ingest;

/// <summary>
/// One ingest job, keyed by its job id: a source video probed, transcoded to an HLS ladder, published to the origin
/// and registered on its title. The grain holds the job's state; a per-silo background worker does the heavy work
/// and reports back under a lease, so a worker that dies is replaced and its late reports are refused.
/// </summary>
[Alias("ingest.job-grain")]
public interface IIngestJobGrain : IGrainWithGuidKey
{
    /// <summary>Creates the job and queues it; calling it again for the same job returns the job as it is.</summary>
    [Alias("start")] Task<IngestJobStatus> StartAsync(IngestJobSpec spec, CancellationToken ct = default);

    /// <summary>The job's state, per-rung progress and errors, or null when no such job was started.</summary>
    [Alias("get")] Task<IngestJobStatus?> GetAsync(CancellationToken ct = default);

    /// <summary>
    /// Returns once the job has finished (succeeded or failed) or <paramref name="timeout"/> has passed, whichever is
    /// first, with the job as it is then (null when no such job). Lets a caller wait without polling.
    /// </summary>
    /// <remarks>Interleaved: it waits while the worker's calls move the job on.</remarks>
    [AlwaysInterleave, Alias("wait")] Task<IngestJobStatus?> WaitForCompletionAsync(TimeSpan timeout, CancellationToken ct = default);

    /// <summary>Re-queues the job when it is unfinished and no live worker holds it (after a restart or a lost worker).</summary>
    [Alias("resume")] Task<IngestJobStatus?> ResumeAsync(CancellationToken ct = default);

    /// <summary>Worker side: takes the job for a new attempt under a lease; null when it is finished or leased to a live worker.</summary>
    [Alias("claim")] Task<IngestClaim?> ClaimAsync(string workerId, CancellationToken ct = default);

    /// <summary>Worker side: records progress and renews the lease; false when the attempt is no longer the job's live one (stop).</summary>
    [Alias("report")] Task<bool> ReportAsync(int attempt, IngestProgress progress, CancellationToken ct = default);

    /// <summary>Worker side: the output is in the origin; registers the renditions on the title. False when the attempt is stale.</summary>
    [Alias("complete")] Task<bool> CompleteAsync(int attempt, IngestOutput output, CancellationToken ct = default);

    /// <summary>Worker side: the job cannot succeed (bad source, transcode error); the reasons are kept. False when the attempt is stale.</summary>
    [Alias("fail")] Task<bool> FailAsync(int attempt, IReadOnlyList<string> errors, CancellationToken ct = default);
}
