using Marquee.Catalog;
using Marquee.Grains.Ingest;
using Marquee.Ingest;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Marquee.Grains.Tests.Ingest;

[Collection(IngestClusterCollection.Name)]
public sealed class IngestJobGrainTests(IngestClusterFixture fixture)
{
    static readonly TimeSpan Wait = TimeSpan.FromSeconds(25);

    IngestOptions Options => fixture.SiloServices.GetRequiredService<IOptions<IngestOptions>>().Value;

    async Task<string> NewTitleAsync()
    {
        var titleId = $"ingest-{Guid.NewGuid():N}"[..20];
        await fixture.Client.GetGrain<ITitleGrain>(titleId).UpsertAsync(new TitleInfo(
            titleId, "Test pattern", 2026, ["Documentary"], [], "A test pattern with a tone.", 0, 0, [], [],
            [new Rendition(1920, 1080, 5000, "h264")], [], 1.5));
        return titleId;
    }

    async Task<IngestJobStatus> RunToEndAsync(IIngestJobGrain job, Guid jobId)
    {
        Assert.True(fixture.Queue.Release(jobId), "the job was never offered to the worker queue");
        for (var i = 0; i < 8; i++)
        {
            var status = await job.WaitForCompletionAsync(Wait);
            if (status!.IsFinished)
            {
                return status;
            }
        }

        throw new TimeoutException($"ingest job {jobId} did not finish within {Wait * 8}");
    }

    [Fact]
    public async Task GetAsync_ForUnknownJob_ReturnsNull()
    {
        Assert.Null(await fixture.Client.GetGrain<IIngestJobGrain>(Guid.NewGuid()).GetAsync());
    }

    [Fact]
    public async Task StartAsync_Twice_ReturnsTheSameJobAndQueuesOnce()
    {
        var titleId = await NewTitleAsync();
        var jobId = Guid.NewGuid();
        var job = fixture.Client.GetGrain<IIngestJobGrain>(jobId);
        var spec = new IngestJobSpec(titleId, Path.Combine(Options.Intake, "absent.mp4"), "absent.mp4", false);

        var first = await job.StartAsync(spec);
        var second = await job.StartAsync(spec with { SourceName = "other.mp4" });

        Assert.Equal(IngestStage.Queued, first.Stage);
        Assert.Equal("absent.mp4", second.SourceName);
        var failed = await RunToEndAsync(job, jobId);
        Assert.Equal(IngestStage.Failed, failed.Stage);
        Assert.Contains("is gone", Assert.Single(failed.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resume_AfterWorkerDiedMidJob_RestartsCleanlyWithOneOutputAndRefusesTheDeadWorker()
    {
        var titleId = await NewTitleAsync();
        var clip = await TestClip.GenerateAsync(Path.Combine(Options.Intake, "grain-tests"), 640, 360, seconds: 4);
        var jobId = Guid.NewGuid();
        var job = fixture.Client.GetGrain<IIngestJobGrain>(jobId);
        await job.StartAsync(new IngestJobSpec(titleId, clip, Path.GetFileName(clip), DeleteSourceWhenDone: true));

        // A worker claims the job, writes part of its output, and its silo dies.
        var dead = await job.ClaimAsync("dead-silo/worker");
        Assert.Equal(1, dead!.Attempt);
        var deadWork = Path.Combine(Options.Work, jobId.ToString("N"), "out", "360p");
        Directory.CreateDirectory(deadWork);
        await File.WriteAllTextAsync(Path.Combine(deadWork, "half-written.ts"), "partial", TestContext.Current.CancellationToken);

        // While its lease lasts, nobody else takes the job.
        Assert.Null(await job.ClaimAsync("another-worker"));
        Assert.Equal(IngestStage.Probing, (await job.ResumeAsync())!.Stage);

        // Its lease runs out: the job is offered again and a live worker restarts it from a clean folder.
        fixture.Clock.Advance(Options.LeaseDuration + TimeSpan.FromSeconds(1));
        await job.ResumeAsync();
        var done = await RunToEndAsync(job, jobId);

        Assert.Equal(IngestStage.Succeeded, done.Stage);
        Assert.Equal(2, done.Attempt);
        Assert.False(await job.ReportAsync(dead.Attempt, new IngestProgress(IngestStage.Transcoding, null, [])));
        Assert.False(await job.CompleteAsync(dead.Attempt, done.Output!));
        var origin = fixture.SiloServices.GetRequiredService<IOriginStore>();
        Assert.Equal(done.Output!.Version, await origin.GetCurrentVersionAsync(titleId));
        Assert.Single(Directory.GetDirectories(Path.Combine(Options.Origin, titleId)));
        Assert.DoesNotContain("half-written.ts", await origin.ListAsync(titleId, done.Output.Version), StringComparer.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(Options.Work, jobId.ToString("N"))), "the work folder is removed");
        Assert.False(File.Exists(clip), "an uploaded source is removed when its job ends");
        var title = await fixture.Client.GetGrain<ITitleGrain>(titleId).GetAsync();
        Assert.Equal([360, 240], title!.Renditions.Select(r => r.Height));
    }

    [Fact]
    public async Task Resume_WhenEarlierAttemptPublishedButDiedBeforeCompleting_CompletesFromTheOriginWithoutEncoding()
    {
        var titleId = await NewTitleAsync();
        var jobId = Guid.NewGuid();
        var job = fixture.Client.GetGrain<IIngestJobGrain>(jobId);
        // The source is gone: a second encode would fail, so success proves the published copy was reused.
        await job.StartAsync(new IngestJobSpec(titleId, Path.Combine(Options.Intake, "gone.mp4"), "gone.mp4", false));
        var dead = await job.ClaimAsync("dead-silo/worker");

        var staged = Path.Combine(fixture.DataFolder, "staged", jobId.ToString("N"));
        Directory.CreateDirectory(Path.Combine(staged, "240p"));
        await File.WriteAllTextAsync(Path.Combine(staged, "240p", "index.m3u8"), "#EXTM3U\n#EXT-X-ENDLIST\n", TestContext.Current.CancellationToken);
        var record = new IngestOutput(dead!.Version, [new Rendition(426, 240, 496, "h264")], 1234, 2);
        await File.WriteAllTextAsync(Path.Combine(staged, IngestPipeline.PublishRecord), System.Text.Json.JsonSerializer.Serialize(record), TestContext.Current.CancellationToken);
        var origin = fixture.SiloServices.GetRequiredService<IOriginStore>();
        await origin.PublishAsync(titleId, dead.Version, staged, TestContext.Current.CancellationToken);

        fixture.Clock.Advance(Options.LeaseDuration + TimeSpan.FromSeconds(1));
        await job.ResumeAsync();
        var done = await RunToEndAsync(job, jobId);

        Assert.Equal(IngestStage.Succeeded, done.Stage);
        Assert.Equal(2, done.Attempt);
        Assert.Equal(dead.Version, done.Output!.Version);
        Assert.Single(Directory.GetDirectories(Path.Combine(Options.Origin, titleId)));
        var title = await fixture.Client.GetGrain<ITitleGrain>(titleId).GetAsync();
        Assert.Equal(240, Assert.Single(title!.Renditions).Height);
    }
}
