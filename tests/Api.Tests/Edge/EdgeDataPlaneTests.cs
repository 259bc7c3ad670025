using System.Net;
using System.Net.Http.Headers;
using Marquee.Api.Edge;
using Marquee.Api.Tests.Hosting;
using Marquee.Edge;
using Marquee.Grains.Edge;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Marquee.Api.Tests.Edge;

[Collection(ApiCollection.Name)]
public sealed class EdgeDataPlaneTests(ApiFactory factory)
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)];

    async Task<(string Edge, string Storage, string TitleId, string Segment)> RegionWithTitleAsync(bool withStorage = true, double edgeCapacityGb = 50)
    {
        var region = NewId("r");
        var edge = NewId("edge");
        var storage = NewId("store");
        await EdgeTestFleet.RegisterAsync(factory, edge, region, EdgeTier.Edge, edgeCapacityGb);
        if (withStorage)
        {
            await EdgeTestFleet.RegisterAsync(factory, storage, region, EdgeTier.Storage, 1000);
        }

        var titleId = await EdgeTestFleet.TitleWithMediaAsync(factory, 1);
        using var client = factory.CreateClient();
        var playlist = await client.GetStringAsync($"/edge/{edge}/{EdgeTestFleet.Token(factory, titleId)}/titles/{titleId}/240p/index.m3u8", Ct);
        var segment = playlist.Split('\n').First(l => l.EndsWith(".ts", StringComparison.Ordinal));
        return (edge, storage, titleId, segment);
    }

    [Fact]
    public async Task Get_OnEdgeMiss_FillsFromTheRegionsStorageNodeThenHits()
    {
        var (edge, storage, titleId, segment) = await RegionWithTitleAsync();
        using var client = factory.CreateClient();
        var path = $"{EdgeTestFleet.Token(factory, titleId)}/titles/{titleId}/240p/{segment}";

        using var miss = await client.GetAsync($"/edge/{edge}/{path}", Ct);
        using var hit = await client.GetAsync($"/edge/{edge}/{path}", Ct);
        using var fromStorage = await client.GetAsync($"/edge/{storage}/{path}", Ct);

        Assert.Equal(HttpStatusCode.OK, miss.StatusCode);
        Assert.Equal("MISS", miss.Headers.GetValues("X-Cache").Single());
        Assert.Equal($"storage:{storage}", miss.Headers.GetValues("X-Cache-Fill").Single());
        Assert.Equal("video/mp2t", miss.Content.Headers.ContentType?.MediaType);
        Assert.Equal(1000, (await miss.Content.ReadAsByteArrayAsync(Ct)).Length);
        Assert.Equal("HIT", hit.Headers.GetValues("X-Cache").Single());
        Assert.Equal("HIT", fromStorage.Headers.GetValues("X-Cache").Single());
        Assert.Contains("immutable", miss.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_OnEdgeMissWithoutStorageNode_FillsFromTheOrigin()
    {
        var (edge, _, titleId, segment) = await RegionWithTitleAsync(withStorage: false);
        using var client = factory.CreateClient();

        using var miss = await client.GetAsync($"/edge/{edge}/{EdgeTestFleet.Token(factory, titleId)}/titles/{titleId}/240p/{segment}", Ct);

        Assert.Equal("origin", miss.Headers.GetValues("X-Cache-Fill").Single());
    }

    [Fact]
    public async Task Get_WithRange_Returns206WithThoseBytes()
    {
        var (edge, _, titleId, segment) = await RegionWithTitleAsync();
        using var client = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/edge/{edge}/{EdgeTestFleet.Token(factory, titleId)}/titles/{titleId}/240p/{segment}");
        request.Headers.Range = new RangeHeaderValue(100, 199);

        using var response = await client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal(100, (await response.Content.ReadAsByteArrayAsync(Ct)).Length);
        Assert.Equal("bytes 100-199/1000", response.Content.Headers.ContentRange?.ToString());
    }

    [Fact]
    public async Task Head_ReturnsTypeAndLengthWithoutBody()
    {
        var (edge, _, titleId, _) = await RegionWithTitleAsync();
        using var client = factory.CreateClient();

        using var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/edge/{edge}/{EdgeTestFleet.Token(factory, titleId)}/titles/{titleId}/240p/index.m3u8"), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.apple.mpegurl", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Content.Headers.ContentLength > 0);
    }

    [Fact]
    public async Task Origin_ServesMediaStraightFromTheOriginStore()
    {
        var titleId = await EdgeTestFleet.TitleWithMediaAsync(factory, 1);
        using var client = factory.CreateClient();

        using var playlist = await client.GetAsync($"/origin/{EdgeTestFleet.Token(factory, titleId)}/titles/{titleId}/240p/index.m3u8", Ct);
        using var missing = await client.GetAsync($"/origin/{EdgeTestFleet.Token(factory, titleId)}/titles/{titleId}/1080p/index.m3u8", Ct);

        Assert.Equal(HttpStatusCode.OK, playlist.StatusCode);
        Assert.Equal("application/vnd.apple.mpegurl", playlist.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Get_UnknownNode_Returns404()
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync($"/edge/no-such-node/{EdgeTestFleet.Token(factory, "t")}/titles/t/240p/index.m3u8", Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Get_WithoutAValidToken_Returns403ProblemSayingWhy()
    {
        var (edge, _, titleId, segment) = await RegionWithTitleAsync();
        var other = await EdgeTestFleet.TitleWithMediaAsync(factory, 1);
        var signer = factory.Services.GetRequiredService<MediaUrlSigner>();
        var lifetime = factory.Services.GetRequiredService<IOptions<MediaUrlOptions>>().Value.Lifetime;
        var expired = signer.Sign(titleId, 4320, factory.Clock.GetUtcNow() - lifetime - TimeSpan.FromMinutes(1));
        var valid = EdgeTestFleet.Token(factory, titleId);
        var forged = valid[..^2] + (valid[^2] == 'A' ? "BB" : "AA");
        using var client = factory.CreateClient();

        async Task<(HttpStatusCode Status, string Body)> GetAsync(string url)
        {
            using var response = await client.GetAsync(url, Ct);
            return (response.StatusCode, await response.Content.ReadAsStringAsync(Ct));
        }

        var unsigned = await GetAsync($"/edge/{edge}/titles/{titleId}/240p/{segment}");
        var otherTitles = await GetAsync($"/edge/{edge}/{EdgeTestFleet.Token(factory, other)}/titles/{titleId}/240p/{segment}");
        var tampered = await GetAsync($"/edge/{edge}/{forged}/titles/{titleId}/240p/{segment}");
        var late = await GetAsync($"/edge/{edge}/{expired}/titles/{titleId}/240p/{segment}");
        var aboveCap = await GetAsync($"/edge/{edge}/{EdgeTestFleet.Token(factory, titleId, maxHeight: 144)}/titles/{titleId}/240p/{segment}");
        var origin = await GetAsync($"/origin/titles/{titleId}/240p/index.m3u8");
        var good = await GetAsync($"/edge/{edge}/{valid}/titles/{titleId}/240p/{segment}");

        Assert.All([unsigned, otherTitles, tampered, late, aboveCap, origin], r => Assert.Equal(HttpStatusCode.Forbidden, r.Status));
        Assert.Contains("token", unsigned.Body, StringComparison.Ordinal);
        Assert.Contains("not signed for title", otherTitles.Body, StringComparison.Ordinal);
        Assert.Contains("not signed for title", tampered.Body, StringComparison.Ordinal);
        Assert.Contains("expired", late.Body, StringComparison.Ordinal);
        Assert.Contains("caps it lower", aboveCap.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, good.Status);
    }

    [Theory]
    [InlineData("..%2F..%2Fetc%2Fpasswd")]
    [InlineData("titles/t/240p/evil.exe")]
    [InlineData("t/240p/index.m3u8")]
    [InlineData("titles/t/a/b/c/index.m3u8")]
    [InlineData("titles/t/index.m3u8")]
    [InlineData("titles/unknown-title/240p/index.m3u8")]
    public async Task Get_PathThatIsNotMedia_Returns404(string path)
    {
        var (edge, _, _, _) = await RegionWithTitleAsync();
        using var client = factory.CreateClient();

        using var response = await client.GetAsync($"/edge/{edge}/{EdgeTestFleet.Token(factory, "unknown-title")}/{path}", Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Get_WhenCacheExceedsCapacity_EvictsLeastRecentlyUsedFiles()
    {
        // 2,500 bytes: the playlist and the 1,000-byte segment fit, the 2,000-byte segment forces evictions.
        var (edge, _, titleId, _) = await RegionWithTitleAsync(edgeCapacityGb: 2.5e-6);
        using var client = factory.CreateClient();
        var playlist = await client.GetStringAsync($"/edge/{edge}/{EdgeTestFleet.Token(factory, titleId)}/titles/{titleId}/240p/index.m3u8", Ct);
        var segments = playlist.Split('\n').Where(l => l.EndsWith(".ts", StringComparison.Ordinal)).ToList();

        foreach (var segment in segments)
        {
            using var response = await client.GetAsync($"/edge/{edge}/{EdgeTestFleet.Token(factory, titleId)}/titles/{titleId}/240p/{segment}", Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.InRange(factory.Services.GetRequiredService<EdgeCache>().UsedBytes(edge), 1, 2_500);
    }

    [Fact]
    public async Task TrafficReport_AfterEdgeTraffic_FeedsTheNodesHealth()
    {
        var (edge, _, titleId, segment) = await RegionWithTitleAsync();
        using var client = factory.CreateClient();
        using var _ = await client.GetAsync($"/edge/{edge}/{EdgeTestFleet.Token(factory, titleId)}/titles/{titleId}/240p/{segment}", Ct);

        await factory.Services.GetServices<IHostedService>().OfType<EdgeTrafficReporter>().Single().ReportOnceAsync(TimeSpan.FromSeconds(10), Ct);

        var status = await factory.Services.GetRequiredService<IGrainFactory>().GetGrain<IEdgeNodeGrain>(edge).GetStatusAsync(Ct);
        Assert.NotNull(status!.LastReport);
        Assert.Equal(0, status.LastReport.ErrorRate);
        Assert.InRange(status.LastReport.LoadPercent, 0, 100);
    }

    /// <summary>Run by <see cref="EdgeMetricsTests"/> on a host of its own, alone (meter listeners are per process).</summary>
    internal async Task AssertEdgeTrafficMetricsAsync()
    {
        var (edge, _, titleId, segment) = await RegionWithTitleAsync();
        using var client = factory.CreateClient();
        using var _ = await client.GetAsync($"/edge/{edge}/{EdgeTestFleet.Token(factory, titleId)}/titles/{titleId}/240p/{segment}", Ct);

        var metrics = await client.GetStringAsync("/metrics", Ct);

        Assert.Contains($"marquee_edge_requests_total{{", metrics, StringComparison.Ordinal);
        Assert.Contains($"node=\"{edge}\"", metrics, StringComparison.Ordinal);
        Assert.Contains("marquee_edge_served_bytes_total", metrics, StringComparison.Ordinal);
    }
}

[Collection(Marquee.Api.Tests.Hosting.MetricsCollection.Name)]
public sealed class EdgeMetricsTests(ApiFactory factory)
{
    [Fact]
    public Task Metrics_AfterEdgeTraffic_CountRequestsAndBytes() => new EdgeDataPlaneTests(factory).AssertEdgeTrafficMetricsAsync();
}
