using Marquee.Edge;
using Marquee.Grains.Tests.Hosting;

namespace Marquee.Grains.Tests.Edge;

/// <summary>A test's own corner of the globe, region and title, so tests sharing the cluster never meet.</summary>
public sealed class TestFleet(ClusterFixture fixture)
{
    public static readonly EdgeHealthReport Fine = new(30, 10_000, 0.001);
    static int _next;
    readonly int _n = Interlocked.Increment(ref _next);

    public string Region { get; } = $"test-{Guid.NewGuid():N}"[..16];
    public string Title { get; } = $"title-{Guid.NewGuid():N}";
    public Dictionary<string, string> Keys { get; } = [];

    // Spread tests over distinct latitudes so their regions' centres are far apart.
    public GeoPoint At(double dLat, double dLon) => new(-60 + (_n * 7 % 120) + dLat, -170 + (_n * 37 % 340) + dLon);

    public string Id(string name) => $"{Region}-{name}";

    public async Task<string> AddAsync(string name, double dLat, double dLon, EdgeTier tier = EdgeTier.Edge, EdgeAdminState state = EdgeAdminState.Online, string? region = null)
    {
        var id = Id(name);
        var registered = await fixture.Client.GetGrain<IEdgeNodeGrain>(id)
            .RegisterAsync(new EdgeNodeRegistration(region ?? Region, At(dLat, dLon), tier, 50, $"https://{id}.test", state));
        Keys[id] = registered.NodeKey!;
        await ReportAsync(id, Fine);
        return id;
    }

    public Task<HealthReportOutcome> ReportAsync(string id, EdgeHealthReport report) =>
        fixture.Client.GetGrain<IEdgeNodeGrain>(id).ReportHealthAsync(Keys[id], report);

    public Task<PlacementResult> PlaceAsync(string id, string? title = null, double sizeGb = 10) =>
        fixture.Client.GetGrain<IEdgeNodeGrain>(id).PlaceTitleAsync(title ?? Title, sizeGb);

    public Task<SteeringDecision> SteerAsync(params string[] excluded) =>
        fixture.Client.GetGrain<IRegionSteeringGrain>(Region).SteerAsync(new SteeringRequest(Title, At(0, 0), excluded));
}
