using System.ComponentModel;
using Marquee.Recommendations;

namespace Marquee.Api.Recommendations;

// [ImmutableObject(true)] lets HybridCache hand the same instance to every hit instead of a deserialized copy.

/// <summary>A profile's home page.</summary>
/// <param name="ProfileId">The profile.</param>
/// <param name="Cohort">stable or beta: which model version ranked it.</param>
/// <param name="ModelVersion">The model version (0: cold start, no model yet).</param>
/// <param name="Rows">The rows, best first.</param>
[ImmutableObject(true)]
public sealed record HomeResponse(Guid ProfileId, string Cohort, int ModelVersion, IReadOnlyList<HomeRowResponse> Rows)
{
    /// <summary>The response for a page the recommendation grain assembled.</summary>
    public static HomeResponse From(Guid profileId, string cohort, HomePage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        return new HomeResponse(profileId, cohort, page.ModelVersion, [.. page.Rows.Select(HomeRowResponse.From)]);
    }
}

/// <summary>One row; <see cref="Fallback"/> is true when it stands in for rows that could not be computed.</summary>
[ImmutableObject(true)]
public sealed record HomeRowResponse(string Name, string Kind, IReadOnlyList<HomeItemResponse> Items, bool Fallback)
{
    /// <summary>The response row of a grain row.</summary>
    public static HomeRowResponse From(HomeRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new HomeRowResponse(row.Name, row.Kind, [.. row.Items.Select(HomeItemResponse.From)], row.IsFallback);
    }
}

/// <summary>One title card, with the artwork chosen for the profile.</summary>
[ImmutableObject(true)]
public sealed record HomeItemResponse(
    string TitleId, string Name, int Year, IReadOnlyList<string> Genres, int MaturityRating, string? ArtworkId, string? ArtworkUrl, double? Progress)
{
    /// <summary>The response card of a grain item.</summary>
    public static HomeItemResponse From(HomeItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return new HomeItemResponse(item.TitleId, item.Name, item.Year, item.Genres, item.MaturityRating, item.ArtworkId, item.ArtworkUrl, item.Progress);
    }
}

/// <summary>An artwork impression a client reports (a title card shown outside the home page).</summary>
/// <param name="ProfileId">The profile that saw it.</param>
/// <param name="TitleId">The title.</param>
/// <param name="ArtworkId">The variant shown.</param>
public sealed record ArtworkImpressionRequest(
    [property: System.ComponentModel.DataAnnotations.Required] Guid? ProfileId,
    [property: System.ComponentModel.DataAnnotations.Required, System.ComponentModel.DataAnnotations.StringLength(200, MinimumLength = 1)] string? TitleId,
    [property: System.ComponentModel.DataAnnotations.Required, System.ComponentModel.DataAnnotations.StringLength(200, MinimumLength = 1)] string? ArtworkId);
