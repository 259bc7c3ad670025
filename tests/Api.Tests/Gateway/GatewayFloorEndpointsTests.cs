using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marquee.Api.Tests.Hosting;

namespace Marquee.Api.Tests.Gateway;

/// <summary>The load harness's measuring routes: behind every gateway filter like any member route, mapped only on request.</summary>
[Collection(GatewayCollection.Name)]
public sealed class GatewayFloorEndpointsTests(GatewayFactory factory)
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/api/bench/floor")]
    [InlineData("/api/bench/floor-grain")]
    [InlineData("/api/bench/floor-resilient")]
    public async Task Floor_WithoutAToken_IsUnauthorized(string path)
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(path, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Floor_WithAMemberToken_AnswersTheMember()
    {
        var accountId = Guid.NewGuid();
        using var client = factory.CreateClientFor(accountId);

        var floor = await client.GetFromJsonAsync<JsonElement>("/api/bench/floor", Ct);
        var withGrain = await client.GetFromJsonAsync<JsonElement>("/api/bench/floor-grain", Ct);
        var resilient = await client.GetFromJsonAsync<JsonElement>("/api/bench/floor-resilient", Ct);

        Assert.Equal(accountId, floor.GetProperty("accountId").GetGuid());
        Assert.All([withGrain, resilient], answer =>
        {
            Assert.Equal(accountId, answer.GetProperty("accountId").GetGuid());
            // No such account was ever signed up: the grain call answered, and answered nothing.
            Assert.Equal(JsonValueKind.Null, answer.GetProperty("plan").ValueKind);
        });
    }
}
