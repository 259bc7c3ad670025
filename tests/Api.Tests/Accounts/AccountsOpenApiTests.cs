using System.Text.Json;
using Marquee.Api.Tests.Hosting;

namespace Marquee.Api.Tests.Accounts;

/// <summary>The OpenAPI document describes every account and catalogue route with its error answers.</summary>
[Collection(ApiCollection.Name)]
public sealed class AccountsOpenApiTests(ApiFactory factory)
{
    [Theory]
    [InlineData("post", "/api/accounts", "201 400 409 413")]
    [InlineData("post", "/api/auth/token", "200 400 401 413 429")]
    [InlineData("get", "/api/me", "200 401 404")]
    [InlineData("put", "/api/me/plan", "200 400 401 404 413")]
    [InlineData("get", "/api/me/profiles", "200 401 404")]
    [InlineData("post", "/api/me/profiles", "201 400 401 404 409 413")]
    [InlineData("delete", "/api/me/profiles/{profileId}", "204 401 404 409")]
    [InlineData("get", "/api/titles", "200 400 401 404")]
    [InlineData("get", "/api/titles/{titleId}", "200 400 401 404")]
    [InlineData("get", "/api/search", "200 400 401 404")]
    [InlineData("get", "/api/support/accounts", "200 400 401 403 404")]
    [InlineData("get", "/api/support/accounts/{accountId}", "200 401 403 404")]
    [InlineData("put", "/api/support/accounts/{accountId}/billing", "200 400 401 403 404 413")]
    [InlineData("put", "/api/admin/accounts/{accountId}/roles", "200 400 401 403 404 413")]
    [InlineData("put", "/api/admin/titles/{titleId}", "200 201 400 401 403 413")]
    [InlineData("delete", "/api/admin/titles/{titleId}", "204 400 401 403 404")]
    [InlineData("post", "/api/admin/catalog/import", "200 400 401 403 413")]
    public async Task OpenApi_DescribesTheRouteAndItsAnswers(string method, string path, string statuses)
    {
        using var client = factory.CreateClient();
        using var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json", TestContext.Current.CancellationToken));

        var operation = document.RootElement.GetProperty("paths").GetProperty(path).GetProperty(method);

        Assert.True(operation.TryGetProperty("summary", out _), $"{method} {path} has no summary");
        var answers = operation.GetProperty("responses").EnumerateObject().Select(r => r.Name).ToHashSet();
        Assert.Superset(statuses.Split(' ').ToHashSet(), answers);
    }
}
