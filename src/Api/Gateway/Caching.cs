using Microsoft.Extensions.Caching.Hybrid;

namespace Marquee.Api.Gateway;

/// <summary>
/// Hot reads (the EVCache role) through <see cref="HybridCache"/>: one factory call per key however many requests miss
/// at once (stampede protection), and tag invalidation when the source changes.
/// </summary>
/// <remarks>
/// The cache is in-process (L1) only: with several API instances an invalidation reaches the instance that made it at
/// once and the others within the entry's lifetime, which is why lifetimes are short.
/// </remarks>
public static class CachingSetup
{
    public static IServiceCollection AddMarqueeCaching(this IServiceCollection services)
    {
        services.AddHybridCache(options =>
        {
            options.MaximumPayloadBytes = 1024 * 1024;
            options.DefaultEntryOptions = CacheEntries.Default;
        });
        return services;
    }
}

/// <summary>Cache keys, one place, so readers and invalidators agree.</summary>
public static class CacheKeys
{
    /// <summary>A title's details.</summary>
    public static string Title(string titleId) => $"title:{titleId}";

    /// <summary>
    /// A profile's home page, served from cache for a short while. Keyed by the account too: an entry exists only if the
    /// account owned the profile when the page was made, so a hit needs no ownership check (removing a profile drops its
    /// entries by tag), and another account's request for the profile can never hit it.
    /// </summary>
    public static string Home(Guid accountId, Guid profileId) => $"home:{accountId:N}:{profileId:N}";

    /// <summary>A profile's last good home page, kept longer: the fallback while recommendations are down.</summary>
    public static string LastGoodHome(Guid profileId) => $"home-last-good:{profileId:N}";
}

/// <summary>Tags that invalidate groups of entries: <c>await cache.RemoveByTagAsync(CacheTags.Title(id), ct)</c>.</summary>
public static class CacheTags
{
    /// <summary>Everything derived from one title (its details, rows that show it).</summary>
    public static string Title(string titleId) => $"title:{titleId}";

    /// <summary>Everything cached for one profile.</summary>
    public static string Profile(Guid profileId) => $"profile:{profileId:N}";
}

/// <summary>Entry lifetimes.</summary>
public static class CacheEntries
{
    /// <summary>The default: one minute.</summary>
    public static HybridCacheEntryOptions Default { get; } = new() { Expiration = TimeSpan.FromMinutes(1), LocalCacheExpiration = TimeSpan.FromMinutes(1) };

    /// <summary>Title details: invalidated by tag on update; one minute bounds staleness on the other API instances.</summary>
    public static HybridCacheEntryOptions Title { get; } = new() { Expiration = TimeSpan.FromMinutes(1), LocalCacheExpiration = TimeSpan.FromMinutes(1) };

    /// <summary>Home rows are personal and fresh: thirty seconds.</summary>
    public static HybridCacheEntryOptions Home { get; } = new() { Expiration = TimeSpan.FromSeconds(30), LocalCacheExpiration = TimeSpan.FromSeconds(30) };

    /// <summary>Last-known-good copies used as fallbacks: an hour.</summary>
    public static HybridCacheEntryOptions LastKnownGood { get; } = new() { Expiration = TimeSpan.FromHours(1), LocalCacheExpiration = TimeSpan.FromHours(1) };
}
