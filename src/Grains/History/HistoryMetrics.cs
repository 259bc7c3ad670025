using System.Diagnostics.Metrics;

namespace Marquee.Grains.History;

/// <summary>The history store's meters (exported on /metrics under the "Marquee" meter).</summary>
static class HistoryMetrics
{
    static readonly Meter Meter = new("Marquee");

    /// <summary>Events newly stored (replays excluded).</summary>
    public static readonly Counter<long> EventsStored = Meter.CreateCounter<long>("marquee.history.events_stored", "{event}",
        "Viewing events durably stored (replays excluded).");

    /// <summary>Events per INSERT of the PostgreSQL writer: how well appends are grouped.</summary>
    public static readonly Histogram<int> BatchSize = Meter.CreateHistogram<int>("marquee.history.batch_size", "{event}",
        "Viewing events per INSERT of the PostgreSQL history writer.");

    /// <summary>Time from a batch leaving the queue to its commit.</summary>
    public static readonly Histogram<double> CommitDuration = Meter.CreateHistogram<double>("marquee.history.commit_duration", "ms",
        "Time to write and commit one batch of viewing events.");
}
