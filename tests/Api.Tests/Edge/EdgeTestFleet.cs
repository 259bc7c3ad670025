using Marquee.Api.Edge;
using Marquee.Catalog;
using Marquee.Edge;
using Marquee.Grains.Edge;
using Marquee.Grains.Ingest;
using Marquee.History;
using Marquee.Ingest;
using Marquee.Api.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Marquee.Api.Tests.Edge;

/// <summary>Sets up what edge tests need: nodes, titles with media in the origin, and regional popularity.</summary>
public static class EdgeTestFleet
{
    /// <summary>Registers a node (as an admin would) and hands its key to the data plane that serves it.</summary>
    public static async Task RegisterAsync(ApiFactory factory, string nodeId, string region, EdgeTier tier, double capacityGb,
        EdgeAdminState state = EdgeAdminState.Online)
    {
        var registered = await factory.Services.GetRequiredService<IGrainFactory>().GetGrain<IEdgeNodeGrain>(nodeId).RegisterAsync(
            new EdgeNodeRegistration(region, new GeoPoint(0, 0), tier, capacityGb, $"http://localhost/edge/{nodeId}", state));
        factory.Services.GetRequiredService<EdgeNodeKeys>().Remember(nodeId, registered.NodeKey!);
    }

    /// <summary>The signed token a session's manifest carries for the title (capped at <paramref name="maxHeight"/>).</summary>
    public static string Token(ApiFactory factory, string titleId, int maxHeight = 4320) =>
        factory.Services.GetRequiredService<MediaUrlSigner>().Sign(titleId, maxHeight, factory.Clock.GetUtcNow());

    public static async Task<IReadOnlyList<string>> InventoryAsync(ApiFactory factory, string nodeId) =>
        (await factory.Services.GetRequiredService<IGrainFactory>().GetGrain<IEdgeNodeGrain>(nodeId).GetStatusAsync())!.Titles;

    /// <summary>Plays the titles in a country, the first most, so they lead its trending list.</summary>
    public static async Task MakeTrendingAsync(ApiFactory factory, string country, double weight, params string[] titleIds)
    {
        var now = factory.Clock.GetUtcNow();
        var plays = titleIds.Select((t, i) => new TrendingPlay(Guid.NewGuid(), t, now, weight - i)).ToList();
        await factory.Services.GetRequiredService<IGrainFactory>().GetGrain<ITrendingGrain>(country).AddPlaysAsync(plays);
    }

    /// <summary>
    /// Creates a title of the given catalogue size and publishes small synthetic media for it in the origin
    /// (one 240p rung, a playlist and two segments), as an ingest would.
    /// </summary>
    public static async Task<string> TitleWithMediaAsync(ApiFactory factory, double sizeGb)
    {
        var titleId = $"fill-{Guid.NewGuid():N}"[..18];
        var rendition = new Rendition(426, 240, 496, "h264");
        await factory.Services.GetRequiredService<IGrainFactory>().GetGrain<ITitleGrain>(titleId).UpsertAsync(new TitleInfo(
            titleId, $"Title {titleId}", 2026, ["Drama"], [], "", 0, 1, [], [], [rendition], [], sizeGb));

        var version = Guid.NewGuid().ToString("N")[..12];
        var staged = Path.Combine(Path.GetTempPath(), "marquee-api-tests-stage", Guid.NewGuid().ToString("N"));
        var rung = Path.Combine(staged, MediaLayout.RungName(rendition));
        Directory.CreateDirectory(rung);
        await File.WriteAllTextAsync(Path.Combine(rung, MediaLayout.VariantPlaylistName),
            $"#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2.0,\n{version}_00000.ts\n#EXTINF:2.0,\n{version}_00001.ts\n#EXT-X-ENDLIST\n");
        await File.WriteAllBytesAsync(Path.Combine(rung, $"{version}_00000.ts"), new byte[1000]);
        await File.WriteAllBytesAsync(Path.Combine(rung, $"{version}_00001.ts"), new byte[2000]);
        await factory.Services.GetRequiredService<IOriginStore>().PublishAsync(titleId, version, staged);
        return titleId;
    }
}
