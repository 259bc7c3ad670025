using Marquee.Catalog;

namespace Marquee.Ingest;

/// <summary>Where an ingest job is.</summary>
public enum IngestStage
{
    /// <summary>Accepted, waiting for a worker.</summary>
    Queued = 0,
    /// <summary>The source is being checked with ffprobe.</summary>
    Probing = 1,
    /// <summary>The ladder's rungs are being encoded.</summary>
    Transcoding = 2,
    /// <summary>The output is being moved into the origin and registered on the title.</summary>
    Publishing = 3,
    /// <summary>Done: the title carries the new renditions.</summary>
    Succeeded = 4,
    /// <summary>Stopped for good; <see cref="IngestJobStatus.Errors"/> says why. Nothing was published.</summary>
    Failed = 5,
}

/// <summary>What to ingest: the source file (already on storage the silo reads) and the title it is for.</summary>
/// <param name="TitleId">The catalogue title the renditions are registered on.</param>
/// <param name="SourcePath">Absolute path of the source video.</param>
/// <param name="SourceName">The name the operator knows the source by (upload file name or intake path).</param>
/// <param name="DeleteSourceWhenDone">True for uploads: the job removes the source when it finishes.</param>
[GenerateSerializer, Immutable, Alias("ingest.job-spec")]
public sealed record IngestJobSpec(
    [property: Id(0)] string TitleId,
    [property: Id(1)] string SourcePath,
    [property: Id(2)] string SourceName,
    [property: Id(3)] bool DeleteSourceWhenDone);

/// <summary>What ffprobe found in the source.</summary>
[GenerateSerializer, Immutable, Alias("ingest.source-info")]
public sealed record IngestSourceInfo(
    [property: Id(0)] string Container,
    [property: Id(1)] string VideoCodec,
    [property: Id(2)] int Width,
    [property: Id(3)] int Height,
    [property: Id(4)] double FrameRate,
    [property: Id(5)] double DurationSeconds,
    [property: Id(6)] bool HasAudio,
    [property: Id(7)] int? BitrateKbps);

/// <summary>One rung of the planned ladder and how far its encode has come.</summary>
/// <param name="Name">The rung's folder and name, e.g. <c>720p</c>.</param>
/// <param name="Width">Encoded width in pixels.</param>
/// <param name="Height">Encoded height in pixels.</param>
/// <param name="BitrateKbps">Target bitrate, video plus audio.</param>
/// <param name="Percent">0 to 100.</param>
/// <param name="Done">True once the rung's playlist and segments are written.</param>
[GenerateSerializer, Immutable, Alias("ingest.rung-progress")]
public sealed record IngestRungProgress(
    [property: Id(0)] string Name,
    [property: Id(1)] int Width,
    [property: Id(2)] int Height,
    [property: Id(3)] int BitrateKbps,
    [property: Id(4)] double Percent,
    [property: Id(5)] bool Done);

/// <summary>A worker's snapshot of the job (it replaces the previous one).</summary>
[GenerateSerializer, Immutable, Alias("ingest.progress")]
public sealed record IngestProgress(
    [property: Id(0)] IngestStage Stage,
    [property: Id(1)] IngestSourceInfo? Source,
    [property: Id(2)] IReadOnlyList<IngestRungProgress> Rungs);

/// <summary>The published result of a job.</summary>
/// <param name="Version">The origin version the output was published as.</param>
/// <param name="Renditions">The ladder, tallest first, as registered on the title.</param>
/// <param name="SizeBytes">Bytes of every rung together (playlists and segments).</param>
/// <param name="DurationSeconds">The source's duration.</param>
[GenerateSerializer, Immutable, Alias("ingest.output")]
public sealed record IngestOutput(
    [property: Id(0)] string Version,
    [property: Id(1)] IReadOnlyList<Rendition> Renditions,
    [property: Id(2)] long SizeBytes,
    [property: Id(3)] double DurationSeconds);

/// <summary>A worker's lease on one attempt of a job.</summary>
/// <param name="JobId">The job.</param>
/// <param name="Spec">What to ingest.</param>
/// <param name="Attempt">1 for the first attempt; reports carry it so a replaced worker is refused.</param>
/// <param name="Version">The origin version this job publishes as (the same for every attempt).</param>
[GenerateSerializer, Immutable, Alias("ingest.claim")]
public sealed record IngestClaim(
    [property: Id(0)] Guid JobId,
    [property: Id(1)] int Attempt,
    [property: Id(2)] IngestJobSpec Spec,
    [property: Id(3)] string Version);

/// <summary>An ingest job as an operator sees it.</summary>
[GenerateSerializer, Immutable, Alias("ingest.job-status")]
public sealed record IngestJobStatus(
    [property: Id(0)] Guid JobId,
    [property: Id(1)] string TitleId,
    [property: Id(2)] string SourceName,
    [property: Id(3)] IngestStage Stage,
    [property: Id(4)] int Attempt,
    [property: Id(5)] IngestSourceInfo? Source,
    [property: Id(6)] IReadOnlyList<IngestRungProgress> Rungs,
    [property: Id(7)] IReadOnlyList<string> Errors,
    [property: Id(8)] DateTimeOffset CreatedAt,
    [property: Id(9)] DateTimeOffset UpdatedAt,
    [property: Id(10)] DateTimeOffset? CompletedAt,
    [property: Id(11)] IngestOutput? Output)
{
    /// <summary>True once the job has succeeded or failed.</summary>
    public bool IsFinished => Stage is IngestStage.Succeeded or IngestStage.Failed;
}
