using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Marquee.Integration.Tests.Fixtures;

namespace Marquee.Integration.Tests.Hosting;

/// <summary>
/// The API is stateless: two instances in client mode against one cluster, sharing only the token signing key, serve
/// one member interchangeably. Every step of the journey goes to the other instance than the step before it, and a
/// page one instance cached is dropped when the other changes what it shows.
/// </summary>
public sealed class StatelessApiTests(RedisServer redis, PostgresServer postgres, ITestOutputHelper output)
{
    const string AdminPassword = "stateless admin password 1";
    const string MemberPassword = "stateless member password 1";

    /// <summary>
    /// The silo's health TTL: the storage node reports once, and the play must be steered to it however slowly a loaded
    /// machine gets from that report to the play (the default 30 s would make the test depend on the machine's speed).
    /// </summary>
    static readonly Dictionary<string, string?> SiloSettings = new() { ["Edge:HealthTtl"] = "00:10:00" };

    /// <summary>
    /// The API instances' per-call budgets (Resilience:&lt;dependency&gt;:Timeout, 1 s and 2 s for playback by default):
    /// this test is about which instance serves a member, not about latency, and a silo and two API instances starting
    /// and JIT-compiling together on a loaded 2-core machine take longer than that for a first call (a heartbeat
    /// answered 503 "timeout" so). Generous budgets still bound every call, below the test's 30 s HTTP timeout.
    /// </summary>
    static readonly string[] Dependencies = ["Accounts", "Catalog", "Search", "Playback", "History", "Recommendations"];

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Member_SignsUpOnA_LogsInOnB_PlaysOnB_StopsOnA_AndEitherInstanceServesTheSameMember()
    {
        var cluster = ClusterSettings.New(redis, postgres);
        // No demo data in cluster mode: the configured administrator (both instances bootstrap the same one, which
        // AccountBootstrap makes safe) adds the title and the node the member plays from.
        var adminEmail = $"admin-{Guid.NewGuid():N}@test.local";
        // Home pages cached for 10 minutes: only a removal that reaches the other instance can refresh one within the test.
        var apiSettings = new Dictionary<string, string?>
        {
            ["Admin:Email"] = adminEmail,
            ["Admin:Password"] = AdminPassword,
            ["Cache:Home"] = "00:10:00",
        };
        foreach (var dependency in Dependencies)
        {
            apiSettings[$"Resilience:{dependency}:Timeout"] = "00:00:20";
        }

        await using var silo = HostProcess.StartSilo("silo", cluster, SiloSettings);
        await using var apiA = HostProcess.StartApi("api A", cluster, apiSettings);
        await using var apiB = HostProcess.StartApi("api B", cluster, apiSettings);
        try
        {
            await silo.WaitReadyAsync(ClusterFailoverTests.StartTimeout);
            await Task.WhenAll(apiA.WaitReadyAsync(ClusterFailoverTests.StartTimeout), apiB.WaitReadyAsync(ClusterFailoverTests.StartTimeout));

            // The administrator signs in on A, adds a title on A and registers a storage node on B; the node reports on A.
            var adminToken = await SignInAsync(apiA, adminEmail, AdminPassword);
            using var adminOnA = Client(apiA, adminToken);
            using var adminOnB = Client(apiB, adminToken);
            var titleId = $"stateless-{Guid.NewGuid():N}";
            var titleName = $"Two Doors {Guid.NewGuid():N}"[..20];
            using (var added = await adminOnA.PutAsJsonAsync($"/api/admin/titles/{titleId}",
                new { name = titleName, year = 2025, genres = new[] { "Documentary" }, maturityRating = 0, runtimeMinutes = 100 }, Ct))
            {
                Assert.Equal(HttpStatusCode.Created, added.StatusCode);
            }

            var nodeId = $"st-{Guid.NewGuid():N}"[..20];
            var nodeUrl = $"https://{nodeId}.edge.test";
            string nodeKey;
            using (var registered = await adminOnB.PutAsJsonAsync($"/api/admin/edges/{nodeId}",
                new { region = "us-east", latitude = 39.04, longitude = -77.49, tier = "storage", baseUrl = nodeUrl }, Ct))
            {
                Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
                nodeKey = (await registered.Content.ReadFromJsonAsync<RegisteredNode>(Ct))!.NodeKey!;
            }

            using (var anonymousOnA = Client(apiA))
            using (var report = new HttpRequestMessage(HttpMethod.Post, $"/api/edges/{nodeId}/health")
            {
                Content = JsonContent.Create(new { loadPercent = 20, availableMbps = 10_000, errorRate = 0.001 }),
            })
            {
                report.Headers.Add("X-Node-Key", nodeKey);
                using var reported = await anonymousOnA.SendAsync(report, Ct);
                Assert.Equal(HttpStatusCode.NoContent, reported.StatusCode);
            }

            // The member signs up on A and signs in on B and on A: each token works on the other instance.
            var email = $"stateless-{Guid.NewGuid():N}@test.local";
            Account signedUp;
            using (var anonymousOnA = Client(apiA))
            using (var signUp = await anonymousOnA.PostAsJsonAsync("/api/accounts",
                new { email, password = MemberPassword, displayName = "Sam Stateless", plan = "Premium", country = "US" }, Ct))
            {
                Assert.Equal(HttpStatusCode.Created, signUp.StatusCode);
                signedUp = (await signUp.Content.ReadFromJsonAsync<Account>(Ct))!;
            }

            var tokenFromB = await SignInAsync(apiB, email, MemberPassword);
            var tokenFromA = await SignInAsync(apiA, email, MemberPassword);
            using var memberOnA = Client(apiA, tokenFromB);
            using var memberOnB = Client(apiB, tokenFromA);
            var meOnA = await memberOnA.GetFromJsonAsync<Account>("/api/me", Ct);
            var meOnB = await memberOnB.GetFromJsonAsync<Account>("/api/me", Ct);
            Assert.Equal(signedUp.AccountId, meOnA!.AccountId);
            Assert.Equal(signedUp.AccountId, meOnB!.AccountId);
            Assert.Equal(email, meOnB.Email);
            var profileId = Assert.Single(meOnA.Profiles).ProfileId;
            Assert.Equal(profileId, Assert.Single(meOnB.Profiles).ProfileId);

            // The catalogue: the title read through A; B's catalogue copy follows the change feed (A wrote the title).
            var title = await memberOnA.GetFromJsonAsync<TitleDetails>($"/api/titles/{titleId}", Ct);
            Assert.Equal(titleName, title!.Name);
            var browsedOnB = await Poll.UntilAsync($"B's catalogue copy to list title {titleId}, added through A", TimeSpan.FromSeconds(30),
                async ct => (await memberOnB.GetFromJsonAsync<TitlePage>("/api/titles?genre=Documentary&pageSize=100", ct))!
                    .Items.FirstOrDefault(t => t.TitleId == titleId));
            Assert.Equal(titleName, browsedOnB.Name);

            // B serves (and caches) the profile's home page before the play: nothing to continue yet.
            var homeBefore = await memberOnB.GetFromJsonAsync<HomePage>($"/api/home?profileId={profileId}", Ct);
            Assert.DoesNotContain(homeBefore!.Rows, r => r.Kind == "continue-watching");

            // Playback starts on B, steered to the node registered on B whose health A took.
            PlaybackStarted started;
            using (var start = await memberOnB.PostAsJsonAsync("/api/playback",
                new { profileId, titleId, device = "desktop", latitude = 40.71, longitude = -74.01 }, Ct))
            {
                Assert.Equal(HttpStatusCode.Created, start.StatusCode);
                started = (await start.Content.ReadFromJsonAsync<PlaybackStarted>(Ct))!;
            }

            Assert.Equal(nodeId, started.Nodes[0].NodeId);
            var sessionId = started.SessionId;

            // A serves the session B started: its manifest, a heartbeat, the stop.
            var manifest = await memberOnA.GetStringAsync(started.ManifestUrl, Ct);
            // Signed by the silo with the cluster's media key: {node}/{token}/titles/...
            Assert.Matches($"{System.Text.RegularExpressions.Regex.Escape(nodeUrl)}/[0-9]+-[0-9]+-[A-Za-z0-9_-]+/titles/{titleId}/", manifest);
            // A's edge data plane accepts the silo's signature (the title has no media: past the check it is a 404, not a 403).
            var variant = new Uri(manifest.Split('\n').First(l => l.StartsWith(nodeUrl, StringComparison.Ordinal)));
            using (var media = await memberOnA.GetAsync($"/edge/{nodeId}{variant.PathAndQuery}", Ct))
            {
                Assert.Equal(HttpStatusCode.NotFound, media.StatusCode);
            }

            using (var beat = await memberOnA.PostAsJsonAsync($"/api/playback/{sessionId}/heartbeat",
                new { positionSeconds = 600.0, bitrateKbps = 5800, bufferingMs = 0 }, Ct))
            {
                Assert.Equal(HttpStatusCode.OK, beat.StatusCode);
                Assert.Equal(600.0, (await beat.Content.ReadFromJsonAsync<HeartbeatAnswer>(Ct))!.PositionSeconds);
            }

            using (var stop = await memberOnA.PostAsJsonAsync($"/api/playback/{sessionId}/stop", new { positionSeconds = 1234.5 }, Ct))
            {
                Assert.Equal(HttpStatusCode.NoContent, stop.StatusCode);
            }

            // B knows the session ended on A: a late heartbeat through B does not revive it. A stopped session
            // deactivates at once, so the answer is 404 (no session) or, if the call beats the deactivation, 410 (ended).
            using (var late = await memberOnB.PostAsJsonAsync($"/api/playback/{sessionId}/heartbeat",
                new { positionSeconds = 1240.0, bitrateKbps = 5800, bufferingMs = 0 }, Ct))
            {
                Assert.Contains(late.StatusCode, new[] { HttpStatusCode.NotFound, HttpStatusCode.Gone });
            }

            // B reads where the member stopped on A. A stop answers only after the session's events are stored (the
            // session grain awaits its history tail), so there is nothing to wait for.

            var resume = await memberOnB.GetFromJsonAsync<ContinueWatching>($"/api/me/profiles/{profileId}/continue-watching", Ct);
            var item = Assert.Single(resume!.Items);
            Assert.Equal(titleId, item.TitleId);
            Assert.Equal(1234.5, item.PositionSeconds);
            Assert.Equal("desktop", item.Device);
            // A's stop dropped the home page B cached before the play, on B too (Redis channel): B's next page shows the
            // title to continue. The removal travels to B after A answered the stop, hence the poll.
            var homeAfter = await Poll.UntilAsync($"B's home page of {profileId} to show {titleId} in Continue Watching", TimeSpan.FromSeconds(30),
                async ct => (await memberOnB.GetFromJsonAsync<HomePage>($"/api/home?profileId={profileId}", ct))!
                    .Rows.FirstOrDefault(r => r.Kind == "continue-watching" && r.Items.Any(i => i.TitleId == titleId)));
            Assert.Equal(titleId, Assert.Single(homeAfter.Items).TitleId);

            var history = await memberOnB.GetFromJsonAsync<HistoryPage>($"/api/me/profiles/{profileId}/history", Ct);
            Assert.Equal(new[] { "stop", "heartbeat", "start" }, history!.Items.Select(e => e.Kind));
            Assert.All(history.Items, e => Assert.Equal(titleId, e.TitleId));
            Assert.Equal(new[] { 1234.5, 600.0, 0.0 }, history.Items.Select(e => e.PositionSeconds));
        }
        catch
        {
            HostProcess.Report(output, silo, apiA, apiB);
            throw;
        }
    }

    static HttpClient Client(HostProcess api, string? token = null)
    {
        var client = new HttpClient { BaseAddress = api.Web, Timeout = TimeSpan.FromSeconds(30) };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    static async Task<string> SignInAsync(HostProcess api, string email, string password)
    {
        using var anonymous = Client(api);
        using var response = await anonymous.PostAsJsonAsync("/api/auth/token", new { email, password }, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK,
            $"Sign-in of {email} on {api.Process.Name} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(Ct)}");
        var token = await response.Content.ReadFromJsonAsync<TokenAnswer>(Ct);
        Assert.Equal("Bearer", token!.TokenType);
        return token.AccessToken;
    }

    // The API's answers as this test reads them (the test project does not reference the API assembly: it runs it).

    /// <summary>POST /api/auth/token.</summary>
    sealed record TokenAnswer(string AccessToken, string TokenType);

    /// <summary>POST /api/accounts, GET /api/me.</summary>
    sealed record Account(Guid AccountId, string Email, IReadOnlyList<AccountProfile> Profiles);

    /// <summary>A profile of <see cref="Account"/>.</summary>
    sealed record AccountProfile(Guid ProfileId, string Name);

    /// <summary>PUT /api/admin/edges/{nodeId}.</summary>
    sealed record RegisteredNode(string NodeId, bool Created, string? NodeKey);

    /// <summary>GET /api/titles/{titleId}.</summary>
    sealed record TitleDetails(string TitleId, string Name, int RuntimeMinutes);

    /// <summary>GET /api/titles.</summary>
    sealed record TitlePage(IReadOnlyList<TitleCard> Items, int Total);

    /// <summary>A title of <see cref="TitlePage"/>.</summary>
    sealed record TitleCard(string TitleId, string Name);

    /// <summary>POST /api/playback.</summary>
    sealed record PlaybackStarted(Guid SessionId, IReadOnlyList<SteeredNode> Nodes, string ManifestUrl);

    /// <summary>A node of <see cref="PlaybackStarted"/>.</summary>
    sealed record SteeredNode(string NodeId, string BaseUrl, string Tier);

    /// <summary>POST /api/playback/{sessionId}/heartbeat.</summary>
    sealed record HeartbeatAnswer(Guid SessionId, double PositionSeconds);

    /// <summary>GET /api/me/profiles/{profileId}/continue-watching.</summary>
    sealed record ContinueWatching(IReadOnlyList<ContinueWatchingItem> Items);

    /// <summary>An item of <see cref="ContinueWatching"/>.</summary>
    sealed record ContinueWatchingItem(string TitleId, double PositionSeconds, string Device);

    /// <summary>GET /api/home.</summary>
    sealed record HomePage(IReadOnlyList<HomeRow> Rows);

    /// <summary>A row of <see cref="HomePage"/>.</summary>
    sealed record HomeRow(string Kind, IReadOnlyList<HomeItem> Items);

    /// <summary>A card of <see cref="HomeRow"/>.</summary>
    sealed record HomeItem(string TitleId);

    /// <summary>GET /api/me/profiles/{profileId}/history.</summary>
    sealed record HistoryPage(IReadOnlyList<HistoryItem> Items);

    /// <summary>An event of <see cref="HistoryPage"/>.</summary>
    sealed record HistoryItem(string Kind, string? TitleId, double PositionSeconds);
}
