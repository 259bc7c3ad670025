using Marquee.Grains.Ingest;
using Marquee.Ingest;

namespace Marquee.Grains.Tests.Ingest;

public sealed class IngestJobStateTests
{
    static readonly DateTimeOffset T0 = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
    static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    static IngestJobState NewJob()
    {
        var job = new IngestJobState();
        job.Create(new IngestJobSpec("t-1", "/intake/a.mp4", "a.mp4", false), "abcdef012345", T0);
        return job;
    }

    [Fact]
    public void TryClaim_OnNewJob_GrantsFirstAttempt()
    {
        var job = NewJob();

        Assert.Equal(IngestJobState.ClaimOutcome.Granted, job.TryClaim("w1", T0, Lease, 3));
        Assert.Equal(1, job.Attempt);
        Assert.Equal(IngestStage.Probing, job.Stage);
    }

    [Fact]
    public void TryClaim_WhileAnotherWorkerHoldsLiveLease_IsRefused()
    {
        var job = NewJob();
        job.TryClaim("w1", T0, Lease, 3);

        Assert.Equal(IngestJobState.ClaimOutcome.Refused, job.TryClaim("w2", T0 + TimeSpan.FromMinutes(1), Lease, 3));
        Assert.Equal(1, job.Attempt);
    }

    [Fact]
    public void TryClaim_AfterLeaseExpired_GrantsNewAttemptAndOldAttemptReportsAreRefused()
    {
        var job = NewJob();
        job.TryClaim("w1", T0, Lease, 3);

        Assert.Equal(IngestJobState.ClaimOutcome.Granted, job.TryClaim("w2", T0 + Lease, Lease, 3));
        Assert.Equal(2, job.Attempt);
        Assert.False(job.Report(1, new IngestProgress(IngestStage.Transcoding, null, []), T0 + Lease, Lease));
        Assert.False(job.IsLive(1));
        Assert.True(job.IsLive(2));
    }

    [Fact]
    public void Report_FromLiveAttempt_RenewsLease()
    {
        var job = NewJob();
        job.TryClaim("w1", T0, Lease, 3);

        Assert.True(job.Report(1, new IngestProgress(IngestStage.Transcoding, null, []), T0 + TimeSpan.FromMinutes(1.5), Lease));

        Assert.False(job.NeedsWorker(T0 + Lease));
        Assert.True(job.NeedsWorker(T0 + TimeSpan.FromMinutes(3.5)));
    }

    [Fact]
    public void TryClaim_WhenAttemptsUsedUp_FailsTheJobWithReason()
    {
        var job = NewJob();
        var now = T0;
        for (var i = 0; i < 2; i++)
        {
            job.TryClaim($"w{i}", now, Lease, 2);
            now += Lease;
        }

        Assert.Equal(IngestJobState.ClaimOutcome.GaveUp, job.TryClaim("w9", now, Lease, 2));
        Assert.Equal(IngestStage.Failed, job.Stage);
        Assert.Contains("gave up after 2 attempt(s)", Assert.Single(job.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public void TryClaim_OnFinishedJob_IsRefused()
    {
        var job = NewJob();
        job.TryClaim("w1", T0, Lease, 3);
        job.Fail(["no video stream"], T0);

        Assert.Equal(IngestJobState.ClaimOutcome.Refused, job.TryClaim("w1", T0 + Lease, Lease, 3));
        Assert.False(job.NeedsWorker(T0 + Lease));
    }
}
