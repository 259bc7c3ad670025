using System.Net;

namespace Marquee.Api.Tests.Hosting;

[Collection(ApiCollection.Name)]
public sealed class OpsEndpointsTests(ApiFactory factory)
{
    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    [InlineData("/dashboard/")]
    [InlineData("/openapi/v1.json")]
    [InlineData("/scalar/")]
    [InlineData("/metrics")]
    public async Task OpsEndpoint_InEmbeddedMode_Answers200(string path)
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}

/// <summary>
/// Reads /metrics of a host of its own, alone: OpenTelemetry's meter listeners are per process, so while other test
/// hosts start and stop in parallel they can take shared instruments out of this host's export.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MetricsCollection : ICollectionFixture<ApiFactory>
{
    public const string Name = "metrics";
}

[Collection(MetricsCollection.Name)]
public sealed class MetricsEndpointTests(ApiFactory factory)
{
    [Fact]
    public async Task Metrics_AfterGrainCalls_CarryOrleansMeters()
    {
        using var client = factory.CreateClient();
        using var ready = await client.GetAsync("/health/ready", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);

        var metrics = await client.GetStringAsync("/metrics", TestContext.Current.CancellationToken);

        Assert.Contains("orleans_", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BenchFloorRoutes_AreNotMappedByDefault()
    {
        using var client = factory.CreateClientFor(Guid.NewGuid());

        using var response = await client.GetAsync("/api/bench/floor", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
