namespace Marquee.Grains.Recommendations;

/// <summary>One thing a profile did with a title: the unit every model of the recommender learns from.</summary>
/// <param name="ProfileId">The profile that watched (ignored in a history passed to <see cref="Recommender.Recommend"/>).</param>
/// <param name="TitleId">The title watched.</param>
/// <param name="At">When it happened; trending and the time-of-day features read it.</param>
/// <param name="Completion">Share of the title watched, 0..1; between the continue-watching bounds it is "in progress".</param>
/// <param name="Device">Device class (tv, mobile, web...) when known.</param>
/// <param name="LocalHour">Hour of day in the profile's time zone, 0..23, or -1 when unknown.</param>
public sealed record Interaction(
    string ProfileId,
    string TitleId,
    DateTimeOffset At,
    double Completion = 1.0,
    string? Device = null,
    int LocalHour = -1);

/// <summary>What the recommender knows of a title's content, for content similarity and cold start.</summary>
/// <param name="TitleId">The title.</param>
/// <param name="Genres">Its genres.</param>
/// <param name="Tags">Free tags (mood, theme), if any.</param>
/// <param name="Cast">Cast and crew names, if any.</param>
/// <param name="Year">Release year, or 0 when unknown.</param>
public sealed record TitleMetadata(
    string TitleId,
    IReadOnlyList<string> Genres,
    IReadOnlyList<string>? Tags = null,
    IReadOnlyList<string>? Cast = null,
    int Year = 0);

/// <summary>Where and when recommendations are asked for.</summary>
/// <param name="Now">The moment of the request; trending counts the window before it.</param>
/// <param name="Device">Device class asking, when known.</param>
/// <param name="LocalHour">Local hour of the request, 0..23, or -1 when unknown.</param>
/// <param name="PickedGenres">Genres the profile picked at sign-up; cold start serves popular titles in them.</param>
public sealed record RecommendationContext(
    DateTimeOffset Now,
    string? Device = null,
    int LocalHour = -1,
    IReadOnlyList<string>? PickedGenres = null);

/// <summary>Which candidate generators proposed a title (a title can come from several).</summary>
[Flags]
public enum CandidateSources
{
    /// <summary>No generator (never on a returned title).</summary>
    None = 0,
    /// <summary>The collaborative item-item regression (EASE).</summary>
    Collaborative = 1,
    /// <summary>Item-to-item co-occurrence neighbours.</summary>
    Neighbours = 2,
    /// <summary>Content similarity (genres, tags, cast) to the profile's history.</summary>
    Content = 4,
    /// <summary>Trending in the window before the request.</summary>
    Trending = 8,
    /// <summary>All-time popular (cold start and fallback).</summary>
    Popular = 16,
    /// <summary>Started and not finished by the profile.</summary>
    ContinueWatching = 32,
}

/// <summary>One recommended title with the score that ordered it and the generators that proposed it.</summary>
/// <param name="TitleId">The title.</param>
/// <param name="Score">Ranking score; only the order within one answer means anything.</param>
/// <param name="Sources">Generators that proposed it (for "because you watched" style rows and debugging).</param>
public sealed record RecommendedTitle(string TitleId, double Score, CandidateSources Sources);
