using Marquee.Catalog;
using Marquee.Grains.Ingest;
using Marquee.Ingest;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Marquee.Grains.Tests.Ingest;

[Collection(IngestClusterCollection.Name)]
public sealed class OrphanedUploadSweeperTests(IngestClusterFixture fixture)
{
    IngestOptions Options => fixture.SiloServices.GetRequiredService<IOptions<IngestOptions>>().Value;

    /// <summary>An upload folder as the API writes it (<c>uploads/&lt;job&gt;/source.mp4</c>), last written at <paramref name="at"/>.</summary>
    string Upload(string folderName, DateTimeOffset at)
    {
        var dir = Path.Combine(Options.Uploads, folderName);
        Directory.CreateDirectory(dir);
        var file = Path.Combine(dir, "source.mp4");
        File.WriteAllBytes(file, [1, 2, 3]);
        File.SetLastWriteTimeUtc(file, at.UtcDateTime);
        Directory.SetLastWriteTimeUtc(dir, at.UtcDateTime);
        return dir;
    }

    async Task<Guid> JobAsync(bool finished)
    {
        var titleId = $"sweep-{Guid.NewGuid():N}"[..20];
        await fixture.Client.GetGrain<ITitleGrain>(titleId).UpsertAsync(new TitleInfo(
            titleId, "Sweep", 2026, ["Documentary"], [], "An upload to sweep.", 0, 0, [], [], [new Rendition(1280, 720, 3000, "h264")], [], 1.0));
        var jobId = Guid.NewGuid();
        var job = fixture.Client.GetGrain<IIngestJobGrain>(jobId);
        // Its source is elsewhere (absent), so the job never touches the upload folder the test makes for it.
        await job.StartAsync(new IngestJobSpec(titleId, Path.Combine(Options.Intake, "absent.mp4"), "absent.mp4", false));
        if (finished)
        {
            Assert.True(fixture.Queue.Release(jobId), "the job was never offered to the worker queue");
            var status = await job.WaitForCompletionAsync(TimeSpan.FromSeconds(25));
            Assert.True(status!.IsFinished, $"job {jobId} did not finish");
        }

        return jobId;
    }

    [Fact]
    public async Task SweepAsync_RemovesOldUploadsNoJobNeeds_KeepsRecentOnesAndThoseOfLiveJobs()
    {
        var now = fixture.Clock.GetUtcNow();
        var old = now - Options.OrphanedUploadAge - TimeSpan.FromMinutes(5);
        var noJob = Upload(Guid.NewGuid().ToString("N"), old);
        var finishedJob = Upload((await JobAsync(finished: true)).ToString("N"), old);
        var queuedJob = Upload((await JobAsync(finished: false)).ToString("N"), old);
        var beingReceived = Upload(Guid.NewGuid().ToString("N"), now - TimeSpan.FromMinutes(1));
        var notAnUpload = Upload("not-a-job-id", old);
        var sweeper = fixture.SiloServices.GetRequiredService<OrphanedUploadSweeper>();

        await sweeper.SweepAsync(TestContext.Current.CancellationToken);

        Assert.False(Directory.Exists(noJob), "an old upload without a job was kept");
        Assert.False(Directory.Exists(finishedJob), "an old upload of a finished job was kept");
        Assert.True(Directory.Exists(queuedJob), "the upload of a job still queued was removed");
        Assert.True(Directory.Exists(beingReceived), "an upload written a minute ago (still being received) was removed");
        Assert.True(Directory.Exists(notAnUpload), "a folder that is not a job's was removed");
    }
}
