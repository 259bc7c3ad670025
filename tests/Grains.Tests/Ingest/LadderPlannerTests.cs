using Marquee.Grains.Ingest;
using Marquee.Ingest;

namespace Marquee.Grains.Tests.Ingest;

public sealed class LadderPlannerTests
{
    static IngestSourceInfo Source(int width, int height, double fps = 24, bool audio = true, int? kbps = null) =>
        new("mov,mp4", "h264", width, height, fps, 6, audio, kbps);

    [Fact]
    public void Plan_For720pSource_GivesRungsUpTo720pTallestFirst()
    {
        var ladder = LadderPlanner.Plan(Source(1280, 720), maxRungs: 7);

        Assert.Equal(["720p", "480p", "360p", "240p"], ladder.Select(r => r.Name));
        Assert.Equal((1280, 720), (ladder[0].Width, ladder[0].Height));
        Assert.Equal((854, 480), (ladder[1].Width, ladder[1].Height));
        Assert.True(ladder.Zip(ladder.Skip(1)).All(p => p.First.VideoKbps > p.Second.VideoKbps), "bitrates fall with height");
    }

    [Fact]
    public void Plan_For2160pSource_GivesSevenRungs()
    {
        var ladder = LadderPlanner.Plan(Source(3840, 2160), maxRungs: 7);

        Assert.Equal(7, ladder.Count);
        Assert.Equal(2160, ladder[0].Height);
        Assert.Equal(240, ladder[^1].Height);
    }

    [Fact]
    public void Plan_WhenMaxRungsIsSmaller_KeepsTheTallest()
    {
        var ladder = LadderPlanner.Plan(Source(1920, 1080), maxRungs: 3);

        Assert.Equal(["1080p", "720p", "480p"], ladder.Select(r => r.Name));
    }

    [Fact]
    public void Plan_ForSourceSmallerThanLowestRung_GivesOneRungAtSourceHeight()
    {
        var ladder = LadderPlanner.Plan(Source(320, 180), maxRungs: 7);

        var rung = Assert.Single(ladder);
        Assert.Equal((320, 180), (rung.Width, rung.Height));
    }

    [Fact]
    public void Plan_ForLowBitrateSource_CapsRungsAtSourceBitrate()
    {
        var ladder = LadderPlanner.Plan(Source(1280, 720, kbps: 1000), maxRungs: 7);

        Assert.Equal(1000, ladder[0].VideoKbps);
        Assert.Equal(800, ladder.Single(r => r.Height == 360).VideoKbps);
    }

    [Fact]
    public void Plan_ForHighFrameRate_RaisesBitrateAndHalvesAbove60()
    {
        var at30 = LadderPlanner.Plan(Source(1280, 720, fps: 30), 7)[0];
        var at60 = LadderPlanner.Plan(Source(1280, 720, fps: 60), 7)[0];
        var at120 = LadderPlanner.Plan(Source(1280, 720, fps: 120), 7)[0];

        Assert.True(at60.VideoKbps > at30.VideoKbps);
        Assert.Equal(60, at120.FrameRate);
    }

    [Fact]
    public void Plan_ForPortraitSource_RungsByHeightKeepAspect()
    {
        var ladder = LadderPlanner.Plan(Source(720, 1280), maxRungs: 7);

        Assert.Equal((608, 1080), (ladder[0].Width, ladder[0].Height));
        Assert.Equal((404, 720), (ladder[1].Width, ladder[1].Height));
    }

    [Fact]
    public void Plan_WithoutAudio_HasVideoOnlyCodecs()
    {
        var rung = LadderPlanner.Plan(Source(1280, 720, audio: false), 7)[0];

        Assert.Equal(0, rung.AudioKbps);
        Assert.DoesNotContain("mp4a", rung.Codecs, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1280, 720, 30, 3000, 31)]
    [InlineData(1280, 720, 60, 4500, 32)]
    [InlineData(1920, 1080, 30, 5500, 40)]
    [InlineData(3840, 2160, 30, 15400, 51)]
    [InlineData(426, 240, 24, 500, 30)]
    public void LevelFor_PicksSmallestLevelThatFits(int width, int height, double fps, int kbps, int level)
    {
        Assert.Equal(level, LadderPlanner.LevelFor(width, height, fps, kbps));
    }

    [Theory]
    [InlineData(24, 2, 48)]
    [InlineData(29.97, 4, 120)]
    [InlineData(25, 6, 150)]
    public void GopFrames_IsFrameRateTimesSegmentSeconds(double fps, int seconds, int gop)
    {
        Assert.Equal(gop, LadderPlanner.GopFrames(fps, seconds));
    }
}
