using System.Diagnostics.Metrics;

namespace Marquee.Api.Catalog;

/// <summary>Search and import figures on the <c>Marquee</c> meter (exported on /metrics).</summary>
public sealed class CatalogMetrics
{
    readonly Histogram<double> _searchMs;
    readonly Counter<long> _imported;

    public CatalogMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create("Marquee");
        _searchMs = meter.CreateHistogram<double>("marquee.search.duration", "ms", "Time the search index took for one query (excluding the account lookup).");
        _imported = meter.CreateCounter<long>("marquee.catalog.imported", "{title}", "Titles stored by catalogue imports.");
    }

    public void Searched(TimeSpan elapsed, int results) =>
        _searchMs.Record(elapsed.TotalMilliseconds, new KeyValuePair<string, object?>("empty", results == 0));

    public void Imported(int titles) => _imported.Add(titles);
}
