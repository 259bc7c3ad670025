using System.Text.Json;
using Marquee.History;

namespace Marquee.Api.History;

/// <summary>One page of a profile's history, newest first.</summary>
public sealed record HistoryPageResponse(IReadOnlyList<HistoryEntry> Items, int Page, int PageSize, bool HasMore);

/// <summary>
/// One event of a profile's history as the member sees it (no account, session or node ids). Kind is one of
/// start, heartbeat, stop, error, resteer, expired, search.
/// </summary>
public sealed record HistoryEntry(
    Guid EventId,
    string Kind,
    string? TitleId,
    DateTimeOffset OccurredAt,
    double PositionSeconds,
    double SecondsWatched,
    double Completion,
    string Device,
    string Country,
    string? Query)
{
    public static HistoryEntry From(ViewingEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return new(e.EventId, JsonNamingPolicy.CamelCase.ConvertName(e.Kind.ToString()), e.TitleId, e.OccurredAt,
            e.PositionSeconds, e.SecondsWatched, e.Completion, e.Device, e.Country, e.Query);
    }
}

/// <summary>Titles the profile started and has not finished, most recently watched first.</summary>
public sealed record ContinueWatchingResponse(IReadOnlyList<ContinueWatchingEntry> Items);

/// <summary>A title to continue, and where to resume it.</summary>
public sealed record ContinueWatchingEntry(string TitleId, double PositionSeconds, double Completion, DateTimeOffset LastWatchedAt, string Device);

/// <summary>What is being watched now in a country, best first.</summary>
public sealed record TrendingResponse(string Country, IReadOnlyList<TrendingEntry> Titles);

/// <summary>A trending title: its rank (1 = top) and its decayed play score.</summary>
public sealed record TrendingEntry(int Rank, string TitleId, double Score);
