using Marquee.Edge;
using Marquee.Grains.Tests.Hosting;

namespace Marquee.Grains.Tests.Edge;

[Collection(ClusterCollection.Name)]
public sealed class EdgeGrainTests(ClusterFixture fixture)
{
    [Fact]
    public async Task RegisterAsync_NewNode_ReturnsKeyOnlyOnceUnlessRotated()
    {
        var fleet = new TestFleet(fixture);
        var grain = fixture.Client.GetGrain<IEdgeNodeGrain>(fleet.Id("a"));
        var registration = new EdgeNodeRegistration(fleet.Region, fleet.At(0, 0), EdgeTier.Edge, 10, "https://a.test", EdgeAdminState.Online);

        var first = await grain.RegisterAsync(registration);
        var update = await grain.RegisterAsync(registration with { AdminState = EdgeAdminState.Draining });
        var rotated = await grain.RegisterAsync(registration, rotateKey: true);

        Assert.True(first.Created);
        Assert.NotNull(first.NodeKey);
        Assert.False(update.Created);
        Assert.Null(update.NodeKey);
        Assert.NotEqual(first.NodeKey, rotated.NodeKey);
        Assert.Equal(HealthReportOutcome.WrongKey, await grain.ReportHealthAsync(first.NodeKey!, TestFleet.Fine));
        Assert.Equal(HealthReportOutcome.Accepted, await grain.ReportHealthAsync(rotated.NodeKey!, TestFleet.Fine));
    }

    [Fact]
    public async Task ReportHealthAsync_UnknownNode_SaysSo()
    {
        var outcome = await fixture.Client.GetGrain<IEdgeNodeGrain>($"nobody-{Guid.NewGuid():N}").ReportHealthAsync("key", TestFleet.Fine);

        Assert.Equal(HealthReportOutcome.UnknownNode, outcome);
    }

    [Fact]
    public async Task SteerAsync_NearestHealthyNodeWithTitle_Wins()
    {
        var fleet = new TestFleet(fixture);
        var near = await fleet.AddAsync("near", 0.1, 0.1);
        var far = await fleet.AddAsync("far", 2, 2);
        var empty = await fleet.AddAsync("empty", 0.05, 0.05);
        var storage = await fleet.AddAsync("storage", 1, 1, EdgeTier.Storage);
        await fleet.PlaceAsync(near);
        await fleet.PlaceAsync(far);

        var decision = await fleet.SteerAsync();

        Assert.Equal(fleet.Region, decision.ClientRegion);
        Assert.Equal([near, far, storage], decision.Nodes.Take(3).Select(n => n.NodeId));
        Assert.Equal("origin", decision.Nodes[^1].NodeId);
        Assert.Contains(decision.Skipped, s => s.NodeId == empty && s.Reason.StartsWith("does not hold", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SteerAsync_WhenReportsGoStale_SkipsTheNode()
    {
        var fleet = new TestFleet(fixture);
        var near = await fleet.AddAsync("near", 0.1, 0.1);
        var far = await fleet.AddAsync("far", 2, 2);
        await fleet.PlaceAsync(near);
        await fleet.PlaceAsync(far);

        fixture.Clock.Advance(TimeSpan.FromSeconds(31));
        await fleet.ReportAsync(far, TestFleet.Fine);
        var decision = await fleet.SteerAsync();

        Assert.Equal(far, decision.Nodes[0].NodeId);
        Assert.Contains(decision.Skipped, s => s.NodeId == near && s.Reason.StartsWith("stale", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("draining")]
    [InlineData("overloaded")]
    [InlineData("failing")]
    [InlineData("client failures")]
    public async Task SteerAsync_WhenNearestNodeIsUnfit_SkipsIt(string problem)
    {
        var fleet = new TestFleet(fixture);
        var near = await fleet.AddAsync("near", 0.1, 0.1);
        var far = await fleet.AddAsync("far", 2, 2);
        await fleet.PlaceAsync(near);
        await fleet.PlaceAsync(far);
        var node = fixture.Client.GetGrain<IEdgeNodeGrain>(near);
        switch (problem)
        {
            case "draining":
                var status = await node.GetStatusAsync();
                await node.RegisterAsync(status!.Registration with { AdminState = EdgeAdminState.Draining });
                break;
            case "overloaded":
                await fleet.ReportAsync(near, TestFleet.Fine with { LoadPercent = 97 });
                break;
            case "failing":
                await fleet.ReportAsync(near, TestFleet.Fine with { ErrorRate = 0.3 });
                break;
            default:
                for (var i = 0; i < 3; i++)
                {
                    await node.ReportFailureAsync();
                }

                break;
        }

        var decision = await fleet.SteerAsync();
        var admin = await node.GetStatusAsync();

        Assert.Equal(far, decision.Nodes[0].NodeId);
        Assert.Contains(decision.Skipped, s => s.NodeId == near && s.Reason.StartsWith(problem, StringComparison.Ordinal));
        Assert.Contains(admin!.HealthReasons, r => r.StartsWith(problem, StringComparison.Ordinal));
    }

    [Fact]
    public async Task SteerAsync_TitleOnNoEdge_GoesToStorageThenOrigin()
    {
        var fleet = new TestFleet(fixture);
        var edge = await fleet.AddAsync("edge", 0.1, 0.1);
        var storage = await fleet.AddAsync("storage", 1, 1, EdgeTier.Storage);

        var decision = await fleet.SteerAsync();

        Assert.Equal(storage, decision.Nodes[0].NodeId);
        Assert.Equal(SteeringTier.RegionStorage, decision.Nodes[0].Tier);
        Assert.Equal(SteeringTier.Origin, decision.Nodes[^1].Tier);
        Assert.DoesNotContain(decision.Nodes, n => n.NodeId == edge);

        await fixture.Client.GetGrain<IEdgeNodeGrain>(storage).RegisterAsync(
            new EdgeNodeRegistration(fleet.Region, fleet.At(1, 1), EdgeTier.Storage, 50, "https://s.test", EdgeAdminState.Offline));
        var withoutStorage = await fleet.SteerAsync();

        Assert.DoesNotContain(withoutStorage.Nodes, n => n.NodeId == storage);
        Assert.NotEqual(SteeringTier.RegionStorage, withoutStorage.Nodes[0].Tier);
        Assert.Equal(SteeringTier.Origin, withoutStorage.Nodes[^1].Tier);
    }

    [Fact]
    public async Task SteerAsync_FromAnotherRegionsGrain_SeesTheReplicatedTable()
    {
        var fleet = new TestFleet(fixture);
        var near = await fleet.AddAsync("near", 0.1, 0.1);
        await fleet.PlaceAsync(near);
        var otherRegion = $"other-{Guid.NewGuid():N}"[..14];
        await fleet.AddAsync("elsewhere", 40, 40, region: otherRegion);

        var decision = await fixture.Client.GetGrain<IRegionSteeringGrain>(otherRegion)
            .SteerAsync(new SteeringRequest(fleet.Title, fleet.At(0, 0), []));

        Assert.Equal(near, decision.Nodes[0].NodeId);
    }

    [Fact]
    public async Task PlaceTitleAsync_WhenFull_EvictsLeastRecentlyRequested()
    {
        var fleet = new TestFleet(fixture);
        var id = await fleet.AddAsync("small", 0, 0);
        var node = fixture.Client.GetGrain<IEdgeNodeGrain>(id);
        await fleet.PlaceAsync(id, "old", 20);
        fixture.Clock.Advance(TimeSpan.FromSeconds(1));
        await fleet.PlaceAsync(id, "newer", 20);
        fixture.Clock.Advance(TimeSpan.FromSeconds(1));
        await node.RecordRequestAsync("old");
        // The request is one-way: it may reach the node after a call sent later (through another gateway), so wait
        // until the node shows it before placing.
        while ((await node.GetStatusAsync(TestContext.Current.CancellationToken))!.TitleRequests < 1)
        {
            TestContext.Current.CancellationToken.ThrowIfCancellationRequested();
        }

        var placed = await fleet.PlaceAsync(id, "third", 20);

        Assert.Equal(PlacementOutcome.Placed, placed.Outcome);
        Assert.Equal(["newer"], placed.Evicted);
        Assert.Equal(40, placed.UsedGb);
        Assert.Equal(PlacementOutcome.TooLarge, (await fleet.PlaceAsync(id, "huge", 500)).Outcome);
        Assert.Equal(PlacementOutcome.AlreadyPresent, (await fleet.PlaceAsync(id, "third", 20)).Outcome);
    }

    [Fact]
    public async Task PlaceTitleAsync_OnStorage_IsRefused()
    {
        var fleet = new TestFleet(fixture);
        var id = await fleet.AddAsync("storage", 0, 0, EdgeTier.Storage);

        var placed = await fleet.PlaceAsync(id);

        Assert.Equal(PlacementOutcome.StorageTier, placed.Outcome);
    }

    [Fact]
    public async Task RemoveTitleAsync_TakesTheNodeOutOfSteeringForThatTitle()
    {
        var fleet = new TestFleet(fixture);
        var near = await fleet.AddAsync("near", 0.1, 0.1);
        var far = await fleet.AddAsync("far", 2, 2);
        await fleet.PlaceAsync(near);
        await fleet.PlaceAsync(far);

        Assert.True(await fixture.Client.GetGrain<IEdgeNodeGrain>(near).RemoveTitleAsync(fleet.Title));
        Assert.False(await fixture.Client.GetGrain<IEdgeNodeGrain>(near).RemoveTitleAsync(fleet.Title));

        Assert.Equal(far, (await fleet.SteerAsync()).Nodes[0].NodeId);
    }
}
