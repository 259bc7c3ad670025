using System.Diagnostics;
using Marquee.Api.Accounts;
using Marquee.Api.Gateway;
using Marquee.Api.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Marquee.Api.Catalog;

/// <summary>Search: <c>GET /api/search</c>, ranked, typo-tolerant and prefix-aware, over this process's catalogue copy.</summary>
public static class SearchEndpoints
{
    public static IEndpointRouteBuilder MapSearch(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/search", SearchAsync)
            .WithTags("Catalogue").WithName("Search").WithPriority(RoutePriority.Critical).RequireMember()
            .WithSummary("Full-text search over name, cast, genres and tags (\"toy stroy\" finds Toy Story; \"star w\" finds Star W...), filtered for the profile; recorded in its history.");
        return app;
    }

    static async Task<Results<Ok<SearchResponse>, ValidationProblem, NotFoundProblem>> SearchAsync(
        CurrentMember member, IGrainFactory grains, DependencyResilience resilience, CatalogReplica replica, ISearchRecorder recorder, CatalogMetrics metrics,
        CancellationToken ct, string? q = null, int limit = 20, Guid? profileId = null)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(q) || q.Length > 200)
        {
            errors["q"] = ["The q field is required: 1 to 200 characters of search text."];
        }

        if (limit is < 1 or > 50)
        {
            errors["limit"] = ["The limit field must be between 1 and 50."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var viewer = await CatalogViewer.ResolveAsync(grains, resilience, member.AccountId, profileId, ct);
        if (viewer is null)
        {
            return new NotFoundProblem(CatalogProblems.NoViewer(profileId));
        }

        var started = Stopwatch.GetTimestamp();
        var hits = replica.Search(q!, viewer.Country, viewer.MaturityLevel, limit);
        metrics.Searched(Stopwatch.GetElapsedTime(started), hits.Count);
        await recorder.RecordAsync(viewer, q!.Trim(), ct);
        return TypedResults.Ok(new SearchResponse(q.Trim(), [.. hits.Select(h => new SearchHit(
            h.Title.TitleId, h.Title.Name, h.Title.Year, h.Title.Genres, h.Title.Cast, h.Title.MaturityRating, h.Title.ArtworkUrl,
            Math.Round(h.Score, 4)))]));
    }
}
