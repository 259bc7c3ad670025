using Marquee.Accounts;
using Marquee.Api.Accounts;
using Marquee.Api.Edge;
using Marquee.Api.Gateway;
using Marquee.Catalog;
using Marquee.Edge;
using Marquee.Grains.Playback;
using Marquee.Playback;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Marquee.Api.Playback;

/// <summary>
/// Playback sessions: start (steered, capped, limited), manifest, heartbeats, re-steer, stop. The start path makes
/// its independent grain calls (account, title, steering) at once, then one call to the new session grain (which
/// claims the stream slot); nothing on it reads storage.
/// </summary>
public static class PlaybackEndpoints
{
    const string ManifestContentType = "application/vnd.apple.mpegurl";

    public static IEndpointRouteBuilder MapPlayback(this IEndpointRouteBuilder app)
    {
        // Critical: a shed heartbeat would expire a session that is playing fine.
        // Small answers, every player every 10 s: sent as they are, even to apps that accept compression.
        var group = app.MapGroup("/api/playback").WithTags("Playback").RequireAuthorization().WithPriority(RoutePriority.Critical)
            .WithUncompressedResponses();
        group.MapPost("/", StartAsync).WithName("StartPlayback")
            .WithSummary("Starts a session: the ranked nodes, the ladder capped by plan, device and title, and the manifest URL.");
        group.MapGet("/{sessionId:guid}/manifest.m3u8", ManifestAsync).WithName("GetPlaybackManifest")
            .WithSummary("The session's HLS master playlist; its variants point at the steered node.")
            .Produces<string>(StatusCodes.Status200OK, ManifestContentType);
        group.MapPost("/{sessionId:guid}/heartbeat", HeartbeatAsync).WithName("PlaybackHeartbeat")
            .WithSummary("Keeps the session alive and records position and quality; an error names the failing node.");
        group.MapPost("/{sessionId:guid}/resteer", ResteerAsync).WithName("ResteerPlayback")
            .WithSummary("A new ranked list without the failed node, whose passive health suffers.");
        group.MapPost("/{sessionId:guid}/stop", StopAsync).WithName("StopPlayback")
            .WithSummary("Ends the session, frees its stream slot, and refreshes the profile's home page (Continue Watching). 204 when the position is stored; 202 while viewing history cannot store it yet (the session keeps it until it can).");
        return app;
    }

    static async Task<Results<Created<PlaybackStartedView>, ValidationProblem, ProblemHttpResult>> StartAsync(
        StartPlaybackRequest request, CurrentMember member, HttpContext http, IGrainFactory grains,
        ClientLocator locator, EdgeRegionDirectory regions, DependencyResilience resilience, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.Latitude.HasValue != request.Longitude.HasValue)
        {
            errors[request.Latitude.HasValue ? "longitude" : "latitude"] = ["latitude and longitude go together: send both or neither."];
        }

        if (!PlaybackIds.IsTitleId(request.TitleId))
        {
            errors["titleId"] = [PlaybackIds.TitleIdRule];
        }

        if (request.ProfileId == Guid.Empty)
        {
            errors["profileId"] = ["profileId must be one of the account's profile ids."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var titleId = request.TitleId!;
        var location = locator.Locate(http, request.Latitude, request.Longitude);
        var region = await regions.NearestRegionAsync(location.Point, ct);
        // The three lookups are independent: one round trip of the slowest, under the playback pipeline (timeout, breaker).
        var (account, title, steering) = await resilience.ExecuteAsync(Dependency.Playback, (grains, member.AccountId, titleId, region, location.Point),
            static async (s, token) =>
            {
                var accountCall = s.grains.Grain<IAccountGrain>(s.AccountId).GetAsync(token);
                var titleCall = s.grains.Grain<ITitleGrain>(s.titleId).GetAsync(token);
                var steeringCall = s.region is null
                    ? Task.FromResult(new SteeringDecision(null, [], []))
                    : s.grains.Grain<IRegionSteeringGrain>(s.region).SteerAsync(new SteeringRequest(s.titleId, s.Point, []), token);
                await Task.WhenAll(accountCall, titleCall, steeringCall);
                return (accountCall.Result, titleCall.Result, steeringCall.Result);
            }, ct);

        if (account is null)
        {
            return Problem(StatusCodes.Status404NotFound, "No such account", "The account of this token does not exist.");
        }

        if (account.BillingState == BillingState.PastDue)
        {
            return Problem(StatusCodes.Status402PaymentRequired, "Payment required",
                "The account is past due: settle the failed payment to start playback.");
        }

        var profile = account.Profiles.FirstOrDefault(p => p.ProfileId == request.ProfileId);
        if (profile is null)
        {
            return Problem(StatusCodes.Status404NotFound, "No such profile", $"Profile '{request.ProfileId}' is not a profile of this account.");
        }

        if (title is null || !title.IsLicensedIn(account.Country))
        {
            return Problem(StatusCodes.Status404NotFound, "No such title",
                title is null ? $"Title '{titleId}' is not in the catalogue." : $"Title '{titleId}' is not available in {account.Country}.");
        }

        if (title.MaturityRating > profile.MaturityLevel)
        {
            return Problem(StatusCodes.Status403Forbidden, "Above the profile's maturity level",
                $"Title '{titleId}' is rated {title.MaturityRating}+, above profile '{profile.Name}''s level ({profile.MaturityLevel}).");
        }

        var device = ParseDevice(request.Device!);
        var ladderTop = title.Renditions.Count == 0 ? 0 : title.Renditions.Max(r => r.Height);
        var maxHeight = Math.Min(Math.Min(PlanLimits.MaxHeight(account.Plan), DeviceLimits.MaxHeight(device)), ladderTop);
        var renditions = HlsManifest.Cap(title.Renditions, maxHeight);
        if (renditions.Count == 0)
        {
            return Problem(StatusCodes.Status503ServiceUnavailable, "Not playable yet", $"Title '{titleId}' has no encoded renditions.");
        }

        if (steering.Nodes.Count == 0 || region is null)
        {
            return Problem(StatusCodes.Status503ServiceUnavailable, "No node can serve this title",
                $"No healthy edge or storage node holds '{titleId}' and the origin is off; {steering.Skipped.Count} node(s) near you were left out. Try again shortly.");
        }

        var sessionId = Guid.NewGuid();
        var start = new PlaybackStart(
            member.AccountId, profile.ProfileId, titleId, device, account.Country, PlanLimits.MaxStreams(account.Plan),
            renditions.Max(r => r.Height), renditions, title.RuntimeMinutes * 60.0, location.Point, region, steering);
        var started = await resilience.ExecuteAsync(Dependency.Playback, (grains, sessionId, start),
            static (s, token) => s.grains.Grain<IPlaybackSessionGrain>(s.sessionId).StartAsync(s.start, token), ct);
        if (started.Outcome == PlaybackOutcome.StreamLimitReached)
        {
            return Problem(StatusCodes.Status409Conflict, "Stream limit reached",
                $"The {account.Plan} plan plays {started.MaxStreams} stream(s) at once and {started.ActiveStreams} are playing; stop one first.");
        }

        var session = started.Session!;
        var manifestUrl = ManifestUrl(sessionId);
        return TypedResults.Created(manifestUrl, new PlaybackStartedView(
            sessionId, [.. steering.Nodes.Select(SteeredNodeView.From)], steering.Skipped, session.MaxHeight, session.Renditions, manifestUrl,
            new ClientLocationView(location.Point.Latitude, location.Point.Longitude, location.Source),
            session.ExpiresAt, started.ActiveStreams, started.MaxStreams));
    }

    static async Task<Results<ContentHttpResult, ProblemHttpResult>> ManifestAsync(
        Guid sessionId, CurrentMember member, IGrainFactory grains, DependencyResilience resilience, CancellationToken ct)
    {
        var manifest = await resilience.ExecuteAsync(Dependency.Playback, (grains, sessionId, member.AccountId),
            static (s, token) => s.grains.Grain<IPlaybackSessionGrain>(s.sessionId).GetManifestAsync(s.AccountId, token), ct);
        return manifest.Outcome == PlaybackOutcome.Ok && manifest.Playlist is not null
            ? TypedResults.Text(manifest.Playlist, ManifestContentType)
            : SessionProblem(manifest.Outcome == PlaybackOutcome.Ok ? PlaybackOutcome.Ended : manifest.Outcome, sessionId);
    }

    static async Task<Results<Ok<HeartbeatView>, ValidationProblem, ProblemHttpResult>> HeartbeatAsync(
        Guid sessionId, HeartbeatRequest request, CurrentMember member, IGrainFactory grains, DependencyResilience resilience, CancellationToken ct)
    {
        if (request.ValidationErrors() is { } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var heartbeat = new PlaybackHeartbeat(
            request.PositionSeconds!.Value, request.BitrateKbps!.Value, request.BufferingMs!.Value, request.Error?.NodeId, request.Error?.Message);
        var result = await resilience.ExecuteAsync(Dependency.Playback, (grains, sessionId, member.AccountId, heartbeat),
            static (s, token) => s.grains.Grain<IPlaybackSessionGrain>(s.sessionId).HeartbeatAsync(s.AccountId, s.heartbeat, token), ct);
        return result.Outcome switch
        {
            PlaybackOutcome.Ok => TypedResults.Ok(new HeartbeatView(sessionId, result.Session!.PositionSeconds, result.Session.ExpiresAt, result.Session.SavedPositionSeconds)),
            PlaybackOutcome.UnknownNode => TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["error.nodeId"] = [$"'{request.Error?.NodeId}' is not a node this session was given."],
            }),
            _ => SessionProblem(result.Outcome, sessionId),
        };
    }

    static async Task<Results<Ok<PlaybackSteeringView>, ValidationProblem, ProblemHttpResult>> ResteerAsync(
        Guid sessionId, ResteerRequest request, CurrentMember member, IGrainFactory grains, DependencyResilience resilience, CancellationToken ct)
    {
        var result = await resilience.ExecuteAsync(Dependency.Playback, (grains, sessionId, member.AccountId, request.FailedNodeId!),
            static (s, token) => s.grains.Grain<IPlaybackSessionGrain>(s.sessionId).ResteerAsync(s.AccountId, s.Item4, token), ct);
        if (result.Outcome == PlaybackOutcome.UnknownNode)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["failedNodeId"] = [$"'{request.FailedNodeId}' is not a node this session was given."],
            });
        }

        if (result.Outcome != PlaybackOutcome.Ok)
        {
            return SessionProblem(result.Outcome, sessionId);
        }

        var steering = result.Session!.Steering;
        if (steering.Nodes.Count == 0)
        {
            return Problem(StatusCodes.Status503ServiceUnavailable, "No node can serve this title",
                "Every node that could serve the title is failing or excluded, and the origin is off.");
        }

        return TypedResults.Ok(new PlaybackSteeringView(sessionId, [.. steering.Nodes.Select(SteeredNodeView.From)], steering.Skipped, ManifestUrl(sessionId)));
    }

    static async Task<Results<NoContent, Accepted<StopAcceptedView>, ProblemHttpResult>> StopAsync(
        Guid sessionId, StopPlaybackRequest request, CurrentMember member, IGrainFactory grains, DependencyResilience resilience,
        CacheInvalidation cache, CancellationToken ct)
    {
        var result = await resilience.ExecuteAsync(Dependency.Playback, (grains, sessionId, member.AccountId, request.PositionSeconds!.Value),
            static (s, token) => s.grains.Grain<IPlaybackSessionGrain>(s.sessionId).StopAsync(s.AccountId, s.Value, token), ct);
        if (result.Outcome != PlaybackOutcome.Ok)
        {
            return SessionProblem(result.Outcome, sessionId);
        }

        // The stop is in the profile's history now: its next home page shows the title in Continue Watching at the
        // stopped position instead of a page cached before the play (on every API instance: CacheInvalidation).
        var session = result.Session!;
        await cache.RemoveAsync(CacheKeys.Home(member.AccountId, session.ProfileId), ct);
        // 204 says the stop is durable. While the history store is down it is not yet: the session holds the event and
        // offers it again until it is stored, and the answer says so (202) instead of claiming what a crash could lose.
        return session.UnsavedEvents == 0
            ? TypedResults.NoContent()
            : TypedResults.Accepted((string?)null, new StopAcceptedView(sessionId, session.PositionSeconds, session.SavedPositionSeconds,
                "The session is stopped and its stream slot is free; viewing history cannot store the position right now, so the session keeps it and stores it as soon as history is back."));
    }

    static string ManifestUrl(Guid sessionId) => $"/api/playback/{sessionId}/manifest.m3u8";

    static PlaybackDevice ParseDevice(string device) => device switch
    {
        "tv" => PlaybackDevice.Tv,
        "mobile" => PlaybackDevice.Mobile,
        _ => PlaybackDevice.Desktop,
    };

    static ProblemHttpResult SessionProblem(PlaybackOutcome outcome, Guid sessionId) => outcome == PlaybackOutcome.Ended
        ? Problem(StatusCodes.Status410Gone, "Session ended", $"Session '{sessionId}' was stopped or expired; start a new one.")
        : Problem(StatusCodes.Status404NotFound, "No such session", $"You have no session '{sessionId}'.");

    static ProblemHttpResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(statusCode: status, title: title, detail: detail);
}
