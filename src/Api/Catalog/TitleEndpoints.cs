using Marquee.Api.Accounts;
using Marquee.Api.Gateway;
using Marquee.Api.Hosting;
using Marquee.Catalog;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Options;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace Marquee.Api.Catalog;

/// <summary>Browsing the catalogue: <c>/api/titles</c>, filtered by the profile's country and maturity level.</summary>
public static class TitleEndpoints
{
    public static IEndpointRouteBuilder MapTitles(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/titles").WithTags("Catalogue").RequireMember();
        group.MapGet("/", BrowseAsync).WithName("BrowseTitles")
            .WithSummary("A page of the titles the profile may see, optionally of one genre, by name.");
        group.MapGet("/{titleId}", GetAsync).WithName("GetTitle")
            .WithSummary("A title's details; 404 when unknown, not licensed in the member's country or above the profile's maturity.");
        return app;
    }

    static async Task<Results<Ok<TitlePage>, ValidationProblem, NotFoundProblem>> BrowseAsync(
        CurrentMember member, IGrainFactory grains, DependencyResilience resilience, CatalogReplica replica, CancellationToken ct,
        string? genre = null, int page = 1, int pageSize = 20, Guid? profileId = null)
    {
        var errors = new Dictionary<string, string[]>();
        if (page is < 1 or > 100_000)
        {
            errors["page"] = ["The page field must be between 1 and 100000."];
        }

        if (pageSize is < 1 or > 100)
        {
            errors["pageSize"] = ["The pageSize field must be between 1 and 100."];
        }

        if (genre is { Length: > 40 })
        {
            errors["genre"] = ["The genre field must be at most 40 characters."];
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

        var (items, total) = replica.Browse(string.IsNullOrWhiteSpace(genre) ? null : genre.Trim(), viewer.Country, viewer.MaturityLevel, page, pageSize);
        return TypedResults.Ok(new TitlePage([.. items.Select(TitleCard.From)], page, pageSize, total));
    }

    static async Task<Results<SerializedJson<TitleView>, ValidationProblem, NotFoundProblem>> GetAsync(
        string titleId, CurrentMember member, IGrainFactory grains, DependencyResilience resilience, HybridCache cache,
        CacheLifetimes lifetimes, IOptions<JsonOptions> json, CancellationToken ct, Guid? profileId = null)
    {
        if (!TitleIds.IsValid(titleId))
        {
            return TypedResults.ValidationProblem(TitleIds.Error);
        }

        var viewer = await CatalogViewer.ResolveAsync(grains, resilience, member.AccountId, profileId, ct);
        if (viewer is null)
        {
            return new NotFoundProblem(CatalogProblems.NoViewer(profileId));
        }

        // Hot titles are read from the cache (the admin routes invalidate by tag); a miss is one call through the catalogue's pipeline.
        // The entry keeps the title with its view serialized once (and compressed once per encoding when apps ask),
        // so a hit neither copies the title nor writes its JSON again.
        var cached = await cache.GetOrCreateAsync(
            CacheKeys.Title(titleId),
            (grains, resilience, titleId, json.Value.SerializerOptions),
            static async (s, token) =>
            {
                var title = await s.resilience.ExecuteAsync(Dependency.Catalog, (s.grains, s.titleId),
                    static (t, inner) => t.grains.Grain<ITitleGrain>(t.titleId).GetAsync(inner), token);
                return title is null ? null : new CachedTitle(title, SerializedJson.From(TitleView.From(title), s.SerializerOptions));
            },
            lifetimes.Title,
            [CacheTags.Title(titleId)],
            ct);
        // Unlicensed and too-mature titles answer exactly like missing ones: the profile cannot tell them apart.
        return cached is null || !cached.Title.IsLicensedIn(viewer.Country) || cached.Title.MaturityRating > viewer.MaturityLevel
            ? new NotFoundProblem(CatalogProblems.NoTitle(titleId))
            : cached.View;
    }

    /// <summary>A cached title: the grain's answer (for the viewer's checks) and its view as JSON. Never changed once made.</summary>
    [System.ComponentModel.ImmutableObject(true)]
    internal sealed record CachedTitle(TitleInfo Title, SerializedJson<TitleView> View);
}

/// <summary>Title ids: lower-case letters, digits, dots, dashes and underscores, 1 to 64 characters (<c>demo-001</c>, <c>ml-1</c>).</summary>
internal static class TitleIds
{
    public static bool IsValid(string? titleId) =>
        titleId is { Length: > 0 and <= 64 }
        && (char.IsAsciiLetterLower(titleId[0]) || char.IsAsciiDigit(titleId[0]))
        && titleId.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_' or '.');

    public static Dictionary<string, string[]> Error => new()
    {
        ["titleId"] = ["A title id is 1 to 64 lower-case letters, digits, '.', '-' or '_', starting with a letter or digit."],
    };
}

/// <summary>Problem details the catalogue routes share.</summary>
internal static class CatalogProblems
{
    public static ProblemDetails NoTitle(string titleId) => new()
    {
        Title = "No such title",
        Detail = $"There is no title {titleId} for this profile.",
    };

    public static ProblemDetails NoViewer(Guid? profileId) => new()
    {
        Title = profileId is null ? "No such account" : "No such profile",
        Detail = profileId is null
            ? "The account of this token does not exist."
            : $"The account has no profile {profileId}.",
    };
}
