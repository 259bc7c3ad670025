using System.Net;
using Marquee.Api.Tests.Hosting;

namespace Marquee.Api.Tests.History;

[Collection(ApiCollection.Name)]
public sealed class TrendingEndpointsTests(ApiFactory factory)
{
    [Theory]
    [InlineData("?country=GBR", "country")]
    [InlineData("?country=G1", "country")]
    [InlineData("?country=GB&limit=0", "limit")]
    [InlineData("?country=GB&limit=101", "limit")]
    [InlineData("?country=GB&limit=ten", "limit")]
    public async Task Get_WithBadQuery_Returns400NamingTheField(string query, string field)
    {
        using var client = factory.CreateClientFor(Guid.NewGuid());

        using var response = await client.GetAsync($"/api/trending{query}", TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(field, body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_WithoutToken_Returns401()
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync("/api/trending?country=GB", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
