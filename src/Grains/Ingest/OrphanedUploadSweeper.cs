using Marquee.Ingest;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Marquee.Grains.Ingest;

/// <summary>
/// Removes uploads no job will read: a folder of the uploads area (<c>uploads/&lt;job id&gt;</c>) whose files have not
/// been written for <see cref="IngestOptions.OrphanedUploadAge"/> and whose job does not exist or is finished. A job
/// removes its own upload when it ends; what is left is an upload whose API died before starting the job, a job whose
/// state was lost (embedded mode keeps it in memory), or a finished job whose worker died before removing it.
/// </summary>
public sealed partial class OrphanedUploadSweeper(
    IGrainFactory grains,
    TimeProvider clock,
    IOptions<IngestOptions> options,
    ILogger<OrphanedUploadSweeper> logger)
{
    /// <summary>Sweeps the uploads area once; returns how many upload folders it removed.</summary>
    public async Task<int> SweepAsync(CancellationToken ct)
    {
        var uploads = options.Value.Uploads;
        if (!Directory.Exists(uploads))
        {
            return 0;
        }

        var removed = 0;
        var olderThan = clock.GetUtcNow().UtcDateTime - options.Value.OrphanedUploadAge;
        foreach (var dir in Directory.EnumerateDirectories(uploads))
        {
            if (!Guid.TryParseExact(Path.GetFileName(dir), "N", out var jobId) || LastWrite(dir) > olderThan)
            {
                continue;
            }

            try
            {
                var job = await grains.GetGrain<IIngestJobGrain>(jobId).GetAsync(ct).ConfigureAwait(false);
                if (job is not null && !job.IsFinished)
                {
                    continue;
                }

                Directory.Delete(dir, recursive: true);
                removed++;
                LogRemoved(logger, jobId, job is null ? "no job" : "job finished");
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                LogRemoveFailed(logger, jobId, ex);
            }
        }

        return removed;
    }

    /// <summary>The latest write to the folder or any file in it (an upload being received is written continuously).</summary>
    static DateTime LastWrite(string dir) => Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories)
        .Select(File.GetLastWriteTimeUtc)
        .Append(Directory.GetLastWriteTimeUtc(dir))
        .Max();

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed the orphaned upload of ingest job {JobId} ({Reason})")]
    private static partial void LogRemoved(ILogger logger, Guid jobId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not remove the orphaned upload of ingest job {JobId}")]
    private static partial void LogRemoveFailed(ILogger logger, Guid jobId, Exception exception);
}
