namespace Marquee.Catalog;

/// <summary>One encoded rung of a title's adaptive-bitrate ladder.</summary>
[GenerateSerializer, Immutable, Alias("catalog.rendition")]
public sealed record Rendition(
    [property: Id(0)] int Width,
    [property: Id(1)] int Height,
    [property: Id(2)] int BitrateKbps,
    [property: Id(3)] string Codec);

/// <summary>One piece of artwork a title can be shown with; a bandit picks among them per profile.</summary>
[GenerateSerializer, Immutable, Alias("catalog.artwork")]
public sealed record ArtworkVariant(
    [property: Id(0)] string Id,
    [property: Id(1)] string Url,
    [property: Id(2)] IReadOnlyList<string> Tags);

/// <summary>Everything the service knows of a title.</summary>
/// <remarks>
/// Maturity ratings are ages (0 all, 7, 13, 16, 18); an empty country list means licensed everywhere.
/// <c>ImmutableObject</c> lets the API's HybridCache hand every hit the same instance instead of a deserialized copy.
/// </remarks>
[GenerateSerializer, Immutable, Alias("catalog.title"), System.ComponentModel.ImmutableObject(true)]
public sealed record TitleInfo(
    [property: Id(0)] string TitleId,
    [property: Id(1)] string Name,
    [property: Id(2)] int Year,
    [property: Id(3)] IReadOnlyList<string> Genres,
    [property: Id(4)] IReadOnlyList<string> Cast,
    [property: Id(5)] string Synopsis,
    [property: Id(6)] int MaturityRating,
    [property: Id(7)] int RuntimeMinutes,
    [property: Id(8)] IReadOnlyList<string> Tags,
    [property: Id(9)] IReadOnlyList<ArtworkVariant> Artwork,
    [property: Id(10)] IReadOnlyList<Rendition> Renditions,
    [property: Id(11)] IReadOnlyList<string> LicensedCountries,
    [property: Id(12)] double SizeGb)
{
    /// <summary>True when the title may be shown in the country (ISO 3166 alpha-2).</summary>
    public bool IsLicensedIn(string country) =>
        LicensedCountries.Count == 0 || LicensedCountries.Contains(country, StringComparer.OrdinalIgnoreCase);
}
