using System.Globalization;
using System.Text;
using System.Text.Json;
using Marquee.Catalog;
using Marquee.Ingest;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Marquee.Grains.Ingest;

/// <summary>
/// One attempt at a job: claim it, probe the source, plan the ladder, encode each rung into a private work folder,
/// publish the whole output to the origin as the job's version, and complete the job (which registers the renditions).
/// Any failure before publishing leaves the origin and the title untouched.
/// </summary>
public sealed partial class IngestPipeline(
    IGrainFactory grains,
    MediaProbe probe,
    HlsTranscoder transcoder,
    IOriginStore origin,
    IngestMetrics metrics,
    IOptions<IngestOptions> options,
    TimeProvider clock,
    ILogger<IngestPipeline> logger)
{
    /// <summary>The record a published version carries of itself, so a resumed job can complete without re-encoding.</summary>
    public const string PublishRecord = "publish.json";

    static readonly TimeSpan ReportEvery = TimeSpan.FromSeconds(1);

    readonly string _workerId = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    public async Task RunAsync(Guid jobId, CancellationToken ct)
    {
        var job = grains.Grain<IIngestJobGrain>(jobId);
        var claim = await job.ClaimAsync(_workerId, ct).ConfigureAwait(false);
        if (claim is null)
        {
            return;
        }

        LogClaimed(logger, jobId, claim.Attempt, _workerId);
        var workDir = Path.Combine(options.Value.Work, jobId.ToString("N"));
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(ct);
        using var reporter = new Reporter(job, claim.Attempt, clock, attempt);
        try
        {
            // A previous attempt's leftovers are never reused: each attempt starts from an empty folder.
            DeleteFolder(workDir);
            Directory.CreateDirectory(workDir);
            var outcome = await RunAttemptAsync(claim, workDir, reporter, attempt.Token).ConfigureAwait(false);
            var accepted = outcome.Output is not null
                ? await job.CompleteAsync(claim.Attempt, outcome.Output, ct).ConfigureAwait(false)
                : await job.FailAsync(claim.Attempt, outcome.Errors, ct).ConfigureAwait(false);
            if (accepted && claim.Spec.DeleteSourceWhenDone)
            {
                DeleteSource(claim.Spec.SourcePath);
            }
        }
        catch (OperationCanceledException) when (attempt.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            LogLeaseLost(logger, jobId, claim.Attempt);
        }
        finally
        {
            DeleteFolder(workDir);
        }
    }

    async Task<(IngestOutput? Output, IReadOnlyList<string> Errors)> RunAttemptAsync(
        IngestClaim claim, string workDir, Reporter reporter, CancellationToken ct)
    {
        var spec = claim.Spec;
        if (await origin.HasVersionAsync(spec.TitleId, claim.Version, ct).ConfigureAwait(false))
        {
            // An earlier attempt published and then lost its worker before completing: finish from the origin's record.
            var published = await ReadPublishRecordAsync(spec.TitleId, claim.Version, ct).ConfigureAwait(false);
            if (published is not null)
            {
                return (published, []);
            }
        }

        await reporter.ReportAsync(new IngestProgress(IngestStage.Probing, null, []), force: true).ConfigureAwait(false);
        if (!File.Exists(spec.SourcePath))
        {
            return (null, [$"the source '{spec.SourceName}' is gone"]);
        }

        var probed = await probe.ProbeAsync(spec.SourcePath, ct).ConfigureAwait(false);
        if (!probed.IsUsable)
        {
            return (null, probed.Errors);
        }

        var source = probed.Source!;
        var ladder = LadderPlanner.Plan(source, options.Value.MaxRungs);
        var rungs = ladder.Select(r => new IngestRungProgress(r.Name, r.Width, r.Height, r.TotalKbps, 0, false)).ToArray();
        await reporter.ReportAsync(new IngestProgress(IngestStage.Transcoding, source, rungs), force: true).ConfigureAwait(false);

        var outDir = Path.Combine(workDir, "out");
        for (var i = 0; i < ladder.Count; i++)
        {
            var rung = ladder[i];
            var index = i;
            var started = clock.GetTimestamp();
            try
            {
                await transcoder.EncodeAsync(spec.SourcePath, source, rung, Path.Combine(outDir, rung.Name), claim.Version,
                    percent =>
                    {
                        rungs[index] = rungs[index] with { Percent = Math.Round(Math.Clamp(percent, 0, 100), 1) };
                        _ = reporter.ReportAsync(new IngestProgress(IngestStage.Transcoding, source, [.. rungs]), force: false);
                    },
                    ct).ConfigureAwait(false);
            }
            catch (TranscodeException ex)
            {
                return (null, [ex.Message]);
            }

            metrics.RungEncoded(rung.Name, clock.GetElapsedTime(started));
            rungs[index] = rungs[index] with { Percent = 100, Done = true };
            await reporter.ReportAsync(new IngestProgress(IngestStage.Transcoding, source, [.. rungs]), force: true).ConfigureAwait(false);
        }

        var renditions = ladder.Select(r => new Rendition(r.Width, r.Height, r.VideoKbps, "h264")).ToList();
        await File.WriteAllTextAsync(Path.Combine(outDir, MediaLayout.MasterPlaylistName), MasterPlaylist(ladder), ct).ConfigureAwait(false);
        var size = Directory.EnumerateFiles(outDir, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
        var output = new IngestOutput(claim.Version, renditions, size, source.DurationSeconds);
        await File.WriteAllTextAsync(Path.Combine(outDir, PublishRecord), JsonSerializer.Serialize(output), ct).ConfigureAwait(false);

        await reporter.ReportAsync(new IngestProgress(IngestStage.Publishing, source, [.. rungs]), force: true).ConfigureAwait(false);
        await origin.PublishAsync(spec.TitleId, claim.Version, outDir, ct).ConfigureAwait(false);
        metrics.Published(size);
        return (output, []);
    }

    async Task<IngestOutput?> ReadPublishRecordAsync(string titleId, string version, CancellationToken ct)
    {
        var record = await origin.OpenReadAsync(titleId, version, PublishRecord, ct).ConfigureAwait(false);
        if (record is null)
        {
            return null;
        }

        await using (record.ConfigureAwait(false))
        {
            return await JsonSerializer.DeserializeAsync<IngestOutput>(record.Content, cancellationToken: ct).ConfigureAwait(false);
        }
    }

    /// <summary>A master playlist over the ladder, kept in the origin for direct checks (players get theirs from playback).</summary>
    public static string MasterPlaylist(IReadOnlyList<LadderRung> ladder)
    {
        ArgumentNullException.ThrowIfNull(ladder);
        var m3u8 = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:6\n#EXT-X-INDEPENDENT-SEGMENTS\n");
        foreach (var r in ladder)
        {
            m3u8.Append(CultureInfo.InvariantCulture,
                $"#EXT-X-STREAM-INF:BANDWIDTH={r.TotalKbps * 1100},AVERAGE-BANDWIDTH={r.TotalKbps * 1000},RESOLUTION={r.Width}x{r.Height},FRAME-RATE={r.FrameRate:0.000},CODECS=\"{r.Codecs}\"\n");
            m3u8.Append(CultureInfo.InvariantCulture, $"{r.Name}/{MediaLayout.VariantPlaylistName}\n");
        }

        return m3u8.ToString();
    }

    void DeleteSource(string path)
    {
        try
        {
            File.Delete(path);
            var dir = Path.GetDirectoryName(path);
            if (dir is not null && Path.GetFullPath(dir).StartsWith(options.Value.Uploads, StringComparison.Ordinal)
                && Directory.Exists(dir) && !Directory.EnumerateFileSystemEntries(dir).Any())
            {
                Directory.Delete(dir);
            }
        }
        catch (IOException ex)
        {
            LogCleanupFailed(logger, path, ex);
        }
    }

    void DeleteFolder(string dir)
    {
        try
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
        catch (IOException ex)
        {
            LogCleanupFailed(logger, dir, ex);
        }
    }

    /// <summary>
    /// Sends progress to the job: at most once a second while encoding, always at a stage change. Reports go one at a
    /// time and in order; a refused report (another worker took over) stops the attempt.
    /// </summary>
    sealed class Reporter(IIngestJobGrain job, int attempt, TimeProvider clock, CancellationTokenSource lease) : IDisposable
    {
        readonly SemaphoreSlim _gate = new(1, 1);
        long _last;

        public async Task ReportAsync(IngestProgress progress, bool force)
        {
            if (!force && (_last != 0 && clock.GetElapsedTime(_last) < ReportEvery || !_gate.Wait(0)))
            {
                return;
            }

            if (force)
            {
                await _gate.WaitAsync().ConfigureAwait(false);
            }

            try
            {
                _last = clock.GetTimestamp();
                if (!await job.ReportAsync(attempt, progress).ConfigureAwait(false))
                {
                    await lease.CancelAsync().ConfigureAwait(false);
                }
            }
            catch (Exception) when (!force)
            {
                // A lost progress report only delays the lease renewal to the next one.
            }
            finally
            {
                _gate.Release();
            }
        }

        public void Dispose() => _gate.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Ingest job {JobId} attempt {Attempt} claimed by {Worker}")]
    private static partial void LogClaimed(ILogger logger, Guid jobId, int attempt, string worker);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ingest job {JobId} attempt {Attempt} stopped: another worker took the job over")]
    private static partial void LogLeaseLost(ILogger logger, Guid jobId, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not clean up {Path}")]
    private static partial void LogCleanupFailed(ILogger logger, string path, Exception exception);
}
