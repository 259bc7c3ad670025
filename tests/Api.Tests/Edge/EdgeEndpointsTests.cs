using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marquee.Accounts;
using Marquee.Api.Tests.Hosting;

namespace Marquee.Api.Tests.Edge;

[Collection(ApiCollection.Name)]
public sealed class EdgeEndpointsTests(ApiFactory factory)
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    HttpClient Admin() => factory.CreateClientFor(Guid.NewGuid(), Roles.Admin);

    static string NewNodeId() => $"test-{Guid.NewGuid():N}"[..20];

    static object Registration(string tier = "edge", string state = "online", double? capacity = 40) => new
    {
        region = "test-region",
        latitude = -45.0,
        longitude = 170.0,
        tier,
        capacityGb = capacity,
        baseUrl = "https://node.test",
        adminState = state,
    };

    static async Task<string> RegisterAsync(HttpClient admin, string nodeId)
    {
        using var response = await admin.PutAsJsonAsync($"/api/admin/edges/{nodeId}", Registration(), Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        return body.GetProperty("nodeKey").GetString()!;
    }

    static HttpRequestMessage Health(string nodeId, string? key, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/edges/{nodeId}/health") { Content = JsonContent.Create(body) };
        if (key is not null)
        {
            request.Headers.Add("X-Node-Key", key);
        }

        return request;
    }

    static async Task<JsonElement> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
    }

    [Fact]
    public async Task Register_NewNode_Returns201WithKeyThenUpdatesWithoutIt()
    {
        using var admin = Admin();
        var nodeId = NewNodeId();

        using var created = await admin.PutAsJsonAsync($"/api/admin/edges/{nodeId}", Registration(), Ct);
        using var updated = await admin.PutAsJsonAsync($"/api/admin/edges/{nodeId}", Registration(state: "draining"), Ct);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var first = await created.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.False(string.IsNullOrEmpty(first.GetProperty("nodeKey").GetString()));
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        var second = await updated.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(JsonValueKind.Null, second.GetProperty("nodeKey").ValueKind);
        Assert.Equal("draining", second.GetProperty("node").GetProperty("adminState").GetString());
    }

    [Fact]
    public async Task Register_BadInput_Returns400NamingTheFields()
    {
        using var admin = Admin();

        using var response = await admin.PutAsJsonAsync($"/api/admin/edges/{NewNodeId()}", new
        {
            region = "Not A Region",
            latitude = 123.0,
            longitude = 10.0,
            tier = "huge",
            baseUrl = "not a url",
        }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await ProblemAsync(response)).GetProperty("errors").EnumerateObject().Select(p => p.Name.ToLowerInvariant()).ToList();
        Assert.Contains("region", errors);
        Assert.Contains("latitude", errors);
        Assert.Contains("tier", errors);
        Assert.Contains("baseurl", errors);
    }

    [Fact]
    public async Task Register_EdgeWithoutCapacityOrBadNodeId_Returns400()
    {
        using var admin = Admin();

        using var noCapacity = await admin.PutAsJsonAsync($"/api/admin/edges/{NewNodeId()}", Registration(capacity: null), Ct);
        using var badId = await admin.PutAsJsonAsync("/api/admin/edges/Bad_Node!", Registration(), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, noCapacity.StatusCode);
        Assert.True((await ProblemAsync(noCapacity)).GetProperty("errors").TryGetProperty("capacityGb", out _));
        Assert.Equal(HttpStatusCode.BadRequest, badId.StatusCode);
        Assert.True((await ProblemAsync(badId)).GetProperty("errors").TryGetProperty("nodeId", out _));
    }

    [Fact]
    public async Task AdminRoutes_ForAMemberOrAnonymous_Return403Or401()
    {
        using var member = factory.CreateClientFor(Guid.NewGuid(), Roles.Member);
        using var anonymous = factory.CreateClient();

        using var asMember = await member.PutAsJsonAsync($"/api/admin/edges/{NewNodeId()}", Registration(), Ct);
        using var listAsMember = await member.GetAsync("/api/admin/edges", Ct);
        using var asNobody = await anonymous.GetAsync("/api/admin/edges", Ct);

        Assert.Equal(HttpStatusCode.Forbidden, asMember.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, listAsMember.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, asNobody.StatusCode);
    }

    [Fact]
    public async Task Health_WithTheNodeKey_MakesTheNodeHealthyInTheList()
    {
        using var admin = Admin();
        var nodeId = NewNodeId();
        var key = await RegisterAsync(admin, nodeId);
        using var anonymous = factory.CreateClient();

        using var report = await anonymous.SendAsync(Health(nodeId, key, new { loadPercent = 40, availableMbps = 9000, errorRate = 0.001 }), Ct);
        var list = await admin.GetFromJsonAsync<JsonElement>("/api/admin/edges", Ct);

        Assert.Equal(HttpStatusCode.NoContent, report.StatusCode);
        var node = list.EnumerateArray().Single(n => n.GetProperty("nodeId").GetString() == nodeId);
        Assert.True(node.GetProperty("healthy").GetBoolean());
        Assert.Equal(40, node.GetProperty("loadPercent").GetDouble());
        Assert.StartsWith("healthy", node.GetProperty("healthReasons")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(0, node.GetProperty("inventorySize").GetInt32());
    }

    [Fact]
    public async Task Health_WhenReportsStop_ShowsStaleInTheList()
    {
        using var admin = Admin();
        var nodeId = NewNodeId();
        var key = await RegisterAsync(admin, nodeId);
        using var anonymous = factory.CreateClient();
        using var report = await anonymous.SendAsync(Health(nodeId, key, new { loadPercent = 40, availableMbps = 9000, errorRate = 0.001 }), Ct);

        factory.Clock.Advance(TimeSpan.FromMinutes(1));
        var node = await admin.GetFromJsonAsync<JsonElement>($"/api/admin/edges/{nodeId}", Ct);

        Assert.False(node.GetProperty("healthy").GetBoolean());
        Assert.Contains(node.GetProperty("healthReasons").EnumerateArray(), r => r.GetString()!.StartsWith("stale", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Health_WithoutKeyWrongKeyOrUnknownNode_Returns401403404()
    {
        using var admin = Admin();
        var nodeId = NewNodeId();
        await RegisterAsync(admin, nodeId);
        using var anonymous = factory.CreateClient();
        var body = new { loadPercent = 40, availableMbps = 9000, errorRate = 0.001 };

        using var noKey = await anonymous.SendAsync(Health(nodeId, null, body), Ct);
        using var wrongKey = await anonymous.SendAsync(Health(nodeId, "not-the-key", body), Ct);
        using var unknown = await anonymous.SendAsync(Health(NewNodeId(), "whatever", body), Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, wrongKey.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        await ProblemAsync(wrongKey);
    }

    [Fact]
    public async Task Health_BadBody_Returns400NamingTheFields()
    {
        using var admin = Admin();
        var nodeId = NewNodeId();
        var key = await RegisterAsync(admin, nodeId);
        using var anonymous = factory.CreateClient();

        using var response = await anonymous.SendAsync(Health(nodeId, key, new { loadPercent = 140, errorRate = 2 }), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await ProblemAsync(response)).GetProperty("errors").EnumerateObject().Select(p => p.Name.ToLowerInvariant()).ToList();
        Assert.Contains("loadpercent", errors);
        Assert.Contains("availablembps", errors);
        Assert.Contains("errorrate", errors);
    }

    [Fact]
    public async Task GetNode_UnknownOrMalformed_Returns404Or400()
    {
        using var admin = Admin();

        using var unknown = await admin.GetAsync($"/api/admin/edges/{NewNodeId()}", Ct);
        using var malformed = await admin.GetAsync("/api/admin/edges/UPPER_case", Ct);

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
    }

    [Fact]
    public async Task RemoveTitle_NotThereOrMalformed_Returns404Or400()
    {
        using var admin = Admin();
        var nodeId = NewNodeId();
        await RegisterAsync(admin, nodeId);

        using var missing = await admin.DeleteAsync($"/api/admin/edges/{nodeId}/titles/nothing-here", Ct);
        using var malformed = await admin.DeleteAsync($"/api/admin/edges/{nodeId}/titles/%20bad%20id", Ct);

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
    }

    [Fact]
    public async Task PlaceTitle_MalformedIds_Returns400NamingThem()
    {
        using var admin = Admin();

        using var response = await admin.PutAsync("/api/admin/edges/BAD_NODE/titles/%20bad%20id", null, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await ProblemAsync(response)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("nodeId", out _));
        Assert.True(errors.TryGetProperty("titleId", out _));
    }
}
