using System.Diagnostics.Metrics;
using Marquee.Ingest;

namespace Marquee.Grains.Ingest;

/// <summary>Ingest's instruments on the "Marquee" meter.</summary>
public sealed class IngestMetrics
{
    public const string MeterName = "Marquee";

    readonly Counter<long> _jobs;
    readonly Histogram<double> _jobSeconds;
    readonly Histogram<double> _rungSeconds;
    readonly Counter<long> _encodedBytes;

    public IngestMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(MeterName);
        _jobs = meter.CreateCounter<long>("marquee.ingest.jobs", "{job}", "Ingest jobs finished, by outcome.");
        _jobSeconds = meter.CreateHistogram<double>("marquee.ingest.job.duration", "s", "From accepted to finished.");
        _rungSeconds = meter.CreateHistogram<double>("marquee.ingest.rung.duration", "s", "Encode time of one rung.");
        _encodedBytes = meter.CreateCounter<long>("marquee.ingest.encoded", "By", "Bytes published to the origin.");
    }

    public void JobFinished(IngestStage outcome, TimeSpan took)
    {
        var tag = new KeyValuePair<string, object?>("outcome", outcome == IngestStage.Succeeded ? "succeeded" : "failed");
        _jobs.Add(1, tag);
        _jobSeconds.Record(took.TotalSeconds, tag);
    }

    public void RungEncoded(string rung, TimeSpan took) =>
        _rungSeconds.Record(took.TotalSeconds, new KeyValuePair<string, object?>("rung", rung));

    public void Published(long bytes) => _encodedBytes.Add(bytes);
}
