namespace Marquee.Catalog;

/// <summary>Maturity ratings are ages; a profile sees titles rated at or below its own level.</summary>
public static class MaturityRatings
{
    /// <summary>The ratings a title or a profile may carry.</summary>
    public static IReadOnlyList<int> All { get; } = [0, 7, 13, 16, 18];

    /// <summary>The highest level: everything.</summary>
    public const int Adult = 18;

    /// <summary>The highest level a kids profile may have.</summary>
    public const int KidsMax = 7;

    /// <summary>True when the value is one of <see cref="All"/>.</summary>
    public static bool IsValid(int rating) => All.Contains(rating);
}

/// <summary>What a browse row or a search result card shows of a title, and what filtering it needs.</summary>
[GenerateSerializer, Immutable, Alias("catalog.title-summary")]
public sealed record TitleSummary(
    [property: Id(0)] string TitleId,
    [property: Id(1)] string Name,
    [property: Id(2)] int Year,
    [property: Id(3)] IReadOnlyList<string> Genres,
    [property: Id(4)] IReadOnlyList<string> Cast,
    [property: Id(5)] IReadOnlyList<string> Tags,
    [property: Id(6)] int MaturityRating,
    [property: Id(7)] int RuntimeMinutes,
    [property: Id(8)] IReadOnlyList<string> LicensedCountries,
    [property: Id(9)] string? ArtworkUrl,
    [property: Id(10)] int MaxHeight)
{
    /// <summary>True when the title may be shown in the country (an empty list means everywhere).</summary>
    public bool IsLicensedIn(string country) =>
        LicensedCountries.Count == 0 || LicensedCountries.Contains(country, StringComparer.OrdinalIgnoreCase);

    /// <summary>The summary of a title's details.</summary>
    public static TitleSummary From(TitleInfo title)
    {
        ArgumentNullException.ThrowIfNull(title);
        return new TitleSummary(
            title.TitleId, title.Name, title.Year, title.Genres, title.Cast, title.Tags, title.MaturityRating,
            title.RuntimeMinutes, title.LicensedCountries, title.Artwork.Count > 0 ? title.Artwork[0].Url : null,
            title.Renditions.Count > 0 ? title.Renditions.Max(r => r.Height) : 0);
    }
}

/// <summary>
/// One page of the catalogue's change feed. A reader keeps (<see cref="Epoch"/>, <see cref="Version"/>) and asks for
/// what changed after it; when <see cref="IsSnapshot"/> is set its copy is stale and this page starts it over.
/// </summary>
[GenerateSerializer, Immutable, Alias("catalog.changes")]
public sealed record CatalogChanges(
    [property: Id(0)] Guid Epoch,
    [property: Id(1)] long Version,
    [property: Id(2)] IReadOnlyList<TitleSummary> Upserted,
    [property: Id(3)] IReadOnlyList<string> Removed,
    [property: Id(4)] bool IsSnapshot,
    [property: Id(5)] bool HasMore);

/// <summary>The key of the one catalogue index grain.</summary>
public static class CatalogIndex
{
    /// <summary>The catalogue index is a single grain: <c>GetGrain&lt;ICatalogIndexGrain&gt;(CatalogIndex.Key)</c>.</summary>
    public const long Key = 0;
}

/// <summary>
/// The catalogue's table of contents: a summary of every title, fed by each title grain on change, read as a
/// versioned change feed by the search replicas (and anyone who needs the whole catalogue without a call per title).
/// </summary>
[Alias("catalog.index-grain")]
public interface ICatalogIndexGrain : IGrainWithIntegerKey
{
    /// <summary>Records a created or changed title.</summary>
    [Alias("upsert")] Task UpsertAsync(TitleSummary title, CancellationToken ct = default);

    /// <summary>Records a removed title.</summary>
    [Alias("remove")] Task RemoveAsync(string titleId, CancellationToken ct = default);

    /// <summary>
    /// What changed after <paramref name="afterVersion"/> of <paramref name="epoch"/>, oldest first, at most
    /// <paramref name="max"/> titles. Pass <see cref="Guid.Empty"/> and 0 to read the whole catalogue.
    /// </summary>
    [Alias("changes")] Task<CatalogChanges> GetChangesAsync(Guid epoch, long afterVersion, int max, CancellationToken ct = default);
}
