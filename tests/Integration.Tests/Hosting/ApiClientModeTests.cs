using System.Net;
using Marquee.Integration.Tests.Fixtures;

namespace Marquee.Integration.Tests.Hosting;

/// <summary>The API in client mode (Orleans:Mode=Cluster): it finds the silos through Redis and outlives one of them.</summary>
public sealed class ApiClientModeTests(RedisServer redis, PostgresServer postgres, ITestOutputHelper output)
{
    [Fact]
    public async Task Api_InClientMode_StaysReadyWhenTheSiloItUsedIsKilled()
    {
        var cluster = ClusterSettings.New(redis, postgres);
        await using var silo1 = HostProcess.StartSilo("silo 1", cluster, ClusterFailoverTests.FastFailureDetection);
        await using var silo2 = HostProcess.StartSilo("silo 2", cluster, ClusterFailoverTests.FastFailureDetection);
        await using var api = HostProcess.StartApi("api", cluster);
        try
        {
            await Task.WhenAll(silo1.WaitReadyAsync(ClusterFailoverTests.StartTimeout), silo2.WaitReadyAsync(ClusterFailoverTests.StartTimeout));
            await api.WaitReadyAsync(ClusterFailoverTests.StartTimeout);

            silo1.Kill();

            // The API's client loses silo 1's gateway (if it used it) and goes on through silo 2's.
            await Poll.UntilAsync("the API to be ready with silo 1 dead", ClusterFailoverTests.FailoverTimeout, async ct =>
                await api.ReadyStatusAsync(ct) == HttpStatusCode.OK && await silo2.ReadyStatusAsync(ct) == HttpStatusCode.OK);
            Assert.Equal(HttpStatusCode.OK, await api.ReadyStatusAsync(TestContext.Current.CancellationToken));
        }
        catch
        {
            HostProcess.Report(output, silo1, silo2, api);
            throw;
        }
    }
}
