using Marquee.Api.Gateway;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.DependencyInjection;

namespace Marquee.Api.Tests.Gateway;

[Collection(GatewayCollection.Name)]
public sealed class CachingTests(GatewayFactory factory)
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    HybridCache Cache => factory.Services.GetRequiredService<HybridCache>();

    HybridCacheEntryOptions TitleEntry => factory.Services.GetRequiredService<CacheLifetimes>().Title;

    CacheInvalidation Invalidation => factory.Services.GetRequiredService<CacheInvalidation>();

    [Fact]
    public async Task GetOrCreate_WhenManyReadersMissAtOnce_LoadsTheSourceOnce()
    {
        var titleId = $"t-{Guid.NewGuid():N}";
        var loads = 0;
        var source = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);

        var readers = Enumerable.Range(0, 20).Select(_ => Cache.GetOrCreateAsync(CacheKeys.Title(titleId), async ct =>
        {
            Interlocked.Increment(ref loads);
            return await source.Task.WaitAsync(ct);
        }, TitleEntry, [CacheTags.Title(titleId)], Ct).AsTask()).ToList();
        source.SetResult("The Title");
        var values = await Task.WhenAll(readers);

        Assert.Equal(1, loads);
        Assert.All(values, v => Assert.Equal("The Title", v));
    }

    [Fact]
    public async Task RemoveByTag_WhenTheSourceChanged_MakesTheNextReadLoadAgain()
    {
        var titleId = $"t-{Guid.NewGuid():N}";
        var version = 1;
        ValueTask<string> Load(CancellationToken _) => ValueTask.FromResult($"v{version}");

        var first = await Cache.GetOrCreateAsync(CacheKeys.Title(titleId), Load, TitleEntry, [CacheTags.Title(titleId)], Ct);
        version = 2;
        var cached = await Cache.GetOrCreateAsync(CacheKeys.Title(titleId), Load, TitleEntry, [CacheTags.Title(titleId)], Ct);
        await Invalidation.RemoveByTagAsync(CacheTags.Title(titleId), Ct);
        factory.Clock.Advance(TimeSpan.FromMilliseconds(1));
        var reloaded = await Cache.GetOrCreateAsync(CacheKeys.Title(titleId), Load, TitleEntry, [CacheTags.Title(titleId)], Ct);

        Assert.Equal("v1", first);
        Assert.Equal("v1", cached);
        Assert.Equal("v2", reloaded);
    }
}
