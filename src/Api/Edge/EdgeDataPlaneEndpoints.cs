using Marquee.Api.Gateway;
using Marquee.Grains.Edge;
using Marquee.Ingest;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace Marquee.Api.Edge;

/// <summary>
/// The edge data plane: <c>GET /edge/{nodeId}/{token}/titles/{titleId}/{rung}/{file}</c> serves the variant playlists and
/// segments a playback manifest points at (a node's base URL is <c>{api}/edge/{nodeId}</c>), with range requests. The
/// token is the one playback signed into the manifest (<see cref="MediaUrlSigner"/>): without a valid one for the title,
/// or for a rung taller than the session's cap, the answer is 403.
/// </summary>
public static class EdgeDataPlaneEndpoints
{
    public static IEndpointRouteBuilder MapEdgeDataPlane(this IEndpointRouteBuilder app)
    {
        // Without the API's bearer token, as CDN media URLs are: players fetch segments with the URL's signed token.
        app.MapMethods("/edge/{nodeId}/{**path}", [HttpMethods.Get, HttpMethods.Head], ServeAsync)
            .WithTags("Edge data plane").WithName("EdgeMedia").WithPriority(RoutePriority.Critical)
            .WithSummary($"A media file from an edge node's cache (filled from its region's storage node or the origin on a miss): {{token}}/titles/{{titleId}}/{{rung}}/{MediaLayout.VariantPlaylistName} or a segment, the token signed into a session's manifest.")
            .AllowAnonymous();
        // The last resort steering hands out when no cache can serve (Edge:OriginBaseUrl = {api}/origin).
        app.MapMethods("/origin/{**path}", [HttpMethods.Get, HttpMethods.Head], ServeOriginAsync)
            .WithTags("Edge data plane").WithName("OriginMedia").WithPriority(RoutePriority.Critical)
            .WithSummary("A media file straight from the origin store: {token}/titles/{titleId}/{rung}/index.m3u8 or a segment, the token signed into a session's manifest.")
            .AllowAnonymous();
        return app;
    }

    static async Task<Results<FileStreamHttpResult, NotFound<ProblemDetails>, ProblemHttpResult>> ServeOriginAsync(
        string? path, HttpContext context, EdgeDataPlane plane, EdgeMetrics metrics, MediaUrlSigner signer, TimeProvider clock, CancellationToken ct)
    {
        if (Refused(signer, clock, path, out var media) is { } refused)
        {
            metrics.Request("origin", "refused");
            return refused;
        }

        var obj = media is null ? null : await plane.OpenFromOriginAsync(media, ct);
        metrics.Request("origin", obj is null ? "not_found" : "miss");
        if (obj is null)
        {
            return TypedResults.NotFound(new ProblemDetails
            {
                Title = "No such media",
                Detail = $"The origin has no {path}.",
                Status = StatusCodes.Status404NotFound,
            });
        }

        context.Response.Headers.CacheControl = media!.IsPlaylist ? "no-cache" : "public, max-age=31536000, immutable";
        context.Response.Headers.AccessControlAllowOrigin = "*";
        context.Response.RegisterForDisposeAsync(obj);
        return TypedResults.File(obj.Content, media.ContentType, enableRangeProcessing: obj.Content.CanSeek);
    }

    static async Task<Results<FileStreamHttpResult, NotFound<ProblemDetails>, ProblemHttpResult>> ServeAsync(
        string nodeId, string? path, HttpContext context, EdgeDataPlane plane, EdgeMetrics metrics,
        Microsoft.Extensions.Options.IOptions<EdgeCacheOptions> options, MediaUrlSigner signer, TimeProvider clock, CancellationToken ct)
    {
        // Refused before the node is looked up: the node id is the caller's text, not a label to record.
        if (Refused(signer, clock, path, out var media) is { } refused)
        {
            return refused;
        }

        var (file, failure) = await plane.GetAsync(nodeId, media, ct);
        var stream = file is null ? null : EdgeDataPlane.OpenShared(file.FullPath);
        if (file is null || stream is null)
        {
            return failure == EdgeServeFailure.Offline
                ? TypedResults.Problem(title: "Node offline", detail: $"Edge node {nodeId} is offline.", statusCode: StatusCodes.Status503ServiceUnavailable)
                : TypedResults.NotFound(new ProblemDetails
                {
                    Title = failure == EdgeServeFailure.UnknownNode ? "No such edge node" : "No such media",
                    Detail = failure == EdgeServeFailure.UnknownNode
                        ? $"No edge node {nodeId} is served here."
                        : $"Edge node {nodeId} has no {path}: expected titles/{{titleId}}/{{rung}}/{MediaLayout.VariantPlaylistName} or one of its segments, of an ingested title.",
                    Status = StatusCodes.Status404NotFound,
                });
        }

        // A file was served, so its path parsed.
        var served = media!;
        var headers = context.Response.Headers;
        headers.CacheControl = served.IsPlaylist
            ? $"public, max-age={(int)options.Value.PlaylistTtl.TotalSeconds}"
            : "public, max-age=31536000, immutable";
        headers.AccessControlAllowOrigin = "*";
        headers["X-Cache"] = file.Hit ? "HIT" : "MISS";
        headers["X-Edge-Node"] = nodeId;
        if (!file.Hit)
        {
            headers["X-Cache-Fill"] = file.Source;
        }

        context.Response.OnCompleted(() =>
        {
            if (!HttpMethods.IsHead(context.Request.Method))
            {
                metrics.Served(nodeId, context.Response.ContentLength ?? file.Length);
            }

            return Task.CompletedTask;
        });
        // Segments never change (their names carry the version), so they get a validator; a playlist may change on re-ingest.
        var etag = served.IsPlaylist ? null : new EntityTagHeaderValue($"\"{Path.GetFileNameWithoutExtension(file.FullPath)}-{file.Length:x}\"");
        return TypedResults.File(stream, served.ContentType, lastModified: null, entityTag: etag, enableRangeProcessing: true);
    }

    /// <summary>
    /// 403 unless the path's first segment is a token signed for its title with a cap that covers its rung;
    /// <paramref name="media"/> is the media path after the token. A path that is no media path, with or without a
    /// token, passes with no media (and is answered 404 as before).
    /// </summary>
    static ProblemHttpResult? Refused(MediaUrlSigner signer, TimeProvider clock, string? path, out EdgeMediaPath? media)
    {
        var slash = path?.IndexOf('/', StringComparison.Ordinal) ?? -1;
        var token = slash > 0 ? path![..slash] : null;
        media = token is null ? null : EdgeMediaPath.Parse(path![(slash + 1)..]);
        if (media is null)
        {
            return EdgeMediaPath.Parse(path) is null
                ? null
                : Forbidden("Media URLs carry the token of a session's manifest: {base}/{token}/titles/{titleId}/...; start playback to get one.");
        }

        return signer.Check(token, media.TitleId, media.RungHeight, clock.GetUtcNow()) switch
        {
            null => null,
            MediaUrlRefusal.Expired => Forbidden("The media URL has expired: fetch the session's manifest again, or start a new session."),
            MediaUrlRefusal.AboveCap => Forbidden($"The media URL does not cover {media.RelativePath}: the session's plan, device or title caps it lower."),
            _ => Forbidden($"The media URL is not signed for title {media.TitleId}: use the URLs of a session's manifest."),
        };
    }

    static ProblemHttpResult Forbidden(string detail) =>
        TypedResults.Problem(title: "Media URL refused", detail: detail, statusCode: StatusCodes.Status403Forbidden);
}
