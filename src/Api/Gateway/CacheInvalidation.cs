using Marquee.Grains.Hosting;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Marquee.Api.Gateway;

/// <summary>
/// Drops cached entries on this API instance and, in cluster mode, on every other one: the removal is published on a
/// Redis channel (the cluster's Redis) that every instance listens to. Without it an instance that did not handle the
/// change served its copy until the entry expired (a home page without the play just stopped on another instance).
/// </summary>
/// <remarks>
/// Best effort across instances: if Redis cannot be reached the removal still happens here, is logged, and the other
/// instances' copies expire on their own (entries are short-lived for that reason). Embedded mode is one instance: no
/// channel.
/// </remarks>
public sealed partial class CacheInvalidation(HybridCache cache, IOptions<OrleansHostingOptions> hosting, ILogger<CacheInvalidation> logger)
    : IHostedService, IAsyncDisposable
{
    /// <summary>The Redis channel the instances share.</summary>
    public static readonly RedisChannel Channel = RedisChannel.Literal("marquee:cache-invalidation");

    const char KeyKind = 'k';
    const char TagKind = 't';

    /// <summary>This instance's id: its own messages come back to it on the channel and are skipped.</summary>
    readonly string _instance = Guid.NewGuid().ToString("N");
    ConnectionMultiplexer? _redis;

    /// <summary>Removes one entry here and on the other instances.</summary>
    public async ValueTask RemoveAsync(string key, CancellationToken ct = default)
    {
        await cache.RemoveAsync(key, ct);
        await PublishAsync(KeyKind, key);
    }

    /// <summary>Removes every entry with the tag here and on the other instances.</summary>
    public async ValueTask RemoveByTagAsync(string tag, CancellationToken ct = default)
    {
        await cache.RemoveByTagAsync(tag, ct);
        await PublishAsync(TagKind, tag);
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var options = hosting.Value;
        if (options.IsEmbedded || string.IsNullOrWhiteSpace(options.Redis))
        {
            return;
        }

        // Not fatal when Redis is down at start: the multiplexer keeps reconnecting and resubscribes when it is back.
        var configuration = ConfigurationOptions.Parse(options.Redis);
        configuration.AbortOnConnectFail = false;
        _redis = await ConnectionMultiplexer.ConnectAsync(configuration);
        await _redis.GetSubscriber().SubscribeAsync(Channel, (channel, message) => _ = ApplyAsync(message));
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }

    async ValueTask PublishAsync(char kind, string value)
    {
        if (_redis is null)
        {
            return;
        }

        try
        {
            await _redis.GetSubscriber().PublishAsync(Channel, Message(_instance, kind, value));
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            LogNotPublished(logger, ex, value);
        }
    }

    async Task ApplyAsync(RedisValue message)
    {
        if (!TryParse(message, out var sender, out var kind, out var value) || sender == _instance)
        {
            return;
        }

        try
        {
            if (kind == TagKind)
            {
                await cache.RemoveByTagAsync(value);
            }
            else
            {
                await cache.RemoveAsync(value);
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogNotApplied(logger, ex, value);
        }
    }

    /// <summary>The message on the channel: <c>{sender}|{k or t}|{key or tag}</c>.</summary>
    internal static string Message(string sender, char kind, string value) => $"{sender}|{kind}|{value}";

    internal static bool TryParse(string? message, out string sender, out char kind, out string value)
    {
        if (message?.Split('|', 3) is [{ Length: > 0 } from, [var k and (KeyKind or TagKind)], { Length: > 0 } rest])
        {
            (sender, kind, value) = (from, k, rest);
            return true;
        }

        (sender, kind, value) = (string.Empty, default, string.Empty);
        return false;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cache removal of {Value} not published to the other API instances (Redis unreachable); their copies expire on their own")]
    static partial void LogNotPublished(ILogger logger, Exception exception, string value);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cache removal of {Value} from another API instance could not be applied here")]
    static partial void LogNotApplied(ILogger logger, Exception exception, string value);
}
