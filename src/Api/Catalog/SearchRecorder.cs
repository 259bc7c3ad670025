namespace Marquee.Api.Catalog;

/// <summary>Records a profile's searches in its history (recommendations and support read them there).</summary>
public interface ISearchRecorder
{
    /// <summary>Records one search; called after the results are computed, and never fails the search.</summary>
    Task RecordAsync(Viewer viewer, string query, CancellationToken ct = default);
}
