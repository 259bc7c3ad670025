using Marquee.Api.Hosting;
using System.ComponentModel.DataAnnotations;
using Marquee.Api.Accounts;
using Marquee.Api.Gateway;
using Marquee.History;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Marquee.Api.History;

/// <summary>A member's viewing history and continue-watching row, per profile of their own account.</summary>
public static class HistoryEndpoints
{
    // The profile id is bound as text and parsed here, so a malformed one is a 400 that names the field
    // (a Guid route parameter would answer a bare 400, a :guid constraint a 404).
    public static RouteGroupBuilder MapHistory(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/me/profiles/{profileId}").WithTags("History").RequireAuthorization()
            .WithPriority(RoutePriority.Degraded);
        group.MapGet("/history", GetHistoryAsync).WithName("GetViewingHistory")
            .WithSummary("One of your profiles' viewing and search history, newest first, a page at a time.");
        group.MapGet("/continue-watching", GetContinueWatchingAsync).WithName("GetContinueWatching")
            .WithSummary("Titles one of your profiles started and has not finished, with where to resume.");
        return group;
    }

    /// <summary>The profile's history, newest first, a page at a time (pages count from 1).</summary>
    static async Task<Results<Ok<HistoryPageResponse>, ValidationProblem, NotFoundProblem>> GetHistoryAsync(
        string profileId,
        CurrentMember member,
        IGrainFactory grains,
        DependencyResilience resilience,
        CancellationToken ct,
        [Range(1, 10_000)] int page = 1,
        [Range(1, 100)] int pageSize = 20)
    {
        if (!Guid.TryParse(profileId, out var id))
        {
            return ProfileAccess.BadProfileId();
        }

        if (!await resilience.OwnsProfileAsync(grains, member, id, ct))
        {
            return ProfileAccess.ProfileNotFound(id);
        }

        var result = await resilience.ExecuteAsync(Dependency.History, (grains, id, page, pageSize),
            static (s, token) => s.grains.Grain<IViewingHistoryGrain>(s.id).GetPageAsync(s.page, s.pageSize, token), ct);
        return TypedResults.Ok(new HistoryPageResponse([.. result.Items.Select(HistoryEntry.From)], result.Page, result.PageSize, result.HasMore));
    }

    /// <summary>Titles the profile started and has not finished, with where to resume, most recent first.</summary>
    static async Task<Results<Ok<ContinueWatchingResponse>, ValidationProblem, NotFoundProblem>> GetContinueWatchingAsync(
        string profileId,
        CurrentMember member,
        IGrainFactory grains,
        DependencyResilience resilience,
        CancellationToken ct,
        [Range(1, 100)] int limit = 20)
    {
        if (!Guid.TryParse(profileId, out var id))
        {
            return ProfileAccess.BadProfileId();
        }

        if (!await resilience.OwnsProfileAsync(grains, member, id, ct))
        {
            return ProfileAccess.ProfileNotFound(id);
        }

        var items = await resilience.ExecuteAsync(Dependency.History, (grains, id, limit),
            static (s, token) => s.grains.Grain<IViewingHistoryGrain>(s.id).GetContinueWatchingAsync(s.limit, token), ct);
        return TypedResults.Ok(new ContinueWatchingResponse(
            [.. items.Select(i => new ContinueWatchingEntry(i.TitleId, i.PositionSeconds, i.Completion, i.LastWatchedAt, i.Device))]));
    }
}
