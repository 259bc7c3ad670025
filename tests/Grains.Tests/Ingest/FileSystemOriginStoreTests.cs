using Marquee.Grains.Ingest;
using Microsoft.Extensions.Options;

namespace Marquee.Grains.Tests.Ingest;

public sealed class FileSystemOriginStoreTests : IDisposable
{
    readonly string _root = Path.Combine(Path.GetTempPath(), "marquee-origin-tests", Guid.NewGuid().ToString("N"));
    readonly FileSystemOriginStore _store;

    public FileSystemOriginStoreTests()
    {
        _store = new FileSystemOriginStore(Options.Create(new IngestOptions { DataFolder = _root }));
    }

    string Staged(string version, string content)
    {
        var dir = Path.Combine(_root, "stage", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(dir, "720p"));
        File.WriteAllText(Path.Combine(dir, "720p", "index.m3u8"), content);
        File.WriteAllText(Path.Combine(dir, "720p", $"{version}_00000.ts"), "segment");
        return dir;
    }

    static async Task<string?> ReadAsync(OriginObject? obj)
    {
        if (obj is null)
        {
            return null;
        }

        await using (obj)
        {
            using var reader = new StreamReader(obj.Content);
            return await reader.ReadToEndAsync();
        }
    }

    [Fact]
    public async Task PublishAsync_MakesVersionCurrentAndReadable()
    {
        await _store.PublishAsync("t-1", "aaaaaaaaaaaa", Staged("aaaaaaaaaaaa", "v1"));

        Assert.Equal("aaaaaaaaaaaa", await _store.GetCurrentVersionAsync("t-1"));
        Assert.Equal("v1", await ReadAsync(await _store.OpenReadAsync("t-1", "aaaaaaaaaaaa", "720p/index.m3u8")));
        Assert.Equal(["720p/aaaaaaaaaaaa_00000.ts", "720p/index.m3u8"], await _store.ListAsync("t-1", "aaaaaaaaaaaa"));
    }

    [Fact]
    public async Task PublishAsync_SameVersionTwice_KeepsTheFirstCopy()
    {
        await _store.PublishAsync("t-1", "aaaaaaaaaaaa", Staged("aaaaaaaaaaaa", "first"));
        await _store.PublishAsync("t-1", "aaaaaaaaaaaa", Staged("aaaaaaaaaaaa", "second"));

        Assert.Equal("first", await ReadAsync(await _store.OpenReadAsync("t-1", "aaaaaaaaaaaa", "720p/index.m3u8")));
        Assert.Single(Directory.GetDirectories(Path.Combine(_root, "origin", "t-1")));
    }

    [Fact]
    public async Task PublishAsync_NewVersion_SwitchesCurrentAndKeepsPreviousForCaches()
    {
        await _store.PublishAsync("t-1", "aaaaaaaaaaaa", Staged("aaaaaaaaaaaa", "v1"));
        await _store.PublishAsync("t-1", "bbbbbbbbbbbb", Staged("bbbbbbbbbbbb", "v2"));
        await _store.PublishAsync("t-1", "cccccccccccc", Staged("cccccccccccc", "v3"));

        Assert.Equal("cccccccccccc", await _store.GetCurrentVersionAsync("t-1"));
        Assert.True(await _store.HasVersionAsync("t-1", "bbbbbbbbbbbb"));
        Assert.False(await _store.HasVersionAsync("t-1", "aaaaaaaaaaaa"));
    }

    [Fact]
    public async Task OpenReadAsync_WithPathEscapingTheVersion_ReturnsNull()
    {
        await _store.PublishAsync("t-1", "aaaaaaaaaaaa", Staged("aaaaaaaaaaaa", "v1"));

        Assert.Null(await _store.OpenReadAsync("t-1", "aaaaaaaaaaaa", "../current"));
        Assert.Null(await _store.OpenReadAsync("t-1", "aaaaaaaaaaaa", "720p/missing.ts"));
    }

    [Fact]
    public async Task GetCurrentVersionAsync_ForUnknownTitle_ReturnsNull()
    {
        Assert.Null(await _store.GetCurrentVersionAsync("never-ingested"));
    }

    [Theory]
    [InlineData("720p/0123456789ab_00012.ts", "0123456789ab")]
    [InlineData("720p/index.m3u8", null)]
    [InlineData("720p/seg_00012.ts", null)]
    public void VersionOf_ReadsTheSegmentPrefix(string path, string? version)
    {
        Assert.Equal(version, OriginNames.VersionOf(path));
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}
