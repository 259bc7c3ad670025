namespace Marquee.Catalog;

/// <summary>One title of the catalogue, keyed by its title id; the source of truth for its details.</summary>
[Alias("catalog.title-grain")]
public interface ITitleGrain : IGrainWithStringKey
{
    /// <summary>The title's details, or null when no such title exists (never created, or deleted).</summary>
    [Alias("get")] Task<TitleInfo?> GetAsync(CancellationToken ct = default);

    /// <summary>Creates or replaces the title; the catalogue index and search follow.</summary>
    [Alias("upsert")] Task UpsertAsync(TitleInfo title, CancellationToken ct = default);

    /// <summary>Removes the title; false when it did not exist.</summary>
    [Alias("delete")] Task<bool> DeleteAsync(CancellationToken ct = default);
}
