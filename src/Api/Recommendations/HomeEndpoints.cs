using Marquee.Api.Hosting;
using Marquee.Accounts;
using Marquee.Api.Accounts;
using Marquee.Api.Catalog;
using Marquee.Api.Gateway;
using Marquee.Api.History;
using Marquee.Catalog;
using Marquee.History;
using Marquee.Recommendations;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Options;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace Marquee.Api.Recommendations;

/// <summary>The home page: one call to the profile's recommendation grain, cached briefly, with a trending fallback.</summary>
public static class HomeEndpoints
{
    const int FallbackRowSize = 20;

    static readonly HybridCacheEntryOptions ReadOnly = new()
    {
        Flags = HybridCacheEntryFlags.DisableLocalCacheWrite | HybridCacheEntryFlags.DisableDistributedCacheWrite,
    };

    public static RouteGroupBuilder MapHome(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/home").WithTags("Home").RequireAuthorization();
        group.MapGet("/", GetHomeAsync).WithName("GetHome").WithPriority(RoutePriority.Critical);
        group.MapPost("/artwork-impressions", RecordImpressionAsync).WithName("RecordArtworkImpression").WithPriority(RoutePriority.NonCritical);
        return group;
    }

    /// <summary>
    /// The rows of one of the member's profiles. Served from a 30 s cache; on a miss, one call to the recommendation
    /// grain through the recommendations pipeline. When that fails: the profile's last good page, else regional
    /// trending (and the picked genres), every row marked <c>fallback</c>.
    /// </summary>
    static async Task<Results<SerializedJson<HomeResponse>, Ok<HomeResponse>, ValidationProblem, NotFoundProblem>> GetHomeAsync(
        CurrentMember member,
        IGrainFactory grains,
        DependencyResilience resilience,
        HybridCache cache,
        CacheLifetimes lifetimes,
        CohortService cohorts,
        CatalogReplica replica,
        IOptions<JsonOptions> json,
        CancellationToken ct,
        string? profileId = null)
    {
        if (string.IsNullOrWhiteSpace(profileId))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["profileId"] = ["profileId is required: the id of one of your profiles (GET /api/me/profiles)."],
            });
        }

        if (!Guid.TryParse(profileId, out var id))
        {
            return ProfileAccess.BadProfileId();
        }

        // A warm page is answered without reading the account: its key includes the account that owned the profile.
        var key = CacheKeys.Home(member.AccountId, id);
        if (await cache.GetOrCreateAsync<SerializedJson<HomeResponse>?>(key, static _ => ValueTask.FromResult<SerializedJson<HomeResponse>?>(null),
                ReadOnly, cancellationToken: ct) is { } warm)
        {
            return warm;
        }

        var account = await resilience.ExecuteAsync(Dependency.Accounts, (grains, member.AccountId),
            static (s, t) => s.grains.Grain<IAccountGrain>(s.AccountId).GetAsync(t), ct);
        var profile = account?.Profiles.FirstOrDefault(p => p.ProfileId == id);
        if (account is null || profile is null)
        {
            return ProfileAccess.ProfileNotFound(id);
        }

        var cohort = cohorts.For(member.AccountId);
        var request = new HomeRequest(account.Country, profile.MaturityLevel, profile.FavouriteGenres, UseNewestModel: cohort == Cohort.Beta);
        var state = new HomeCall(grains, resilience, cache, request, id, CohortService.Name(cohort), json.Value.SerializerOptions);
        try
        {
            var page = await cache.GetOrCreateAsync(key, state, static async (s, t) =>
            {
                var home = await s.Resilience.ExecuteAsync(Dependency.Recommendations, s,
                    static (s, t2) => s.Grains.Grain<IRecommendationGrain>(s.ProfileId).GetHomeAsync(s.Request, t2), t);
                var response = HomeResponse.From(s.ProfileId, s.Cohort, home);
                await s.Cache.SetAsync(CacheKeys.LastGoodHome(s.ProfileId), response, CacheEntries.LastKnownGood, [CacheTags.Profile(s.ProfileId)], t);
                // Cached serialized: every hit writes these bytes.
                return SerializedJson.From(response, s.Json);
            }, lifetimes.Home, [CacheTags.Profile(id)], ct);
            return page;
        }
        catch (DependencyUnavailableException)
        {
            return TypedResults.Ok(await FallbackAsync(state, replica, ct));
        }
    }

    /// <summary>Logs that a title card showed an artwork variant (outside the home page, which logs its own).</summary>
    static async Task<Results<NoContent, ValidationProblem, NotFoundProblem>> RecordImpressionAsync(
        ArtworkImpressionRequest body,
        CurrentMember member,
        IGrainFactory grains,
        DependencyResilience resilience,
        CancellationToken ct)
    {
        var id = body.ProfileId!.Value;
        if (!await resilience.OwnsProfileAsync(grains, member, id, ct))
        {
            return ProfileAccess.ProfileNotFound(id);
        }

        await grains.Grain<IRecommendationGrain>(id).RecordImpressionAsync(body.TitleId!, body.ArtworkId!, ct);
        return TypedResults.NoContent();
    }

    static async Task<HomeResponse> FallbackAsync(HomeCall s, CatalogReplica replica, CancellationToken ct)
    {
        var lastGood = await s.Cache.GetOrCreateAsync<HomeResponse?>(
            CacheKeys.LastGoodHome(s.ProfileId), static _ => ValueTask.FromResult<HomeResponse?>(null), ReadOnly, cancellationToken: ct);
        if (lastGood is not null)
        {
            return lastGood with { Rows = [.. lastGood.Rows.Select(r => r with { Fallback = true })] };
        }

        var country = s.Request.Country.ToUpperInvariant();
        var trending = await s.Resilience.ExecuteOrFallbackAsync(Dependency.History, (s.Grains, country),
            static (x, t) => x.Grains.Grain<ITrendingGrain>(x.country).GetTopAsync(FallbackRowSize * 3, t),
            static (_, _, _) => ValueTask.FromResult<IReadOnlyList<TrendingTitle>>([]), ct);
        var rows = new List<HomeRowResponse>();
        var trendingItems = trending
            .Select(t => replica.Find(t.TitleId))
            .OfType<TitleSummary>()
            .Where(t => t.MaturityRating <= s.Request.MaturityLevel && t.IsLicensedIn(country))
            .Take(FallbackRowSize)
            .Select(Card)
            .ToList();
        if (trendingItems.Count > 0)
        {
            rows.Add(new HomeRowResponse($"Trending in {country}", "trending", trendingItems, Fallback: true));
        }

        foreach (var genre in s.Request.FavouriteGenres.Take(2))
        {
            var (items, _) = replica.Browse(genre, country, s.Request.MaturityLevel, 1, FallbackRowSize);
            if (items.Count > 0)
            {
                rows.Add(new HomeRowResponse(genre, "genre", [.. items.Select(Card)], Fallback: true));
            }
        }

        return new HomeResponse(s.ProfileId, s.Cohort, 0, rows);
    }

    static HomeItemResponse Card(TitleSummary t) =>
        new(t.TitleId, t.Name, t.Year, t.Genres, t.MaturityRating, ArtworkId: null, t.ArtworkUrl, Progress: null);

    sealed record HomeCall(IGrainFactory Grains, DependencyResilience Resilience, HybridCache Cache, HomeRequest Request, Guid ProfileId, string Cohort,
        System.Text.Json.JsonSerializerOptions Json);
}
