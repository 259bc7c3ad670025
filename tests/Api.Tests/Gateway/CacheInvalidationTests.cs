using Marquee.Api.Gateway;

namespace Marquee.Api.Tests.Gateway;

/// <summary>The message another API instance reads from the cache-invalidation channel.</summary>
public sealed class CacheInvalidationTests
{
    [Theory]
    [InlineData('k', "home:0f8e9c1d2b3a4f5e6d7c8b9a0f1e2d3c:1a2b3c4d5e6f70819283746556473829")]
    [InlineData('t', "profile:1a2b3c4d5e6f70819283746556473829")]
    [InlineData('t', "title:demo-001")]
    [InlineData('k', "odd|key|with|bars")]
    public void AMessage_ReadsBackAsTheSenderTheKindAndTheValue(char kind, string value)
    {
        var message = CacheInvalidation.Message("sender-1", kind, value);

        Assert.True(CacheInvalidation.TryParse(message, out var sender, out var readKind, out var readValue));
        Assert.Equal("sender-1", sender);
        Assert.Equal(kind, readKind);
        Assert.Equal(value, readValue);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("no-separators")]
    [InlineData("|k|key")]
    [InlineData("sender|x|key")]
    [InlineData("sender|k")]
    [InlineData("sender|k|")]
    [InlineData("sender|kk|key")]
    public void AMalformedMessage_IsNotApplied(string? message) =>
        Assert.False(CacheInvalidation.TryParse(message, out _, out _, out _));
}
