namespace Marquee.Grains.Tests.Hosting;

[Collection(ClusterCollection.Name)]
public sealed class ClusterFixtureTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Cluster_WhenDeployed_HasOneActiveSilo()
    {
        var hosts = await fixture.Client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);

        Assert.Single(hosts);
    }
}
