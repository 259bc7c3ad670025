using BenchmarkDotNet.Attributes;
using Marquee.Catalog;
using Marquee.Grains.Catalog;
using Marquee.Grains.Ingest;
using Marquee.Grains.Playback;
using Marquee.Ingest;

namespace Marquee.Micro.Playback;

/// <summary>
/// The HLS master playlists Marquee writes. Baseline: the session's playlist for a TV (the six-rung ladder 240p to
/// 2160p, H.264 and HEVC), rendered once per play by the session grain. Then a phone's: the ladder capped at 720p (the
/// API's cap) and rendered. Then the ingest's master playlist over a ladder planned from a 1080p source, written once
/// per ingest. Media (variant) playlists are written by ffmpeg during ingest, not by Marquee code: nothing to measure.
/// </summary>
[MemoryDiagnoser]
public class ManifestBenchmarks
{
    const string BaseUrl = "https://edge-eu-west-1-17.cdn.example/";
    const string TitleId = "demo-042";
    /// <summary>A signed media token as the session puts before titles/ (its length; the signature is not checked here).</summary>
    const string Token = "1790000000-2160-3q2-7wAAAAAAAAAAAAAAAA";

    IReadOnlyList<Rendition> _ladder = null!;
    IReadOnlyList<LadderRung> _ingestLadder = null!;
    Guid _session;

    [GlobalSetup]
    public void Setup()
    {
        _ladder = CatalogDefaults.Ladder(2160);
        _ingestLadder = LadderPlanner.Plan(new IngestSourceInfo("mov,mp4", "h264", 1920, 1080, 23.976, 5400, HasAudio: true, BitrateKbps: 12_000), maxRungs: 6);
        _session = Guid.Parse("5f0c3c1e-8d2a-4f57-9b7e-2a4d6c8e0f13");
    }

    /// <summary>A TV session's master playlist: six rungs.</summary>
    [Benchmark(Baseline = true)]
    public string SessionMasterTv() => HlsManifest.Render(BaseUrl, Token, TitleId, _session, _ladder);

    /// <summary>A phone's: the ladder capped at 720p (four rungs), then rendered.</summary>
    [Benchmark]
    public string SessionMasterPhoneCapped() => HlsManifest.Render(BaseUrl, Token, TitleId, _session, HlsManifest.Cap(_ladder, 720));

    /// <summary>The ingest's master playlist over a ladder planned from a 1080p source (five rungs).</summary>
    [Benchmark]
    public string IngestMaster() => IngestPipeline.MasterPlaylist(_ingestLadder);
}
