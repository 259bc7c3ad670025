using System.ComponentModel.DataAnnotations;
using Marquee.Api.Accounts;
using Marquee.Api.Gateway;
using Marquee.History;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Marquee.Api.History;

/// <summary>What is being watched now in a country.</summary>
public static class TrendingEndpoints
{
    public static RouteGroupBuilder MapTrending(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/trending").WithTags("Trending").RequireAuthorization().WithPriority(RoutePriority.Degraded);
        group.MapGet("/", GetTrendingAsync).WithName("GetTrending")
            .WithSummary("What is being watched now in a country (yours when omitted), scores halving every 6 hours.");
        return group;
    }

    /// <summary>The top titles of a country (ISO 3166 alpha-2; the member's own country when omitted).</summary>
    static async Task<Results<Ok<TrendingResponse>, ValidationProblem>> GetTrendingAsync(
        CurrentMember member,
        IGrainFactory grains,
        DependencyResilience resilience,
        CancellationToken ct,
        [RegularExpression("^[A-Za-z]{2}$", ErrorMessage = "country must be an ISO 3166 alpha-2 code, two letters (e.g. GB).")] string? country = null,
        [Range(1, 100)] int limit = 20)
    {
        if (string.IsNullOrEmpty(country))
        {
            var account = await resilience.GetAccountAsync(grains, member, ct);
            country = account?.Country;
            if (country is not { Length: 2 })
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]>
                {
                    ["country"] = ["country is required: your account has no country on record."],
                });
            }
        }

        var code = country.ToUpperInvariant();
        var top = await resilience.ExecuteAsync(Dependency.History, (grains, code, limit),
            static (s, token) => s.grains.Grain<ITrendingGrain>(s.code).GetTopAsync(s.limit, token), ct);
        return TypedResults.Ok(new TrendingResponse(code, [.. top.Select(t => new TrendingEntry(t.Rank, t.TitleId, t.Score))]));
    }
}
