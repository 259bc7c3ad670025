using System.ComponentModel.DataAnnotations;
using Marquee.Catalog;

namespace Marquee.Api.Catalog;

/// <summary>A title as a browse row or a search result shows it.</summary>
public sealed record TitleCard(
    string TitleId,
    string Name,
    int Year,
    IReadOnlyList<string> Genres,
    int MaturityRating,
    int RuntimeMinutes,
    string? ArtworkUrl,
    int MaxHeight)
{
    public static TitleCard From(TitleSummary title)
    {
        ArgumentNullException.ThrowIfNull(title);
        return new TitleCard(title.TitleId, title.Name, title.Year, title.Genres, title.MaturityRating, title.RuntimeMinutes, title.ArtworkUrl, title.MaxHeight);
    }
}

/// <summary>One page of a browse; <see cref="Total"/> counts every title the profile may see with this filter.</summary>
public sealed record TitlePage(IReadOnlyList<TitleCard> Items, int Page, int PageSize, int Total);

/// <summary>One search result, best first.</summary>
public sealed record SearchHit(
    string TitleId,
    string Name,
    int Year,
    IReadOnlyList<string> Genres,
    IReadOnlyList<string> Cast,
    int MaturityRating,
    string? ArtworkUrl,
    double Score);

/// <summary>The results of a search.</summary>
public sealed record SearchResponse(string Query, IReadOnlyList<SearchHit> Results);

/// <summary>Everything a member may read of a title.</summary>
public sealed record TitleView(
    string TitleId,
    string Name,
    int Year,
    IReadOnlyList<string> Genres,
    IReadOnlyList<string> Cast,
    string Synopsis,
    int MaturityRating,
    int RuntimeMinutes,
    IReadOnlyList<string> Tags,
    IReadOnlyList<ArtworkVariant> Artwork,
    IReadOnlyList<Rendition> Renditions,
    IReadOnlyList<string> LicensedCountries,
    double SizeGb)
{
    public static TitleView From(TitleInfo t)
    {
        ArgumentNullException.ThrowIfNull(t);
        return new TitleView(t.TitleId, t.Name, t.Year, t.Genres, t.Cast, t.Synopsis, t.MaturityRating, t.RuntimeMinutes, t.Tags,
            t.Artwork, t.Renditions, t.LicensedCountries, t.SizeGb);
    }
}

/// <summary>A title to create or replace (admin).</summary>
/// <param name="Name">1 to 200 characters.</param>
/// <param name="Year">1870 to 2100.</param>
/// <param name="Genres">1 to 10 genres.</param>
/// <param name="MaturityRating">0, 7, 13, 16 or 18.</param>
/// <param name="RuntimeMinutes">1 to 1000.</param>
/// <param name="Cast">Up to 50 names.</param>
/// <param name="Synopsis">Up to 4000 characters.</param>
/// <param name="Tags">Up to 30 tags (moods, themes); searched like the name.</param>
/// <param name="Artwork">Up to 10 variants; 3 defaults when empty.</param>
/// <param name="Renditions">The encoding ladder; a 240p to 2160p default when empty.</param>
/// <param name="LicensedCountries">ISO alpha-2 codes; empty means licensed everywhere.</param>
public sealed record TitleRequest(
    [property: Required, StringLength(200, MinimumLength = 1)] string Name,
    [property: Range(1870, 2100)] int Year,
    [property: Required, MinLength(1), MaxLength(10)] IReadOnlyList<string> Genres,
    [property: Required] int? MaturityRating,
    [property: Range(1, 1000)] int RuntimeMinutes,
    [property: MaxLength(50)] IReadOnlyList<string>? Cast = null,
    [property: MaxLength(4000)] string? Synopsis = null,
    [property: MaxLength(30)] IReadOnlyList<string>? Tags = null,
    [property: MaxLength(10)] IReadOnlyList<ArtworkRequest>? Artwork = null,
    [property: MaxLength(12)] IReadOnlyList<RenditionRequest>? Renditions = null,
    [property: MaxLength(250)] IReadOnlyList<string>? LicensedCountries = null);

/// <summary>One artwork variant of a title.</summary>
public sealed record ArtworkRequest(
    [property: Required, RegularExpression("^[A-Za-z0-9_-]{1,32}$")] string Id,
    [property: Required, Url, MaxLength(500)] string Url,
    [property: MaxLength(10)] IReadOnlyList<string>? Tags = null);

/// <summary>One rung of a title's encoding ladder.</summary>
public sealed record RenditionRequest(
    [property: Range(16, 7680)] int Width,
    [property: Range(16, 4320)] int Height,
    [property: Range(50, 200_000)] int BitrateKbps,
    [property: Required, RegularExpression("^(h264|hevc|av1|vp9)$")] string Codec);

/// <summary>The outcome of a catalogue import.</summary>
public sealed record ImportReport(string Format, int Imported, int Skipped, IReadOnlyList<string> SkippedLines, long ElapsedMilliseconds, int CatalogueSize);
