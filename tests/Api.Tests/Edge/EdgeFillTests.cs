using System.Net;
using System.Net.Http.Json;
using Marquee.Accounts;
using Marquee.Api.Edge;
using Marquee.Api.Tests.Hosting;
using Marquee.Edge;
using Microsoft.Extensions.DependencyInjection;

namespace Marquee.Api.Tests.Edge;

[Collection(ApiCollection.Name)]
public sealed class EdgeFillTests(ApiFactory factory)
{
    /// <summary>The region the test host configures with a fill window that is always open.</summary>
    const string Region = "fill-test";
    const string Country = "ZZ";

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)];

    [Fact]
    public async Task Fill_InWindow_PlacesTheRegionsTrendingTitlesWithinCapacityAndEvictsUnpopularOnes()
    {
        var small = NewId("edge");
        await EdgeTestFleet.RegisterAsync(factory, small, Region, EdgeTier.Edge, capacityGb: 10);
        await EdgeTestFleet.RegisterAsync(factory, NewId("store"), Region, EdgeTier.Storage, capacityGb: 1000);
        var first = await EdgeTestFleet.TitleWithMediaAsync(factory, 4);
        var second = await EdgeTestFleet.TitleWithMediaAsync(factory, 4);
        var third = await EdgeTestFleet.TitleWithMediaAsync(factory, 4);
        var fading = await EdgeTestFleet.TitleWithMediaAsync(factory, 1);
        await EdgeTestFleet.MakeTrendingAsync(factory, Country, 10, fading);
        var runner = factory.Services.GetRequiredService<EdgeFillRunner>();
        await runner.RunOnceAsync(Ct);
        Assert.Contains(fading, await EdgeTestFleet.InventoryAsync(factory, small));

        // Tastes change: three titles trend now, two of them fit the 10 GB node (less 10% headroom).
        await EdgeTestFleet.MakeTrendingAsync(factory, Country, 10_000, first, second, third);
        using var admin = factory.CreateClientFor(Guid.NewGuid(), Roles.Admin);
        var plan = await admin.GetFromJsonAsync<FillPlanView>($"/api/admin/edges/{small}/fill-plan", Ct);
        await runner.RunOnceAsync(Ct);

        Assert.True(plan!.WindowOpen);
        Assert.Equal("place", plan.Items.Single(i => i.TitleId == first).Action);
        Assert.Equal("place", plan.Items.Single(i => i.TitleId == second).Action);
        Assert.Equal("doesnotfit", plan.Items.Single(i => i.TitleId == third).Action);
        Assert.Equal("evict", plan.Items.Single(i => i.TitleId == fading).Action);
        Assert.All(plan.Items, i => Assert.False(string.IsNullOrWhiteSpace(i.Reason)));
        Assert.Equal(new[] { first, second }.Order(StringComparer.Ordinal), (await EdgeTestFleet.InventoryAsync(factory, small)).Order(StringComparer.Ordinal));

        // The bytes are on the node: its segments are hits without a single miss.
        using var player = factory.CreateClient();
        var playlist = await player.GetAsync($"/edge/{small}/{EdgeTestFleet.Token(factory, first)}/titles/{first}/240p/index.m3u8", Ct);
        Assert.Equal("HIT", playlist.Headers.GetValues("X-Cache").Single());
        var cache = factory.Services.GetRequiredService<EdgeCache>();
        Assert.False(cache.Contains(small, EdgeMediaPath.Parse($"titles/{fading}/240p/index.m3u8")!), "the evicted title's files are gone");
    }

    [Fact]
    public async Task FillPlan_AsMember_Returns403()
    {
        using var member = factory.CreateClientFor(Guid.NewGuid(), Roles.Member);

        using var response = await member.GetAsync("/api/admin/edges/any/fill-plan", Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task FillPlan_UnknownNode_Returns404()
    {
        using var admin = factory.CreateClientFor(Guid.NewGuid(), Roles.Admin);

        using var response = await admin.GetAsync($"/api/admin/edges/{NewId("nope")}/fill-plan", Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task FillPlan_ForStorageNode_Returns409()
    {
        var storage = NewId("store");
        await EdgeTestFleet.RegisterAsync(factory, storage, Region, EdgeTier.Storage, 1000);
        using var admin = factory.CreateClientFor(Guid.NewGuid(), Roles.Admin);

        using var response = await admin.GetAsync($"/api/admin/edges/{storage}/fill-plan", Ct);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }
}
