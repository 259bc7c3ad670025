using Marquee.History;

namespace Marquee.Grains.Tests.History;

/// <summary>Builds viewing events for tests.</summary>
static class Events
{
    public static readonly Guid Account = Guid.Parse("6d1f3c2e-0000-4000-8000-000000000001");

    public static ViewingEvent Playback(
        Guid profileId,
        ViewingEventKind kind,
        string titleId,
        DateTimeOffset at,
        double position = 0,
        double completion = 0,
        string country = "GB",
        long sequence = 0) =>
        new(Guid.NewGuid(), Account, profileId, kind, titleId, Guid.NewGuid(), at, position, SecondsWatched: position,
            completion, Device: "tv", LocalHour: at.Hour, country, Query: null, NodeId: "edge-1", sequence);

    public static ViewingEvent Start(Guid profileId, string titleId, DateTimeOffset at, string country = "GB", long sequence = 0) =>
        Playback(profileId, ViewingEventKind.Start, titleId, at, country: country, sequence: sequence);

    public static ViewingEvent Search(Guid profileId, string query, DateTimeOffset at) =>
        new(Guid.NewGuid(), Account, profileId, ViewingEventKind.Search, TitleId: null, SessionId: null, at, 0, 0, 0,
            Device: "web", LocalHour: at.Hour, Country: "GB", query, NodeId: null);

    public static string NewTitle() => $"title-{Guid.NewGuid():N}";
}
