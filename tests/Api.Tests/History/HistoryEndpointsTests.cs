using System.Net;
using Marquee.Api.Tests.Hosting;

namespace Marquee.Api.Tests.History;

[Collection(ApiCollection.Name)]
public sealed class HistoryEndpointsTests(ApiFactory factory)
{
    [Theory]
    [InlineData("history?page=0", "page")]
    [InlineData("history?pageSize=0", "pageSize")]
    [InlineData("history?pageSize=101", "pageSize")]
    [InlineData("history?page=abc", "page")]
    [InlineData("continue-watching?limit=0", "limit")]
    public async Task Get_WithBadQuery_Returns400NamingTheField(string path, string field)
    {
        using var client = factory.CreateClientFor(Guid.NewGuid());

        using var response = await client.GetAsync($"/api/me/profiles/{Guid.NewGuid()}/{path}", TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(field, body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("history")]
    [InlineData("continue-watching")]
    public async Task Get_WithProfileIdThatIsNotAGuid_Returns400NamingIt(string path)
    {
        using var client = factory.CreateClientFor(Guid.NewGuid());

        using var response = await client.GetAsync($"/api/me/profiles/not-a-guid/{path}", TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("profileId", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("history")]
    [InlineData("continue-watching")]
    public async Task Get_WithoutToken_Returns401(string path)
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync($"/api/me/profiles/{Guid.NewGuid()}/{path}", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
