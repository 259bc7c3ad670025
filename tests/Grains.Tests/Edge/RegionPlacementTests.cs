using Marquee.Edge;
using Marquee.Grains.Edge;
using Marquee.Grains.Hosting;
using Marquee.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.Runtime.MembershipService.SiloMetadata;
using Orleans.TestingHost;

namespace Marquee.Grains.Tests.Edge;

/// <summary>Two silos carrying regions in their metadata: a region's steering grain must land on its region's silo.</summary>
public sealed class RegionPlacementFixture : IAsyncLifetime
{
    public static readonly string[] Regions = ["us-east", "eu-west"];

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(2);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Orleans:Mode"] = "Embedded" }).Build();
        var next = 0;
        builder.ConfigureSilo((_, silo) =>
        {
            var region = Regions[Interlocked.Increment(ref next) - 1];
            silo.UseSiloMetadata(new Dictionary<string, string> { [SiloMetadataKeys.Region] = region });
            silo.UseMemoryPersistence();
            silo.Services.AddSingleton<TimeProvider>(new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero)));
            silo.AddMarqueeGrains(configuration);
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
    }
}

public sealed class RegionPlacementTests(RegionPlacementFixture fixture) : IClassFixture<RegionPlacementFixture>
{
    [Theory]
    [InlineData("us-east")]
    [InlineData("eu-west")]
    public async Task SteeringGrain_OfARegion_RunsOnASiloOfThatRegion(string region)
    {
        var info = await fixture.Cluster.Client.GetGrain<IRegionSteeringGrain>(region).DescribeAsync();

        Assert.Equal(region, info.SiloRegion);
    }

    [Fact]
    public async Task SteeringGrain_OfARegionNoSiloHas_RunsAnywhere()
    {
        var info = await fixture.Cluster.Client.GetGrain<IRegionSteeringGrain>($"nowhere-{Guid.NewGuid():N}"[..16]).DescribeAsync();

        Assert.Contains(info.SiloRegion, RegionPlacementFixture.Regions);
    }
}
