using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Marquee.Api.Tests.Gateway;

[Collection(GatewayCollection.Name)]
public sealed class GatewayFiltersTests(GatewayFactory factory)
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Request_WithRequestId_EchoesItAndPutsItInProblemDetails()
    {
        using var client = factory.CreateClient();
        var requestId = $"req-{Guid.NewGuid():N}";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/test/echo") { Content = Json("{\"name\":") };
        request.Headers.Add("X-Request-Id", requestId);

        using var response = await client.SendAsync(request, Ct);

        Assert.Equal(requestId, Assert.Single(response.Headers.GetValues("X-Request-Id")));
        var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>(Ct);
        Assert.Equal(requestId, problem!.Extensions["requestId"]!.ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("has spaces and <script>")]
    [InlineData("way-too-long-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public async Task Request_WithoutUsableRequestId_GetsANewOne(string? sent)
    {
        using var client = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/test/critical");
        if (sent is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Request-Id", sent);
        }

        using var response = await client.SendAsync(request, Ct);

        var echoed = Assert.Single(response.Headers.GetValues("X-Request-Id"));
        Assert.NotEqual(sent, echoed);
        Assert.Matches("^[0-9a-f]{32}$", echoed);
    }

    [Fact]
    public async Task Response_CarriesServerTimingAndNoServerHeader()
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync("/test/critical", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("app;dur=", Assert.Single(response.Headers.GetValues("Server-Timing")), StringComparison.Ordinal);
        Assert.False(response.Headers.Contains("Server"));
        Assert.False(factory.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value.AddServerHeader);
    }

    [Fact]
    public async Task JsonResponse_WhenClientAcceptsBrotli_IsCompressed()
    {
        using var client = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/test/echo") { Content = Json("{\"name\":\"compress me\",\"count\":3}") };
        request.Headers.Add("Accept-Encoding", "br");

        using var response = await client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("br", Assert.Single(response.Content.Headers.ContentEncoding));
    }

    [Fact]
    public async Task Post_WhenBodyIsLargerThanTheLimit_Returns413ProblemDetails()
    {
        using var client = factory.CreateClient();
        var body = $"{{\"name\":\"{new string('x', 5000)}\",\"count\":1}}";

        using var response = await client.PostAsync("/test/echo", Json(body), Ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>(Ct);
        Assert.Contains("4096", problem!.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_WhenRouteRaisesTheLimit_AcceptsTheLargerBody()
    {
        using var client = factory.CreateClient();
        var body = $"{{\"name\":\"{new string('x', 5000)}\",\"count\":1}}";

        using var response = await client.PostAsync("/test/upload", Json(body), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("{\"name\":", "$")]
    [InlineData("{\"name\":\"ok\",\"count\":\"many\"}", "$.count")]
    [InlineData("not json at all", "$")]
    public async Task Post_WhenJsonIsMalformed_Returns400ProblemDetailsSayingWhere(string body, string path)
    {
        using var client = factory.CreateClient();

        using var response = await client.PostAsync("/test/echo", Json(body), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>(Ct);
        Assert.Equal("The request is malformed", problem!.Title);
        Assert.Contains($"invalid at {path}", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Requests_PastTheMemberRateLimit_Get429WithRetryAfter()
    {
        // Each request comes from a fresh address, so only the member's own bucket (15 tokens) can run out.
        using var client = factory.CreateClientFor(Guid.NewGuid());

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? refused = null;
        for (var i = 0; i < 20 && refused is null; i++)
        {
            var response = await client.GetAsync("/test/critical", Ct);
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                refused = response;
            }
            else
            {
                response.Dispose();
            }
        }

        Assert.NotNull(refused);
        using (refused)
        {
            Assert.Equal(15, statuses.Count(s => s == HttpStatusCode.OK));
            Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, "a 429 says when to retry");
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        }

        // Another member from the same client machine is not limited by the first one's bucket.
        using var other = factory.CreateClientFor(Guid.NewGuid());
        using var otherResponse = await other.GetAsync("/test/critical", Ct);
        Assert.Equal(HttpStatusCode.OK, otherResponse.StatusCode);
    }

    [Fact]
    public async Task Requests_PastTheIpRateLimit_Get429_ButOpsRoutesStillAnswer()
    {
        using var client = factory.CreateClient();
        var address = $"127.{Random.Shared.Next(1, 255)}.{Random.Shared.Next(1, 255)}.{Random.Shared.Next(1, 255)}";
        client.DefaultRequestHeaders.Add(GatewayFactory.ClientIpHeader, address);

        var ok = 0;
        HttpStatusCode last;
        do
        {
            using var response = await client.GetAsync("/test/critical", Ct);
            last = response.StatusCode;
            if (last == HttpStatusCode.OK)
            {
                ok++;
            }
            else
            {
                Assert.Equal(HttpStatusCode.TooManyRequests, last);
                Assert.NotNull(response.Headers.RetryAfter);
            }
        }
        while (last == HttpStatusCode.OK && ok <= 25);

        Assert.Equal(20, ok);
        using var health = await client.GetAsync("/health/live", Ct);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task Logins_PastTheLoginPolicy_Get429BeforeTheGeneralIpLimit()
    {
        // The login policy allows 10 a minute per address; the general per-IP bucket here allows 20.
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add(GatewayFactory.ClientIpHeader, $"127.{Random.Shared.Next(1, 255)}.{Random.Shared.Next(1, 255)}.{Random.Shared.Next(1, 255)}");

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 11; i++)
        {
            using var response = await client.PostAsync("/test/login", null, Ct);
            statuses.Add(response.StatusCode);
        }

        Assert.Equal(10, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        using var other = await client.GetAsync("/test/critical", Ct);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task Metrics_AfterRequests_CarryPerRouteCountsLatencyAndStatusClass()
    {
        using var requests = factory.Collect<long>("marquee.gateway.requests");
        using var duration = factory.Collect<double>("marquee.gateway.request.duration");
        using var client = factory.CreateClient();

        using (await client.GetAsync("/test/degraded", Ct))
        {
        }

        using (await client.PostAsync("/test/echo", Json("{"), Ct))
        {
        }

        Assert.Contains(requests.GetMeasurementSnapshot(), m => m.Tags["route"] as string == "/test/degraded"
            && m.Tags["status_class"] as string == "2xx" && m.Tags["method"] as string == "GET" && m.Tags["priority"] as string == "degraded");
        Assert.Contains(requests.GetMeasurementSnapshot(), m => m.Tags["route"] as string == "/test/echo" && m.Tags["status_class"] as string == "4xx");
        Assert.Contains(duration.GetMeasurementSnapshot(), m => m.Tags["route"] as string == "/test/degraded" && m.Value >= 0);
    }

    static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
