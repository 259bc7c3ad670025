using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marquee.Accounts;
using Marquee.Api.Tests.Hosting;
using Marquee.Grains.Catalog;
using static Marquee.Api.Tests.Playback.PlaybackSetup;

namespace Marquee.Api.Tests.Playback;

/// <summary>The demo service end to end in embedded mode: the seeded catalogue played from the seeded fleet.</summary>
[Collection(ApiCollection.Name)]
public sealed class PlaybackJourneyTests(ApiFactory factory)
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task DemoCatalogue_PlaysEndToEnd_StartManifestHeartbeatsResteerStop()
    {
        await RefreshFleetAsync(factory.Services);
        using var member = await MemberAsync(factory.Services, factory.CreateClientFor, Plan.Premium);
        var titles = DemoCatalog.Titles.Where(t => t.IsLicensedIn("US")).ToList();
        var sample = titles.Take(3).Concat(titles.Skip(titles.Count - 2)).ToList();

        foreach (var title in sample)
        {
            // Start: a ranked list, primary first, then at least two alternates.
            using var start = await member.Client.PostAsJsonAsync("/api/playback", Play(member.ProfileId, title.TitleId, "tv", 40.7, -74.0), Ct);
            Assert.Equal(HttpStatusCode.Created, start.StatusCode);
            var started = await start.JsonAsync();
            var sessionId = started.GetProperty("sessionId").GetGuid();
            var nodes = started.GetProperty("nodes").EnumerateArray().ToList();
            Assert.True(nodes.Count >= 3, $"{title.TitleId}: a primary and at least two alternates");
            Assert.Equal("us-east", nodes[0].GetProperty("region").GetString());
            Assert.Equal(start.Headers.Location?.ToString(), started.GetProperty("manifestUrl").GetString());

            // Manifest: a master playlist whose variants are served by the primary.
            using var manifestResponse = await member.Client.GetAsync(started.GetProperty("manifestUrl").GetString(), Ct);
            Assert.Equal("application/vnd.apple.mpegurl", manifestResponse.Content.Headers.ContentType?.MediaType);
            var manifest = await manifestResponse.Content.ReadAsStringAsync(Ct);
            AssertMasterPlaylist(manifest, nodes[0].GetProperty("baseUrl").GetString()!);

            // Heartbeats keep it alive; the position is checkpointed into history once playback moved a minute.
            for (var i = 1; i <= 3; i++)
            {
                factory.Clock.Advance(TimeSpan.FromSeconds(10));
                using var beat = await member.Client.PostAsJsonAsync($"/api/playback/{sessionId}/heartbeat", new { positionSeconds = i * 10, bitrateKbps = 5800, bufferingMs = 0 }, Ct);
                Assert.Equal(HttpStatusCode.OK, beat.StatusCode);
                var answer = await beat.JsonAsync();
                Assert.Equal(i * 10, answer.GetProperty("positionSeconds").GetDouble());
                // Under a minute of playback since the start: history still holds the start's position.
                Assert.Equal(0, answer.GetProperty("savedPositionSeconds").GetDouble());
            }

            // A player error on the primary, then a re-steer away from it.
            var failed = nodes[0].GetProperty("nodeId").GetString()!;
            using var error = await member.Client.PostAsJsonAsync($"/api/playback/{sessionId}/heartbeat",
                new { positionSeconds = 31, bitrateKbps = 3000, bufferingMs = 2500, error = new { nodeId = failed, message = "segment timeout" } }, Ct);
            Assert.Equal(HttpStatusCode.OK, error.StatusCode);
            using var resteer = await member.Client.PostAsJsonAsync($"/api/playback/{sessionId}/resteer", new { failedNodeId = failed }, Ct);
            Assert.Equal(HttpStatusCode.OK, resteer.StatusCode);
            var resteered = await resteer.JsonAsync();
            var newNodes = resteered.GetProperty("nodes").EnumerateArray().ToList();
            Assert.DoesNotContain(newNodes, n => n.GetProperty("nodeId").GetString() == failed);
            Assert.True(newNodes.Count >= 3);
            var repointed = await member.Client.GetStringAsync(resteered.GetProperty("manifestUrl").GetString(), Ct);
            AssertMasterPlaylist(repointed, newNodes[0].GetProperty("baseUrl").GetString()!);

            // Stop frees the slot; the session is gone.
            using var stop = await member.Client.PostAsJsonAsync($"/api/playback/{sessionId}/stop", new { positionSeconds = 35 }, Ct);
            Assert.Equal(HttpStatusCode.NoContent, stop.StatusCode);
            using var after = await member.Client.PostAsJsonAsync($"/api/playback/{sessionId}/heartbeat", new { positionSeconds = 36, bitrateKbps = 5800, bufferingMs = 0 }, Ct);
            Assert.Equal(HttpStatusCode.NotFound, after.StatusCode);

            // The failures this title reported leave the passive-health window before the next title plays.
            factory.Clock.Advance(TimeSpan.FromMinutes(3));
            await RefreshFleetAsync(factory.Services);
        }
    }

    [Fact]
    public async Task DemoFleet_IsSeededHealthyOverThreeRegions()
    {
        await RefreshFleetAsync(factory.Services);
        using var admin = factory.CreateClientFor(Guid.NewGuid(), Roles.Admin);

        var nodes = (await admin.GetFromJsonAsync<JsonElement>("/api/admin/edges", Ct)).EnumerateArray()
            .Where(n => n.GetProperty("nodeId").GetString()!.Contains("-edge-", StringComparison.Ordinal)
                || n.GetProperty("nodeId").GetString()!.Contains("-storage-", StringComparison.Ordinal))
            .ToList();

        Assert.Equal(["ap-south", "eu-west", "us-east"], nodes.Select(n => n.GetProperty("region").GetString()).Distinct().Order());
        Assert.All(nodes, n => Assert.True(n.GetProperty("healthy").GetBoolean()));
        Assert.All(nodes.Where(n => n.GetProperty("tier").GetString() == "edge"), n => Assert.True(n.GetProperty("inventorySize").GetInt32() > 0));
        Assert.All(nodes.Where(n => n.GetProperty("tier").GetString() == "edge"),
            n => Assert.True(n.GetProperty("usedGb").GetDouble() <= n.GetProperty("capacityGb").GetDouble()));
    }

    static void AssertMasterPlaylist(string manifest, string baseUrl)
    {
        var lines = manifest.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("#EXTM3U", lines[0]);
        var variants = 0;
        for (var i = 0; i < lines.Length; i++)
        {
            if (!lines[i].StartsWith("#EXT-X-STREAM-INF:", StringComparison.Ordinal))
            {
                continue;
            }

            variants++;
            Assert.Contains("BANDWIDTH=", lines[i], StringComparison.Ordinal);
            Assert.Contains("RESOLUTION=", lines[i], StringComparison.Ordinal);
            Assert.Contains("CODECS=\"", lines[i], StringComparison.Ordinal);
            Assert.StartsWith(baseUrl + "/", lines[i + 1], StringComparison.Ordinal);
        }

        Assert.True(variants > 0);
    }
}
