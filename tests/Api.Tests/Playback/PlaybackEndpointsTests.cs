using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marquee.Accounts;
using Marquee.Api.Tests.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using static Marquee.Api.Tests.Playback.PlaybackSetup;

namespace Marquee.Api.Tests.Playback;

[Collection(ApiCollection.Name)]
public sealed class PlaybackEndpointsTests(ApiFactory factory)
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    IServiceProvider Services => factory.Services;

    Task<Member> MemberAsync(Plan plan = Plan.Premium, BillingState billing = BillingState.Active, int maturity = 18) =>
        PlaybackSetup.MemberAsync(Services, factory.CreateClientFor, plan, billing, maturity: maturity);

    static async Task<JsonElement> StartAsync(Member member, string titleId, string device = "tv", HttpStatusCode expected = HttpStatusCode.Created)
    {
        using var response = await member.Client.PostAsJsonAsync("/api/playback", Play(member.ProfileId, titleId, device), Ct);
        Assert.Equal(expected, response.StatusCode);
        return await response.JsonAsync();
    }

    [Theory]
    [InlineData(Plan.Basic, "tv", 720)]
    [InlineData(Plan.Standard, "tv", 1080)]
    [InlineData(Plan.Premium, "tv", 2160)]
    [InlineData(Plan.Premium, "desktop", 1080)]
    [InlineData(Plan.Premium, "mobile", 720)]
    public async Task Manifest_CapsResolutionByPlanAndDevice(Plan plan, string device, int expectedMax)
    {
        await RefreshFleetAsync(Services);
        using var member = await MemberAsync(plan);
        var title = await TitleAsync(Services);

        var started = await StartAsync(member, title, device);
        var manifest = await member.Client.GetStringAsync(started.GetProperty("manifestUrl").GetString(), Ct);

        Assert.Equal(expectedMax, started.GetProperty("maxHeight").GetInt32());
        Assert.All(started.GetProperty("renditions").EnumerateArray(), r => Assert.True(r.GetProperty("height").GetInt32() <= expectedMax));
        var heights = manifest.Split('\n').Where(l => l.StartsWith("#EXT-X-STREAM-INF", StringComparison.Ordinal))
            .Select(l => int.Parse(l.Split("RESOLUTION=")[1].Split(',')[0].Split('x')[1], System.Globalization.CultureInfo.InvariantCulture))
            .ToList();
        Assert.Equal(expectedMax, heights.Max());
    }

    [Fact]
    public async Task Manifest_MediaUrls_AreSignedUpToTheSessionsCap_AndATallerRungIsRefused()
    {
        await RefreshFleetAsync(Services);
        using var member = await MemberAsync(Plan.Basic);
        var title = await TitleAsync(Services);
        var started = await StartAsync(member, title, "tv");
        var manifest = await member.Client.GetStringAsync(started.GetProperty("manifestUrl").GetString(), Ct);
        var top = new Uri(manifest.Split('\n').Last(l => l.StartsWith("http", StringComparison.Ordinal)));
        using var anonymous = factory.CreateClient();

        // The title has no media in the origin: the signed URL gets as far as looking for it (404), the edited one does not.
        using var signed = await anonymous.GetAsync(top.PathAndQuery, Ct);
        using var taller = await anonymous.GetAsync(top.PathAndQuery.Replace("/720p/", "/2160p/", StringComparison.Ordinal), Ct);
        using var unsigned = await anonymous.GetAsync(top.PathAndQuery.Replace($"/{top.Segments[3].TrimEnd('/')}/", "/", StringComparison.Ordinal), Ct);

        Assert.Contains("/720p/", top.AbsolutePath, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, signed.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, taller.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, unsigned.StatusCode);
    }

    [Fact]
    public async Task Manifest_TitleLadderBelowPlanAndDevice_CapsAtTheTitle()
    {
        await RefreshFleetAsync(Services);
        using var member = await MemberAsync(Plan.Premium);
        var title = await TitleAsync(Services, FullLadder.Where(r => r.Height <= 720).ToArray());

        var started = await StartAsync(member, title, "tv");

        Assert.Equal(720, started.GetProperty("maxHeight").GetInt32());
    }

    [Fact]
    public async Task Start_PastDueAccount_Returns402()
    {
        await RefreshFleetAsync(Services);
        using var member = await MemberAsync(billing: BillingState.PastDue);
        var title = await TitleAsync(Services);

        using var response = await member.Client.PostAsJsonAsync("/api/playback", Play(member.ProfileId, title), Ct);

        Assert.Equal(HttpStatusCode.PaymentRequired, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Start_UnknownTitleOrProfile_Returns404()
    {
        using var member = await MemberAsync();
        var title = await TitleAsync(Services);

        using var unknownTitle = await member.Client.PostAsJsonAsync("/api/playback", Play(member.ProfileId, $"nope-{Guid.NewGuid():N}"), Ct);
        using var unknownProfile = await member.Client.PostAsJsonAsync("/api/playback", Play(Guid.NewGuid(), title), Ct);

        Assert.Equal(HttpStatusCode.NotFound, unknownTitle.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownProfile.StatusCode);
    }

    [Fact]
    public async Task Start_AboveTheProfilesMaturity_Returns403()
    {
        await RefreshFleetAsync(Services);
        using var member = await MemberAsync(maturity: 7);
        var title = await TitleAsync(Services, rating: 18);

        using var response = await member.Client.PostAsJsonAsync("/api/playback", Play(member.ProfileId, title), Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Start_BadInput_Returns400NamingTheFields()
    {
        using var member = await MemberAsync();

        using var missing = await member.Client.PostAsJsonAsync("/api/playback", new { device = "toaster", latitude = 10.0 }, Ct);
        using var badTitle = await member.Client.PostAsJsonAsync("/api/playback", Play(member.ProfileId, "bad title/with slash"), Ct);
        using var notJson = await member.Client.PostAsync("/api/playback", new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        var fields = (await missing.JsonAsync()).ErrorFields();
        Assert.Contains("profileid", fields);
        Assert.Contains("titleid", fields);
        Assert.Contains("device", fields);
        Assert.Equal(HttpStatusCode.BadRequest, badTitle.StatusCode);
        Assert.Contains("titleid", (await badTitle.JsonAsync()).ErrorFields());
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
    }

    [Fact]
    public async Task Start_LatitudeWithoutLongitude_Returns400()
    {
        using var member = await MemberAsync();
        var title = await TitleAsync(Services);

        using var response = await member.Client.PostAsJsonAsync("/api/playback", Play(member.ProfileId, title, latitude: 10), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("longitude", (await response.JsonAsync()).ErrorFields());
    }

    [Fact]
    public async Task Start_Anonymous_Returns401()
    {
        using var anonymous = factory.CreateClient();

        using var response = await anonymous.PostAsJsonAsync("/api/playback", Play(Guid.NewGuid(), "demo-001"), Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Start_With20ConcurrentRequests_HoldsTheStreamLimit()
    {
        await RefreshFleetAsync(Services);
        using var member = await MemberAsync(Plan.Standard);
        var title = await TitleAsync(Services);

        var responses = await Task.WhenAll(Enumerable.Range(0, 20)
            .Select(_ => member.Client.PostAsJsonAsync("/api/playback", Play(member.ProfileId, title), Ct)));

        Assert.Equal(2, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.Equal(18, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task StartAndHeartbeat_ForAnAppThatAcceptsCompression_AreSentUncompressed()
    {
        await RefreshFleetAsync(Services);
        using var member = await MemberAsync();
        var title = await TitleAsync(Services);
        using var start = new HttpRequestMessage(HttpMethod.Post, "/api/playback") { Content = JsonContent.Create(Play(member.ProfileId, title, "tv")) };
        start.Headers.Add("Accept-Encoding", "gzip, deflate, br");
        using var started = await member.Client.SendAsync(start, Ct);
        var sessionId = (await started.JsonAsync()).GetProperty("sessionId").GetGuid();
        using var beat = new HttpRequestMessage(HttpMethod.Post, $"/api/playback/{sessionId}/heartbeat")
        {
            Content = JsonContent.Create(new { positionSeconds = 5, bitrateKbps = 3000, bufferingMs = 0 }),
        };
        beat.Headers.Add("Accept-Encoding", "gzip, deflate, br");

        using var beaten = await member.Client.SendAsync(beat, Ct);

        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        Assert.Empty(started.Content.Headers.ContentEncoding);
        Assert.Equal(HttpStatusCode.OK, beaten.StatusCode);
        Assert.Empty(beaten.Content.Headers.ContentEncoding);
        Assert.Equal(5, (await beaten.JsonAsync()).GetProperty("positionSeconds").GetDouble());
    }

    [Fact]
    public async Task ExpiredSession_FreesItsSlot()
    {
        await RefreshFleetAsync(Services);
        using var member = await MemberAsync(Plan.Basic);
        var title = await TitleAsync(Services);
        var first = await StartAsync(member, title);
        await StartAsync(member, title, expected: HttpStatusCode.Conflict);

        factory.Clock.Advance(TimeSpan.FromSeconds(91));
        await RefreshFleetAsync(Services);
        await StartAsync(member, title);
        using var lateBeat = await member.Client.PostAsJsonAsync(
            $"/api/playback/{first.GetProperty("sessionId").GetGuid()}/heartbeat", new { positionSeconds = 5, bitrateKbps = 3000, bufferingMs = 0 }, Ct);

        Assert.Equal(HttpStatusCode.Gone, lateBeat.StatusCode);
    }

    [Fact]
    public async Task SessionRoutes_OfAnotherMember_Return404()
    {
        await RefreshFleetAsync(Services);
        using var owner = await MemberAsync();
        using var stranger = await MemberAsync();
        var title = await TitleAsync(Services);
        var started = await StartAsync(owner, title);
        var id = started.GetProperty("sessionId").GetGuid();
        var primary = started.GetProperty("nodes")[0].GetProperty("nodeId").GetString();

        using var manifest = await stranger.Client.GetAsync($"/api/playback/{id}/manifest.m3u8", Ct);
        using var beat = await stranger.Client.PostAsJsonAsync($"/api/playback/{id}/heartbeat", new { positionSeconds = 1, bitrateKbps = 1, bufferingMs = 0 }, Ct);
        using var resteer = await stranger.Client.PostAsJsonAsync($"/api/playback/{id}/resteer", new { failedNodeId = primary }, Ct);
        using var stop = await stranger.Client.PostAsJsonAsync($"/api/playback/{id}/stop", new { positionSeconds = 1 }, Ct);

        Assert.Equal(HttpStatusCode.NotFound, manifest.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, beat.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, resteer.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, stop.StatusCode);
        using var ownManifest = await owner.Client.GetAsync($"/api/playback/{id}/manifest.m3u8", Ct);
        Assert.Equal(HttpStatusCode.OK, ownManifest.StatusCode);
    }

    [Fact]
    public async Task SessionRoutes_UnknownSession_Return404()
    {
        using var member = await MemberAsync();
        var id = Guid.NewGuid();

        using var manifest = await member.Client.GetAsync($"/api/playback/{id}/manifest.m3u8", Ct);
        using var beat = await member.Client.PostAsJsonAsync($"/api/playback/{id}/heartbeat", new { positionSeconds = 1, bitrateKbps = 1, bufferingMs = 0 }, Ct);
        using var resteer = await member.Client.PostAsJsonAsync($"/api/playback/{id}/resteer", new { failedNodeId = "x1" }, Ct);
        using var stop = await member.Client.PostAsJsonAsync($"/api/playback/{id}/stop", new { positionSeconds = 1 }, Ct);
        using var notAGuid = await member.Client.GetAsync("/api/playback/not-a-guid/manifest.m3u8", Ct);

        Assert.All([manifest, beat, resteer, stop, notAGuid], r => Assert.Equal(HttpStatusCode.NotFound, r.StatusCode));
    }

    [Fact]
    public async Task SessionRoutes_BadInput_Return400NamingTheFields()
    {
        await RefreshFleetAsync(Services);
        using var member = await MemberAsync();
        var title = await TitleAsync(Services);
        var id = (await StartAsync(member, title)).GetProperty("sessionId").GetGuid();

        using var beat = await member.Client.PostAsJsonAsync($"/api/playback/{id}/heartbeat", new { positionSeconds = -1, error = new { message = "x" } }, Ct);
        using var beatUnknownNode = await member.Client.PostAsJsonAsync($"/api/playback/{id}/heartbeat",
            new { positionSeconds = 1, bitrateKbps = 1, bufferingMs = 0, error = new { nodeId = "not-ours" } }, Ct);
        using var resteer = await member.Client.PostAsJsonAsync($"/api/playback/{id}/resteer", new { }, Ct);
        using var resteerUnknown = await member.Client.PostAsJsonAsync($"/api/playback/{id}/resteer", new { failedNodeId = "not-ours" }, Ct);
        using var stop = await member.Client.PostAsJsonAsync($"/api/playback/{id}/stop", new { positionSeconds = "soon" }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, beat.StatusCode);
        var beatFields = (await beat.JsonAsync()).ErrorFields();
        Assert.Contains("positionseconds", beatFields);
        Assert.Contains("bitratekbps", beatFields);
        Assert.Contains(beatFields, f => f.Contains("nodeid", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.BadRequest, beatUnknownNode.StatusCode);
        Assert.Contains("error.nodeid", (await beatUnknownNode.JsonAsync()).ErrorFields());
        Assert.Equal(HttpStatusCode.BadRequest, resteer.StatusCode);
        Assert.Contains("failednodeid", (await resteer.JsonAsync()).ErrorFields());
        Assert.Equal(HttpStatusCode.BadRequest, resteerUnknown.StatusCode);
        Assert.Contains("failednodeid", (await resteerUnknown.JsonAsync()).ErrorFields());
        Assert.Equal(HttpStatusCode.BadRequest, stop.StatusCode);
    }

    [Fact]
    public async Task Start_ThroughATrustedProxy_LocatesByTheForwardedAddress()
    {
        await RefreshFleetAsync(Services);
        using var member = await MemberAsync();
        var title = await TitleAsync(Services);
        var token = member.Client.DefaultRequestHeaders.Authorization!.ToString();

        async Task<string> SourceAsync(string proxy)
        {
            var context = await factory.Server.SendAsync(http =>
            {
                http.Request.Method = "POST";
                http.Request.Path = "/api/playback";
                http.Request.Headers.Authorization = token;
                http.Request.Headers["X-Forwarded-For"] = "198.51.100.7";
                http.Request.ContentType = "application/json";
                var json = JsonSerializer.SerializeToUtf8Bytes(Play(member.ProfileId, title), JsonSerializerOptions.Web);
                http.Request.Body = new MemoryStream(json);
                http.Request.ContentLength = json.Length;
                http.Features.Set<Microsoft.AspNetCore.Http.Features.IHttpRequestBodyDetectionFeature>(new HasBody());
                http.Connection.RemoteIpAddress = IPAddress.Parse(proxy);
            }, Ct);
            var body = await JsonSerializer.DeserializeAsync<JsonElement>(context.Response.Body, cancellationToken: Ct);
            Assert.True(context.Response.StatusCode == StatusCodes.Status201Created, body.ToString());
            await member.Client.PostAsJsonAsync($"/api/playback/{body.GetProperty("sessionId").GetGuid()}/stop", new { positionSeconds = 0 }, Ct);
            return body.GetProperty("location").GetProperty("source").GetString()!;
        }

        Assert.Equal("coverage-zone:eu-west-london", await SourceAsync("192.0.2.200"));
        Assert.Equal("default", await SourceAsync("192.0.2.201"));
    }

    /// <summary>TestServer's context-level send decides "no body" before the test sets one; this says there is one.</summary>
    sealed class HasBody : Microsoft.AspNetCore.Http.Features.IHttpRequestBodyDetectionFeature
    {
        public bool CanHaveBody => true;
    }
}
