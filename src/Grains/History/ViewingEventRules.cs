using Marquee.History;

namespace Marquee.Grains.History;

/// <summary>What a well-formed viewing event looks like; the history grain refuses anything else before storing it.</summary>
public static class ViewingEventRules
{
    /// <summary>Null when the event is acceptable for the profile; otherwise a sentence naming the field at fault.</summary>
    public static string? Check(ViewingEvent e, Guid profileId)
    {
        ArgumentNullException.ThrowIfNull(e);
        return e switch
        {
            _ when e.EventId == Guid.Empty => "EventId must not be empty.",
            _ when e.ProfileId != profileId => $"ProfileId {e.ProfileId} does not match the history's profile {profileId}.",
            _ when e.AccountId == Guid.Empty => "AccountId must not be empty.",
            _ when !Enum.IsDefined(e.Kind) => $"Kind {(int)e.Kind} is not a known event kind.",
            _ when e.Kind == ViewingEventKind.Search && string.IsNullOrWhiteSpace(e.Query) => "Query is required on a search event.",
            _ when e.Kind != ViewingEventKind.Search && string.IsNullOrWhiteSpace(e.TitleId) => $"TitleId is required on a {e.Kind} event.",
            _ when !double.IsFinite(e.PositionSeconds) || e.PositionSeconds < 0 => "PositionSeconds must be a finite number of seconds, 0 or more.",
            _ when !double.IsFinite(e.SecondsWatched) || e.SecondsWatched < 0 => "SecondsWatched must be a finite number of seconds, 0 or more.",
            _ when !double.IsFinite(e.Completion) || e.Completion is < 0 or > 1 => "Completion must be a fraction between 0 and 1.",
            _ when e.LocalHour is < 0 or > 23 => "LocalHour must be between 0 and 23.",
            _ when e.Device is null => "Device is required (may be empty).",
            _ when e.Country is null || (e.Country.Length != 0 && !IsCountryCode(e.Country)) => "Country must be an ISO 3166 alpha-2 code (two letters) or empty.",
            _ => null,
        };
    }

    /// <summary>True for two ASCII letters (an ISO 3166 alpha-2 shape; either case).</summary>
    public static bool IsCountryCode(string? value) =>
        value is { Length: 2 } && char.IsAsciiLetter(value[0]) && char.IsAsciiLetter(value[1]);

    /// <summary>The event as stored: country in upper case, the sequence number the grain assigned.</summary>
    public static ViewingEvent Normalize(ViewingEvent e, long sequence) =>
        e with { Country = e.Country.ToUpperInvariant(), Sequence = sequence };
}
