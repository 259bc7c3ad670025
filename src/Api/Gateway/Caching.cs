using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Options;

namespace Marquee.Api.Gateway;

/// <summary>
/// Hot reads (the EVCache role) through <see cref="HybridCache"/>: one factory call per key however many requests miss
/// at once (stampede protection), and tag invalidation when the source changes.
/// </summary>
/// <remarks>
/// The cache is in-process (L1) only. A removal reaches every API instance through <see cref="CacheInvalidation"/>
/// (a Redis channel in cluster mode); lifetimes stay short so that a removal lost on the way (Redis down) heals soon.
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
        services.AddOptions<CacheOptions>().BindConfiguration(CacheOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<CacheLifetimes>();
        services.AddSingleton<CacheInvalidation>();
        services.AddHostedService(sp => sp.GetRequiredService<CacheInvalidation>());
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

    /// <summary>Last-known-good copies used as fallbacks: an hour.</summary>
    public static HybridCacheEntryOptions LastKnownGood { get; } = new() { Expiration = TimeSpan.FromHours(1), LocalCacheExpiration = TimeSpan.FromHours(1) };
}

/// <summary>How long hot entries live (<c>Cache:Home</c>, <c>Cache:Title</c>); removals end them sooner on every instance.</summary>
public sealed class CacheOptions
{
    public const string Section = "Cache";

    /// <summary>A profile's home page: personal and fresh, 30 s by default.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan Home { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A title's details: invalidated by tag on update, one minute by default.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan Title { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>The configured lifetimes as entry options, built once.</summary>
public sealed class CacheLifetimes(IOptions<CacheOptions> options)
{
    public HybridCacheEntryOptions Home { get; } = Entry(options.Value.Home);

    public HybridCacheEntryOptions Title { get; } = Entry(options.Value.Title);

    static HybridCacheEntryOptions Entry(TimeSpan lifetime) => new() { Expiration = lifetime, LocalCacheExpiration = lifetime };
}
