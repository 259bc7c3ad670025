namespace Marquee.Api.Catalog;

/// <summary>
/// INTERIM: logs searches until the viewing-history grain is on main; then <c>HistorySearchRecorder</c> replaces it.
/// </summary>
internal sealed partial class LogOnlySearchRecorder(ILogger<LogOnlySearchRecorder> logger) : ISearchRecorder
{
    public Task RecordAsync(Viewer viewer, string query, CancellationToken ct = default)
    {
        LogSearch(logger, viewer.ProfileId, query.Length);
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Profile {ProfileId} searched ({Length} characters)")]
    static partial void LogSearch(ILogger logger, Guid profileId, int length);
}
