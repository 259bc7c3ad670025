using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Marquee.Accounts;
using Marquee.Api.Hosting;
using Marquee.Api.Ingest;
using Marquee.Api.Tests.Edge;
using Marquee.Api.Tests.Hosting;
using Marquee.Catalog;
using Marquee.Edge;
using Marquee.Grains.Ingest;
using Marquee.Grains.Playback;
using Marquee.Ingest;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Marquee.Api.Tests.Ingest;

[Collection(ApiCollection.Name)]
public sealed class IngestEndpointsTests(ApiFactory factory)
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    IngestOptions Options => factory.Services.GetRequiredService<IOptions<IngestOptions>>().Value;

    HttpClient Admin() => factory.CreateClientFor(Guid.NewGuid(), Roles.Admin);

    async Task<(string TitleId, TitleInfo Title)> NewTitleAsync()
    {
        var titleId = $"ingest-{Guid.NewGuid():N}"[..20];
        var title = new TitleInfo(titleId, "Test pattern", 2026, ["Documentary"], [], "A test pattern.", 0, 0, [], [],
            [new Rendition(1920, 1080, 5000, "h264")], [], 2.5);
        await factory.Services.GetRequiredService<IGrainFactory>().GetGrain<ITitleGrain>(titleId).UpsertAsync(title, Ct);
        return (titleId, title);
    }

    static MultipartFormDataContent Upload(string? titleId, string? file, string? path = null)
    {
        var form = new MultipartFormDataContent();
        if (titleId is not null)
        {
            form.Add(new StringContent(titleId), "titleId");
        }

        if (path is not null)
        {
            form.Add(new StringContent(path), "path");
        }

        if (file is not null)
        {
            var content = new StreamContent(File.OpenRead(file));
            content.Headers.ContentType = new MediaTypeHeaderValue("video/mp4");
            form.Add(content, "file", Path.GetFileName(file));
        }

        return form;
    }

    static async Task<IngestJobView> WaitForEndAsync(HttpClient client, string statusUrl)
    {
        for (var i = 0; i < 10; i++)
        {
            var view = await client.GetFromJsonAsync<IngestJobView>($"{statusUrl}?wait={IngestEndpoints.MaxWaitSeconds}", Ct);
            if (view!.State is "succeeded" or "failed")
            {
                return view;
            }
        }

        throw new TimeoutException($"the ingest job at {statusUrl} did not finish within {IngestEndpoints.MaxWaitSeconds * 10} s");
    }

    [Fact]
    public async Task Ingest_GeneratedClip_TitleBecomesPlayableAndItsLadderServesThroughAnEdgeNode()
    {
        var (titleId, _) = await NewTitleAsync();
        var clip = await MediaTools.ClipAsync(Path.Combine(factory.DataFolder, "clips"));
        using var admin = Admin();

        var started = Stopwatch.StartNew();
        using var response = await admin.PostAsync("/api/admin/ingest", Upload(titleId, clip), Ct);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = await response.Content.ReadFromJsonAsync<IngestAccepted>(Ct);
        Assert.Equal($"/api/admin/ingest/{accepted!.JobId}", response.Headers.Location?.OriginalString);
        var job = await WaitForEndAsync(admin, accepted.StatusUrl);
        started.Stop();
        TestContext.Current.TestOutputHelper?.WriteLine($"ingest of a 6 s 720p clip into {job.Rungs.Count} rungs took {started.Elapsed.TotalSeconds:0.0} s");

        Assert.True(job.State == "succeeded", string.Join("; ", job.Errors));
        Assert.Equal([720, 480, 360, 240], job.Rungs.Select(r => r.Height));
        Assert.All(job.Rungs, r => Assert.True(r.Done && r.Percent == 100));
        Assert.Equal((1280, 720, 24.0), (job.Source!.Width, job.Source.Height, job.Source.FrameRate));
        var title = await factory.Services.GetRequiredService<IGrainFactory>().GetGrain<ITitleGrain>(titleId).GetAsync(Ct);
        Assert.Equal([720, 480, 360, 240], title!.Renditions.Select(r => r.Height));
        Assert.True(title.SizeGb > 0);
        Assert.Empty(Directory.EnumerateFileSystemEntries(Options.Uploads));

        // Every rung's variant playlist and each of its segments, through an edge node that fills from its region's storage node.
        var region = $"r-{Guid.NewGuid():N}"[..10];
        var edgeId = $"edge-{Guid.NewGuid():N}"[..13];
        var storageId = $"store-{Guid.NewGuid():N}"[..14];
        await EdgeTestFleet.RegisterAsync(factory, edgeId, region, EdgeTier.Edge, capacityGb: 50);
        await EdgeTestFleet.RegisterAsync(factory, storageId, region, EdgeTier.Storage, capacityGb: 1000);
        using var player = factory.CreateClient();
        var probed = false;
        // The master playlist a playback session gets for this node (playback renders it from the title's renditions).
        var token = EdgeTestFleet.Token(factory, titleId, maxHeight: 720);
        var master = HlsManifest.Render($"http://localhost/edge/{edgeId}", token, titleId, Guid.NewGuid(), title.Renditions);
        var variants = master.Split('\n').Where(l => l.StartsWith("http", StringComparison.Ordinal)).Select(l => new Uri(l)).ToList();
        Assert.Equal(4, variants.Count);
        foreach (var variant in variants)
        {
            using var playlistResponse = await player.GetAsync(variant.PathAndQuery, Ct);
            Assert.Equal(HttpStatusCode.OK, playlistResponse.StatusCode);
            Assert.Equal("application/vnd.apple.mpegurl", playlistResponse.Content.Headers.ContentType?.MediaType);
            Assert.Equal($"storage:{storageId}", playlistResponse.Headers.GetValues("X-Cache-Fill").Single());
            var playlist = await playlistResponse.Content.ReadAsStringAsync(Ct);
            var segments = playlist.Split('\n').Where(l => l.EndsWith(".ts", StringComparison.Ordinal)).ToList();
            Assert.Equal(3, segments.Count);
            foreach (var segment in segments)
            {
                var segmentUri = new Uri(variant, segment).AbsolutePath;
                using var segmentResponse = await player.GetAsync(segmentUri, Ct);
                Assert.Equal(HttpStatusCode.OK, segmentResponse.StatusCode);
                Assert.Equal("video/mp2t", segmentResponse.Content.Headers.ContentType?.MediaType);
                if (!probed)
                {
                    var local = Path.Combine(factory.DataFolder, "probe", segment);
                    Directory.CreateDirectory(Path.GetDirectoryName(local)!);
                    await File.WriteAllBytesAsync(local, await segmentResponse.Content.ReadAsByteArrayAsync(Ct), Ct);
                    Assert.Equal(["aac", "h264"], (await MediaTools.CodecsAsync(local)).Distinct().Order(StringComparer.Ordinal));
                    Assert.InRange(await MediaTools.DurationAsync(local), 1.5, 2.5);
                    probed = true;
                }
            }
        }

        // A second request is a hit.
        using var again = await player.GetAsync(MediaLayout.VariantPlaylistUri($"/edge/{edgeId}/{token}", titleId, title.Renditions[0]), Ct);
        Assert.Equal("HIT", again.Headers.GetValues("X-Cache").Single());
    }

    [Fact]
    public async Task Ingest_CorruptUpload_FailsWithTheReasonAndLeavesTheTitleUnchanged()
    {
        var (titleId, before) = await NewTitleAsync();
        using var admin = Admin();

        using var response = await admin.PostAsync("/api/admin/ingest", Upload(titleId, MediaTools.Corrupt(Path.Combine(factory.DataFolder, "clips"))), Ct);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var job = await WaitForEndAsync(admin, (await response.Content.ReadFromJsonAsync<IngestAccepted>(Ct))!.StatusUrl);

        Assert.Equal("failed", job.State);
        Assert.Contains("could not be read", Assert.Single(job.Errors), StringComparison.Ordinal);
        Assert.Empty(job.Renditions);
        var after = await factory.Services.GetRequiredService<IGrainFactory>().GetGrain<ITitleGrain>(titleId).GetAsync(Ct);
        Assert.Equal(before.Renditions, after!.Renditions);
        Assert.Equal(before.SizeGb, after.SizeGb);
        Assert.Null(await factory.Services.GetRequiredService<IOriginStore>().GetCurrentVersionAsync(titleId, Ct));
    }

    [Fact]
    public async Task Ingest_PathInsideIntakeFolder_IsAccepted()
    {
        var (titleId, _) = await NewTitleAsync();
        var clip = await MediaTools.ClipAsync(Path.Combine(Options.Intake, "drops"), 320, 240, seconds: 2);
        using var admin = Admin();

        using var response = await admin.PostAsync("/api/admin/ingest",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["titleId"] = titleId, ["path"] = $"drops/{Path.GetFileName(clip)}" }), Ct);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var job = await WaitForEndAsync(admin, (await response.Content.ReadFromJsonAsync<IngestAccepted>(Ct))!.StatusUrl);
        Assert.Equal("succeeded", job.State);
        Assert.True(File.Exists(clip), "an operator's intake file is left where it was");
    }

    [Fact]
    public async Task Start_AsMember_Returns403()
    {
        using var member = factory.CreateClientFor(Guid.NewGuid(), Roles.Member);

        using var response = await member.PostAsync("/api/admin/ingest", Upload("any-title", null, "x.mp4"), Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Start_Anonymous_Returns401()
    {
        using var anonymous = factory.CreateClient();

        using var response = await anonymous.PostAsync("/api/admin/ingest", Upload("any-title", null, "x.mp4"), Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Start_WithoutTitleId_Returns400NamingIt()
    {
        using var admin = Admin();

        using var response = await admin.PostAsync("/api/admin/ingest", Upload(null, MediaTools.Corrupt(Path.Combine(factory.DataFolder, "clips"))), Ct);

        await AssertValidationProblemAsync(response, "titleId");
        Assert.Empty(Directory.Exists(Options.Uploads) ? Directory.EnumerateFileSystemEntries(Options.Uploads) : []);
    }

    [Fact]
    public async Task Start_WithoutFileOrPath_Returns400NamingFile()
    {
        using var admin = Admin();

        using var response = await admin.PostAsync("/api/admin/ingest", Upload("some-title", null), Ct);

        await AssertValidationProblemAsync(response, "file");
    }

    [Fact]
    public async Task Start_WithJsonBody_Returns415()
    {
        using var admin = Admin();

        using var response = await admin.PostAsJsonAsync("/api/admin/ingest", new { titleId = "x", path = "a.mp4" }, Ct);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Theory]
    [InlineData("../outside.mp4")]
    [InlineData("/etc/passwd")]
    [InlineData("drops/../../outside.mp4")]
    [InlineData("uploads/someone-elses/source.mp4")]
    public async Task Start_WithPathOutsideIntakeFolder_Returns400NamingPath(string path)
    {
        using var admin = Admin();

        using var response = await admin.PostAsync("/api/admin/ingest", Upload("some-title", null, path), Ct);

        await AssertValidationProblemAsync(response, "path");
    }

    [Fact]
    public async Task Start_WithMissingIntakeFile_Returns400NamingPath()
    {
        using var admin = Admin();

        using var response = await admin.PostAsync("/api/admin/ingest", Upload("some-title", null, "no-such-file.mp4"), Ct);

        await AssertValidationProblemAsync(response, "path");
    }

    [Fact]
    public async Task Start_ForUnknownTitle_Returns404AndKeepsNoUpload()
    {
        using var admin = Admin();

        using var response = await admin.PostAsync("/api/admin/ingest", Upload("no-such-title", MediaTools.Corrupt(Path.Combine(factory.DataFolder, "clips"))), Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("No such title", (await response.Content.ReadFromJsonAsync<ProblemDetails>(Ct))!.Title);
    }

    [Fact]
    public async Task Get_UnknownJob_Returns404()
    {
        using var admin = Admin();

        using var response = await admin.GetAsync($"/api/admin/ingest/{Guid.NewGuid()}", Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("No such ingest job", (await response.Content.ReadFromJsonAsync<ProblemDetails>(Ct))!.Title);
    }

    [Fact]
    public async Task Get_WithWaitOutOfRange_Returns400NamingWait()
    {
        using var admin = Admin();

        using var response = await admin.GetAsync($"/api/admin/ingest/{Guid.NewGuid()}?wait=600", Ct);

        await AssertValidationProblemAsync(response, "wait");
    }

    [Fact]
    public async Task Get_AsMember_Returns403()
    {
        using var member = factory.CreateClientFor(Guid.NewGuid(), Roles.Member);

        using var response = await member.GetAsync($"/api/admin/ingest/{Guid.NewGuid()}", Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    static async Task AssertValidationProblemAsync(HttpResponseMessage response, string field)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<HttpValidationProblemDetails>(Ct);
        Assert.Contains(field, problem!.Errors.Keys);
    }
}
