using Marquee.Api.Gateway;
using Marquee.History;

namespace Marquee.Api.Catalog;

/// <summary>
/// Records each search as a <see cref="ViewingEventKind.Search"/> event in the profile's viewing history, through the
/// History pipeline: a slow or failing history store costs a search at most that pipeline's timeout, never its answer.
/// </summary>
internal sealed partial class HistorySearchRecorder(
    IGrainFactory grains,
    DependencyResilience resilience,
    TimeProvider clock,
    ILogger<HistorySearchRecorder> logger) : ISearchRecorder
{
    public async Task RecordAsync(Viewer viewer, string query, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        var now = clock.GetUtcNow();
        // The member's local hour is not known to a search (no device clock): UTC's hour stands in for it.
        var search = new ViewingEvent(
            Guid.NewGuid(), viewer.AccountId, viewer.ProfileId, ViewingEventKind.Search, TitleId: null, SessionId: null,
            OccurredAt: now, PositionSeconds: 0, SecondsWatched: 0, Completion: 0, Device: "", LocalHour: now.Hour,
            Country: viewer.Country, Query: query, NodeId: null);
        try
        {
            await resilience.ExecuteAsync(Dependency.History, (grains, search),
                static (s, token) => s.grains.Grain<IViewingHistoryGrain>(s.search.ProfileId).RecordAsync(s.search, token), ct);
        }
        catch (DependencyUnavailableException ex)
        {
            // History is degraded: the member still gets results; the search is missing from their history.
            LogNotRecorded(logger, viewer.ProfileId, ex.ReasonName);
        }
        catch (ArgumentException ex)
        {
            // The history refused the event (a rule this part does not know): still never the search's failure.
            LogNotRecorded(logger, viewer.ProfileId, ex.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A search of profile {ProfileId} was not recorded: history is unavailable ({Reason})")]
    static partial void LogNotRecorded(ILogger logger, Guid profileId, string reason);
}
