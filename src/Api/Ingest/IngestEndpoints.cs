using Marquee.Api.Accounts;
using Marquee.Api.Gateway;
using Marquee.Catalog;
using Marquee.Grains.Ingest;
using Marquee.Ingest;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Marquee.Api.Ingest;

/// <summary>Ingest administration: <c>POST /api/admin/ingest</c> and <c>GET /api/admin/ingest/{jobId}</c> (admin role).</summary>
public static class IngestEndpoints
{
    /// <summary>The longest a status request may wait for the job to finish (under the grain call timeout).</summary>
    public const int MaxWaitSeconds = 25;

    public static RouteGroupBuilder MapIngest(this IEndpointRouteBuilder app)
    {
        var maxUpload = app.ServiceProvider.GetRequiredService<IOptions<IngestOptions>>().Value.MaxUploadBytes;
        var group = app.MapGroup("/api/admin/ingest").WithTags("Ingest").RequireAuthorization(AuthSetup.AdminPolicy)
            .WithPriority(RoutePriority.NonCritical);
        group.MapPost("/", StartAsync).WithName("StartIngest")
            .WithRequestBodyLimit(maxUpload)
            .WithSummary("Ingests a source video for a title (admin): multipart titleId + file, or titleId + path inside the intake folder.")
            .Accepts<IngestUploadForm>("multipart/form-data", "application/x-www-form-urlencoded")
            .DisableAntiforgery();
        group.MapGet("/{jobId:guid}", GetAsync).WithName("GetIngestJob")
            .WithSummary("An ingest job's state, per-rung progress and errors; wait=N holds the answer up to N seconds for the job to finish.");
        return group;
    }

    static async Task<Results<Accepted<IngestAccepted>, ValidationProblem, NotFound<ProblemDetails>, ProblemHttpResult>> StartAsync(
        HttpRequest request, IGrainFactory grains, IOptions<IngestOptions> options, CancellationToken ct)
    {
        var jobId = Guid.NewGuid();
        IngestForm? form;
        Dictionary<string, string[]> errors;
        try
        {
            (form, errors) = await IngestRequestReader.ReadAsync(request, jobId, options.Value, ct);
        }
        catch (Exception ex) when (ex is InvalidDataException or BadHttpRequestException)
        {
            IngestRequestReader.DeleteUpload(Path.Combine(options.Value.Uploads, jobId.ToString("N"), "source"));
            var status = ex is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status400BadRequest;
            return TypedResults.Problem(
                title: status == StatusCodes.Status413PayloadTooLarge ? "Upload too large" : "Unreadable upload",
                detail: status == StatusCodes.Status413PayloadTooLarge ? $"The upload is larger than Ingest:MaxUploadBytes ({options.Value.MaxUploadBytes} bytes)." : ex.Message,
                statusCode: status);
        }

        if (form is null)
        {
            return TypedResults.ValidationProblem(errors);
        }

        if (await grains.Grain<ITitleGrain>(form.TitleId).GetAsync(ct) is null)
        {
            if (form.IsUpload)
            {
                IngestRequestReader.DeleteUpload(form.SourcePath);
            }

            return TypedResults.NotFound(new ProblemDetails
            {
                Title = "No such title",
                Detail = $"There is no title {form.TitleId}: create it in the catalogue first, then ingest its video.",
                Status = StatusCodes.Status404NotFound,
            });
        }

        var started = await grains.Grain<IIngestJobGrain>(jobId)
            .StartAsync(new IngestJobSpec(form.TitleId, form.SourcePath, form.SourceName, form.IsUpload), ct);
        var location = $"/api/admin/ingest/{jobId}";
        return TypedResults.Accepted(location, new IngestAccepted(jobId, started.TitleId, location));
    }

    static async Task<Results<Ok<IngestJobView>, NotFound<ProblemDetails>, ValidationProblem>> GetAsync(
        Guid jobId, IGrainFactory grains, CancellationToken ct, int wait = 0)
    {
        if (wait is < 0 or > MaxWaitSeconds)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["wait"] = [$"wait is 0 to {MaxWaitSeconds} seconds."],
            });
        }

        var grain = grains.Grain<IIngestJobGrain>(jobId);
        var status = wait > 0
            ? await grain.WaitForCompletionAsync(TimeSpan.FromSeconds(wait), ct)
            : await grain.GetAsync(ct);
        return status is null
            ? TypedResults.NotFound(new ProblemDetails
            {
                Title = "No such ingest job",
                Detail = $"There is no ingest job {jobId}.",
                Status = StatusCodes.Status404NotFound,
            })
            : TypedResults.Ok(IngestJobView.From(status));
    }
}

/// <summary>The form <c>POST /api/admin/ingest</c> takes (documentation only: the body is streamed, not bound).</summary>
/// <param name="TitleId">The catalogue title the video is for.</param>
/// <param name="File">The source video (multipart only).</param>
/// <param name="Path">Instead of a file: a path relative to the intake folder.</param>
public sealed record IngestUploadForm(string TitleId, IFormFile? File, string? Path);

/// <summary>An accepted ingest job and where to follow it.</summary>
public sealed record IngestAccepted(Guid JobId, string TitleId, string StatusUrl);

/// <summary>An ingest job for operators: <c>state</c> is queued, probing, transcoding, publishing, succeeded or failed;
/// <c>errors</c> lists why a job failed; <c>renditions</c> and <c>sizeBytes</c> are set once it succeeded.</summary>
public sealed record IngestJobView(
    Guid JobId,
    string TitleId,
    string SourceName,
    string State,
    int Attempt,
    IngestSourceInfo? Source,
    IReadOnlyList<IngestRungProgress> Rungs,
    IReadOnlyList<string> Errors,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? CompletedAt,
    IReadOnlyList<Rendition> Renditions,
    long? SizeBytes)
{
    public static IngestJobView From(IngestJobStatus s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return new(s.JobId, s.TitleId, s.SourceName, s.Stage.ToString().ToLowerInvariant(), s.Attempt, s.Source, s.Rungs,
            s.Errors, s.CreatedAt, s.UpdatedAt, s.CompletedAt, s.Output?.Renditions ?? [], s.Output?.SizeBytes);
    }
}
