using Marquee.Api.Edge;

namespace Marquee.Api.Tests.Edge;

public sealed class EdgeMediaPathTests
{
    [Theory]
    [InlineData("titles/t-1/720p/index.m3u8", "t-1", "720p/index.m3u8", "application/vnd.apple.mpegurl", true)]
    [InlineData("titles/t-1/720p/0123456789ab_00001.ts", "t-1", "720p/0123456789ab_00001.ts", "video/mp2t", false)]
    [InlineData("titles/t-1/720p/init.mp4", "t-1", "720p/init.mp4", "video/mp4", false)]
    [InlineData("titles/t-1/master.m3u8", "t-1", "master.m3u8", "application/vnd.apple.mpegurl", true)]
    public void Parse_MediaPath_GivesTitleFileAndType(string path, string titleId, string relative, string contentType, bool playlist)
    {
        var media = EdgeMediaPath.Parse(path);

        Assert.Equal(new EdgeMediaPath(titleId, relative, contentType, playlist), media);
    }

    [Theory]
    [InlineData("")]
    [InlineData("t-1/720p/index.m3u8")]
    [InlineData("titles/t-1/720p/../../secret.ts")]
    [InlineData("titles/t-1/720p/.hidden.ts")]
    [InlineData("titles/t-1/720p/run.sh")]
    [InlineData("titles/t-1/other.m3u8")]
    [InlineData("titles/t-1/a/b/c.ts")]
    [InlineData("titles//720p/index.m3u8")]
    public void Parse_AnythingElse_IsRefused(string path)
    {
        Assert.Null(EdgeMediaPath.Parse(path));
    }

    [Fact]
    public void Version_OfSegment_IsItsPrefix_OfPlaylist_IsNull()
    {
        Assert.Equal("0123456789ab", EdgeMediaPath.Parse("titles/t/240p/0123456789ab_00003.ts")!.Version);
        Assert.Null(EdgeMediaPath.Parse("titles/t/240p/index.m3u8")!.Version);
    }
}
