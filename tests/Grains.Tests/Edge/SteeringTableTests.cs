using Marquee.Edge;
using Marquee.Grains.Edge;

namespace Marquee.Grains.Tests.Edge;

public sealed class SteeringTableTests
{
    static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
    static readonly GeoPoint NewYork = new(40.71, -74.01);
    static readonly GeoPoint Boston = new(42.36, -71.06);
    static readonly GeoPoint Ashburn = new(39.04, -77.49);
    static readonly GeoPoint Atlanta = new(33.75, -84.39);
    static readonly GeoPoint London = new(51.51, -0.13);
    static readonly GeoPoint Amsterdam = new(52.37, 4.90);

    readonly EdgeOptions _options = new();

    static EdgeNodeSnapshot Node(
        string id, string region, GeoPoint at, EdgeTier tier = EdgeTier.Edge, string[]? titles = null,
        double load = 20, double mbps = 10_000, double errors = 0, TimeSpan? age = null,
        EdgeAdminState state = EdgeAdminState.Online, DateTimeOffset[]? failures = null) =>
        new(id,
            new EdgeNodeRegistration(region, at, tier, 100, $"https://{id}.example", state),
            titles ?? [],
            new EdgeHealthSample(load, mbps, errors, Now - (age ?? TimeSpan.FromSeconds(2))),
            failures ?? [],
            1);

    SteeringTable Table(params EdgeNodeSnapshot[] nodes)
    {
        var table = new SteeringTable(_options);
        foreach (var node in nodes)
        {
            table.Upsert(node);
        }

        return table;
    }

    static SteeringRequest Play(string title, GeoPoint at, params string[] excluded) => new(title, at, excluded);

    [Fact]
    public void Decide_NearestHealthyEdgeWithTitle_IsPrimary()
    {
        var table = Table(
            Node("nyc", "us-east", NewYork, titles: ["t1"]),
            Node("bos", "us-east", Boston, titles: ["t1"]),
            Node("atl", "us-east", Atlanta, titles: ["t2"]),
            Node("iad-storage", "us-east", Ashburn, EdgeTier.Storage));

        var decision = table.Decide(Play("t1", new GeoPoint(40.0, -74.5)), Now);

        Assert.Equal("us-east", decision.ClientRegion);
        Assert.Equal(["nyc", "bos", "iad-storage", "origin"], decision.Nodes.Select(n => n.NodeId));
        Assert.Equal(SteeringTier.RegionEdge, decision.Nodes[0].Tier);
        Assert.Equal(SteeringTier.RegionStorage, decision.Nodes[2].Tier);
        Assert.Equal(SteeringTier.Origin, decision.Nodes[^1].Tier);
    }

    [Theory]
    [InlineData("stale")]
    [InlineData("draining")]
    [InlineData("offline")]
    [InlineData("overloaded")]
    [InlineData("bandwidth")]
    [InlineData("failing")]
    [InlineData("client failures")]
    public void Decide_WhenNearestNodeIsUnfit_SkipsItWithReason(string problem)
    {
        var near = problem switch
        {
            "stale" => Node("near", "us-east", NewYork, titles: ["t1"], age: TimeSpan.FromSeconds(31)),
            "draining" => Node("near", "us-east", NewYork, titles: ["t1"], state: EdgeAdminState.Draining),
            "offline" => Node("near", "us-east", NewYork, titles: ["t1"], state: EdgeAdminState.Offline),
            "overloaded" => Node("near", "us-east", NewYork, titles: ["t1"], load: 95),
            "bandwidth" => Node("near", "us-east", NewYork, titles: ["t1"], mbps: 100),
            "failing" => Node("near", "us-east", NewYork, titles: ["t1"], errors: 0.2),
            _ => Node("near", "us-east", NewYork, titles: ["t1"], failures: [Now.AddSeconds(-30), Now.AddSeconds(-20), Now.AddSeconds(-10)]),
        };
        var table = Table(near, Node("far", "us-east", Atlanta, titles: ["t1"]), Node("storage", "us-east", Ashburn, EdgeTier.Storage));

        var decision = table.Decide(Play("t1", NewYork), Now);

        Assert.Equal("far", decision.Nodes[0].NodeId);
        Assert.DoesNotContain(decision.Nodes, n => n.NodeId == "near");
        var skipped = Assert.Single(decision.Skipped, s => s.NodeId == "near");
        var expected = problem switch
        {
            "bandwidth" => "no bandwidth headroom",
            _ => problem,
        };
        Assert.StartsWith(expected, skipped.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_WhenClientFailuresLeaveTheWindow_TakesTheNodeBack()
    {
        var failures = new[] { Now.AddMinutes(-3), Now.AddMinutes(-2.5), Now.AddSeconds(-10) };
        var table = Table(Node("near", "us-east", NewYork, titles: ["t1"], failures: failures), Node("far", "us-east", Atlanta, titles: ["t1"]));

        var decision = table.Decide(Play("t1", NewYork), Now);

        Assert.Equal("near", decision.Nodes[0].NodeId);
    }

    [Fact]
    public void Decide_WhenReportsGoStale_SkipsNodeUntilItReportsAgain()
    {
        var table = Table(Node("near", "us-east", NewYork, titles: ["t1"]), Node("far", "us-east", Atlanta, titles: ["t1"]));

        var later = Now + _options.HealthTtl + TimeSpan.FromSeconds(5);
        table.UpdateHealth(new EdgeHealthUpdate("far", new EdgeHealthSample(20, 10_000, 0, later), []));
        Assert.Equal("far", table.Decide(Play("t1", NewYork), later).Nodes[0].NodeId);

        table.UpdateHealth(new EdgeHealthUpdate("near", new EdgeHealthSample(20, 10_000, 0, later), []));
        Assert.Equal("near", table.Decide(Play("t1", NewYork), later).Nodes[0].NodeId);
    }

    [Fact]
    public void Decide_TitleOnNoEdge_GoesToRegionStorageThenOtherRegionThenOrigin()
    {
        var table = Table(
            Node("nyc", "us-east", NewYork, titles: ["other"]),
            Node("iad-storage", "us-east", Ashburn, EdgeTier.Storage),
            Node("lon", "eu-west", London, titles: ["rare"]),
            Node("ams-storage", "eu-west", Amsterdam, EdgeTier.Storage));

        var decision = table.Decide(Play("rare", NewYork), Now);

        Assert.Equal(["iad-storage", "lon", "ams-storage", "origin"], decision.Nodes.Select(n => n.NodeId));
        Assert.Equal([SteeringTier.RegionStorage, SteeringTier.OtherRegion, SteeringTier.OtherRegion, SteeringTier.Origin], decision.Nodes.Select(n => n.Tier));
        Assert.Contains(decision.Skipped, s => s.NodeId == "nyc" && s.Reason.StartsWith("does not hold", StringComparison.Ordinal));
    }

    [Fact]
    public void Decide_WhenStorageIsDownToo_GoesToOrigin()
    {
        var table = Table(
            Node("nyc", "us-east", NewYork, titles: ["other"]),
            Node("iad-storage", "us-east", Ashburn, EdgeTier.Storage, state: EdgeAdminState.Offline));

        var decision = table.Decide(Play("rare", NewYork), Now);

        var only = Assert.Single(decision.Nodes);
        Assert.Equal(SteeringTier.Origin, only.Tier);
    }

    [Fact]
    public void Decide_WithoutNodesOrOrigin_ReturnsNoNode()
    {
        _options.OriginBaseUrl = "";
        var table = Table(Node("nyc", "us-east", NewYork, titles: ["t1"], state: EdgeAdminState.Offline));

        var decision = table.Decide(Play("t1", NewYork), Now);

        Assert.Empty(decision.Nodes);
    }

    [Fact]
    public void Decide_ExcludedNode_IsLeftOutAsFailing()
    {
        var table = Table(
            Node("nyc", "us-east", NewYork, titles: ["t1"]),
            Node("bos", "us-east", Boston, titles: ["t1"]),
            Node("iad-storage", "us-east", Ashburn, EdgeTier.Storage));

        var decision = table.Decide(Play("t1", NewYork, "nyc"), Now);

        Assert.Equal("bos", decision.Nodes[0].NodeId);
        Assert.DoesNotContain(decision.Nodes, n => n.NodeId == "nyc");
        Assert.Contains(decision.Skipped, s => s.NodeId == "nyc" && s.Reason.StartsWith("excluded", StringComparison.Ordinal));
    }

    [Fact]
    public void Decide_NearEqualNodes_SpreadTitlesByHashAndKeepEachTitleOnOneNode()
    {
        var titles = Enumerable.Range(0, 40).Select(i => $"t{i}").ToArray();
        var table = Table(
            Node("a", "us-east", new GeoPoint(40.71, -74.01), titles: titles),
            Node("b", "us-east", new GeoPoint(40.72, -74.00), titles: titles),
            Node("c", "us-east", new GeoPoint(40.70, -74.02), titles: titles),
            Node("d", "us-east", new GeoPoint(40.73, -73.99), titles: titles));

        var primaries = titles.Select(t => table.Decide(Play(t, NewYork), Now).Nodes[0].NodeId).ToList();
        var again = titles.Select(t => table.Decide(Play(t, NewYork), Now).Nodes[0].NodeId).ToList();

        Assert.Equal(primaries, again);
        Assert.Equal(4, primaries.Distinct().Count());
        Assert.All(primaries.GroupBy(p => p), g => Assert.InRange(g.Count(), 3, 20));
    }

    [Fact]
    public void Decide_BeyondTheBand_RanksByDistance()
    {
        _options.DistanceBandKm = 0;
        var table = Table(
            Node("near", "us-east", new GeoPoint(40.71, -74.01), titles: ["t1"], load: 80),
            Node("next", "us-east", new GeoPoint(40.90, -74.01), titles: ["t1"], load: 5));

        var decision = table.Decide(Play("t1", NewYork), Now);

        Assert.Equal(["near", "next"], decision.Nodes.Take(2).Select(n => n.NodeId));
    }

    [Fact]
    public void Upsert_WhenTitlesChange_ReindexesTheNode()
    {
        var table = Table(Node("nyc", "us-east", NewYork, titles: ["t1"]), Node("atl", "us-east", Atlanta, titles: ["t1", "t2"]));

        table.Upsert(Node("nyc", "us-east", NewYork, titles: ["t2"]) with { Version = 2 });

        Assert.Equal("atl", table.Decide(Play("t1", NewYork), Now).Nodes[0].NodeId);
        Assert.Equal("nyc", table.Decide(Play("t2", NewYork), Now).Nodes[0].NodeId);
    }

    [Fact]
    public void Upsert_OlderVersion_IsIgnored()
    {
        var table = Table(Node("nyc", "us-east", NewYork, titles: ["t1"]) with { Version = 5 });

        var applied = table.Upsert(Node("nyc", "us-east", NewYork, titles: []) with { Version = 4 });

        Assert.False(applied);
        Assert.Equal("nyc", table.Decide(Play("t1", NewYork), Now).Nodes[0].NodeId);
    }

    [Fact]
    public void Decide_OverManyNodes_MatchesBruteForceNearest()
    {
        var random = new Random(7);
        var nodes = new List<EdgeNodeSnapshot>();
        for (var i = 0; i < 2000; i++)
        {
            var at = new GeoPoint((random.NextDouble() * 120) - 55, (random.NextDouble() * 360) - 180);
            var titles = random.NextDouble() < 0.3 ? new[] { "t1" } : [];
            nodes.Add(Node($"n{i}", $"r{i % 7}", at, titles: titles, load: random.Next(0, 100)));
        }

        _options.DistanceBandKm = 0;
        var table = Table([.. nodes]);
        for (var q = 0; q < 200; q++)
        {
            var client = new GeoPoint((random.NextDouble() * 120) - 55, (random.NextDouble() * 360) - 180);
            var decision = table.Decide(Play("t1", client), Now);
            var region = decision.ClientRegion;
            var expected = nodes
                .Where(n => n.Registration.Region == region && n.Titles.Contains("t1") && n.Health!.LoadPercent <= _options.MaxLoadPercent)
                .MinBy(n => GeoMath.DistanceKm(client, n.Registration.Location));
            Assert.NotNull(expected);
            Assert.Equal(expected.NodeId, decision.Nodes[0].NodeId);
        }
    }
}
