using Marquee.Grains.Ingest;
using Microsoft.Extensions.Options;

namespace Marquee.Grains.Tests.Ingest;

/// <summary>ffprobe validation and the HLS encode, against real ffmpeg on clips made in the test.</summary>
public sealed class MediaToolsTests : IDisposable
{
    readonly string _folder = Path.Combine(Path.GetTempPath(), "marquee-media-tests", Guid.NewGuid().ToString("N"));
    readonly IOptions<IngestOptions> _options;
    readonly MediaProbe _probe;
    readonly HlsTranscoder _transcoder;

    public MediaToolsTests()
    {
        _options = Options.Create(new IngestOptions { DataFolder = _folder, SegmentSeconds = 2, Preset = "ultrafast" });
        var binaries = new FfmpegBinaries(_options);
        _probe = new MediaProbe(_options, binaries);
        _transcoder = new HlsTranscoder(_options, binaries);
    }

    [Fact]
    public async Task ProbeAsync_WithClip_ReadsSizeRateDurationAndAudio()
    {
        var clip = await TestClip.GenerateAsync(_folder, 640, 360, fps: 25, seconds: 2);

        var result = await _probe.ProbeAsync(clip, TestContext.Current.CancellationToken);

        Assert.True(result.IsUsable, string.Join("; ", result.Errors));
        var source = result.Source!;
        Assert.Equal((640, 360), (source.Width, source.Height));
        Assert.Equal(25, source.FrameRate, 1);
        Assert.Equal(2, source.DurationSeconds, 0);
        Assert.True(source.HasAudio);
    }

    [Fact]
    public async Task ProbeAsync_WithCorruptFile_SaysTheContainerCannotBeRead()
    {
        var result = await _probe.ProbeAsync(TestClip.Corrupt(_folder), TestContext.Current.CancellationToken);

        Assert.False(result.IsUsable);
        Assert.Contains("could not be read", Assert.Single(result.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProbeAsync_WithAudioOnlyFile_SaysThereIsNoVideoStream()
    {
        var path = Path.Combine(_folder, "tone.m4a");
        Directory.CreateDirectory(_folder);
        await RunFfmpegAsync($"-f lavfi -i sine=frequency=440 -t 1 -c:a aac \"{path}\"");

        var result = await _probe.ProbeAsync(path, TestContext.Current.CancellationToken);

        Assert.Contains("no video stream", Assert.Single(result.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EncodeAsync_WritesSegmentsThatEachStartOnAKeyframe()
    {
        var clip = await TestClip.GenerateAsync(_folder, 640, 360, fps: 24, seconds: 6);
        var source = (await _probe.ProbeAsync(clip, TestContext.Current.CancellationToken)).Source!;
        var rung = LadderPlanner.Plan(source, 1)[0];
        var output = Path.Combine(_folder, "out", rung.Name);
        var progress = new List<double>();

        await _transcoder.EncodeAsync(clip, source, rung, output, "0123456789ab", p => progress.Add(p), TestContext.Current.CancellationToken);

        var playlist = await File.ReadAllLinesAsync(Path.Combine(output, "index.m3u8"), TestContext.Current.CancellationToken);
        var segments = playlist.Where(l => l.EndsWith(".ts", StringComparison.Ordinal)).ToList();
        Assert.Equal(["0123456789ab_00000.ts", "0123456789ab_00001.ts", "0123456789ab_00002.ts"], segments);
        Assert.Contains("#EXT-X-ENDLIST", playlist);
        Assert.Equal(100, progress[^1]);
        foreach (var segment in segments)
        {
            var keyframes = await TestClip.KeyframeTimesAsync(Path.Combine(output, segment));
            Assert.Single(keyframes);
        }

        var probe = await TestClip.ProbeAsync(Path.Combine(output, segments[1]));
        Assert.Contains("\"codec_name\": \"h264\"", probe, StringComparison.Ordinal);
        Assert.Contains("\"codec_name\": \"aac\"", probe, StringComparison.Ordinal);
    }

    static async Task RunFfmpegAsync(string args)
    {
        using var process = System.Diagnostics.Process.Start("ffmpeg", $"-hide_banner -loglevel error -y {args}");
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.Equal(0, process.ExitCode);
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
