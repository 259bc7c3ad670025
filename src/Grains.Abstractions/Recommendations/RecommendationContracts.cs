namespace Marquee.Recommendations;

/// <summary>
/// One profile's recommendations, keyed by the profile id: it follows the profile's viewing stream (replays dropped,
/// gaps re-read from the history grain) and assembles the whole home page in the silo with the shared trained model.
/// </summary>
[Alias("recommendations.recommendation-grain")]
public interface IRecommendationGrain : IGrainWithGuidKey
{
    /// <summary>The home page rows for the profile, filtered by the request's country and maturity, artwork chosen.</summary>
    [Alias("get-home")] Task<HomePage> GetHomeAsync(HomeRequest request, CancellationToken ct = default);

    /// <summary>Logs an artwork impression a client reports (a title card outside the home page) in the profile's taste segment.</summary>
    [Alias("record-impression")] Task RecordImpressionAsync(string titleId, string artworkId, CancellationToken ct = default);

    /// <summary>What the grain has taken from the viewing stream: lets tests and operators see replays were dropped.</summary>
    [Alias("get-feed-stats")] Task<RecommendationFeedStats> GetFeedStatsAsync(CancellationToken ct = default);
}

/// <summary>Who asks for a home page and what they may see.</summary>
/// <param name="Country">The account's country (ISO 3166 alpha-2): titles not licensed there are left out.</param>
/// <param name="MaturityLevel">The profile's maturity level: titles rated above it are left out.</param>
/// <param name="FavouriteGenres">Genres the profile picked at sign-up (cold start and genre rows).</param>
/// <param name="UseNewestModel">True for the beta cohort: rank with the newest model; otherwise the previous one.</param>
/// <param name="Device">The device class asking, when known.</param>
/// <param name="LocalHour">The member's local hour, 0..23, or -1 when unknown.</param>
[GenerateSerializer, Immutable, Alias("recommendations.home-request")]
public sealed record HomeRequest(
    [property: Id(0)] string Country,
    [property: Id(1)] int MaturityLevel,
    [property: Id(2)] IReadOnlyList<string> FavouriteGenres,
    [property: Id(3)] bool UseNewestModel = false,
    [property: Id(4)] string? Device = null,
    [property: Id(5)] int LocalHour = -1);

/// <summary>The rows of a home page, best first.</summary>
/// <param name="Rows">The rows.</param>
/// <param name="ModelVersion">Version of the model that ranked them; 0 before any model was trained (cold start).</param>
/// <param name="Segment">The taste segment whose artwork statistics chose the images.</param>
[GenerateSerializer, Immutable, Alias("recommendations.home-page")]
public sealed record HomePage(
    [property: Id(0)] IReadOnlyList<HomeRow> Rows,
    [property: Id(1)] int ModelVersion,
    [property: Id(2)] string Segment);

/// <summary>One row of the home page.</summary>
/// <param name="Name">What the member reads ("Because You Watched Heat").</param>
/// <param name="Kind">What made it: continue-watching, top-picks, because-you-watched, trending, genre.</param>
/// <param name="Items">Its titles, in order.</param>
/// <param name="IsFallback">True when the row stands in for one that could not be computed (e.g. trending instead of picks).</param>
[GenerateSerializer, Immutable, Alias("recommendations.home-row")]
public sealed record HomeRow(
    [property: Id(0)] string Name,
    [property: Id(1)] string Kind,
    [property: Id(2)] IReadOnlyList<HomeItem> Items,
    [property: Id(3)] bool IsFallback = false);

/// <summary>One title card of a row, with the artwork chosen for this profile.</summary>
/// <param name="TitleId">The title.</param>
/// <param name="Name">Its name.</param>
/// <param name="Year">Release year.</param>
/// <param name="Genres">Its genres.</param>
/// <param name="MaturityRating">Its rating (an age).</param>
/// <param name="ArtworkId">The artwork variant to show (null when the title has none).</param>
/// <param name="ArtworkUrl">Where that artwork is.</param>
/// <param name="Progress">Share watched, for continue-watching cards; null elsewhere.</param>
[GenerateSerializer, Immutable, Alias("recommendations.home-item")]
public sealed record HomeItem(
    [property: Id(0)] string TitleId,
    [property: Id(1)] string Name,
    [property: Id(2)] int Year,
    [property: Id(3)] IReadOnlyList<string> Genres,
    [property: Id(4)] int MaturityRating,
    [property: Id(5)] string? ArtworkId,
    [property: Id(6)] string? ArtworkUrl,
    [property: Id(7)] double? Progress = null);

/// <summary>What a recommendation grain has taken from its profile's viewing stream since it was activated.</summary>
/// <param name="EventsApplied">Events processed (each once: replays are not counted).</param>
/// <param name="Plays">Playback starts processed.</param>
/// <param name="TitlesKnown">Titles in the profile's taste (loaded history plus stream).</param>
/// <param name="LastSequence">The highest history sequence number processed.</param>
/// <param name="GapReads">Events read back from the history grain because the stream skipped them.</param>
[GenerateSerializer, Immutable, Alias("recommendations.feed-stats")]
public sealed record RecommendationFeedStats(
    [property: Id(0)] long EventsApplied,
    [property: Id(1)] long Plays,
    [property: Id(2)] int TitlesKnown,
    [property: Id(3)] long LastSequence,
    [property: Id(4)] long GapReads);

/// <summary>
/// The bounded feed of interactions the model trainer learns from, a single grain (key <see cref="InteractionLog.Key"/>):
/// recommendation grains add what their profiles watch; each silo's trainer reads a snapshot.
/// </summary>
[Alias("recommendations.interaction-log-grain")]
public interface IInteractionLogGrain : IGrainWithIntegerKey
{
    /// <summary>Adds or updates interactions (one per profile and title: the latest wins); idempotent.</summary>
    [Alias("add")] Task AddAsync(IReadOnlyList<InteractionRecord> interactions, CancellationToken ct = default);

    /// <summary>The current version (moves on every change) without the data: lets a trainer skip an unchanged log.</summary>
    [Alias("get-version")] Task<long> GetVersionAsync(CancellationToken ct = default);

    /// <summary>Every interaction held, with the version they make up.</summary>
    [Alias("get-snapshot")] Task<InteractionSnapshot> GetSnapshotAsync(CancellationToken ct = default);
}

/// <summary>The key of the interaction log grain.</summary>
public static class InteractionLog
{
    /// <summary>The interaction log is one grain: <c>GetGrain&lt;IInteractionLogGrain&gt;(InteractionLog.Key)</c>.</summary>
    public const long Key = 0;
}

/// <summary>One profile's latest interaction with a title.</summary>
/// <param name="ProfileId">The profile.</param>
/// <param name="TitleId">The title.</param>
/// <param name="At">When it last happened.</param>
/// <param name="Completion">Share of the title watched (0..1).</param>
/// <param name="Device">Device class.</param>
/// <param name="LocalHour">Local hour 0..23, or -1.</param>
[GenerateSerializer, Immutable, Alias("recommendations.interaction")]
public sealed record InteractionRecord(
    [property: Id(0)] Guid ProfileId,
    [property: Id(1)] string TitleId,
    [property: Id(2)] DateTimeOffset At,
    [property: Id(3)] double Completion,
    [property: Id(4)] string? Device,
    [property: Id(5)] int LocalHour);

/// <summary>The interactions of the log at one version.</summary>
[GenerateSerializer, Immutable, Alias("recommendations.interaction-snapshot")]
public sealed record InteractionSnapshot(
    [property: Id(0)] long Version,
    [property: Id(1)] IReadOnlyList<InteractionRecord> Interactions);

/// <summary>
/// Artwork personalisation for one taste segment (key: the segment, e.g. "genre:drama"): a Thompson-sampling bandit
/// per title over its artwork variants. Impressions are logged when a page shows a variant; a play of the title by
/// the same profile within the reward window rewards it.
/// </summary>
[Alias("recommendations.artwork-grain")]
public interface IArtworkGrain : IGrainWithStringKey
{
    /// <summary>Chooses a variant for each title shown to the profile and logs the impressions; answers in input order.</summary>
    [Alias("choose")] Task<IReadOnlyList<string?>> ChooseAsync(Guid profileId, IReadOnlyList<ArtworkChoice> titles, CancellationToken ct = default);

    /// <summary>Logs impressions the client reports (e.g. a title card opened outside the home page).</summary>
    [Alias("shown")] Task ShownAsync(Guid profileId, string titleId, string variantId, CancellationToken ct = default);

    /// <summary>A play of the title by the profile: rewards the variant it was last shown, if within the window. True when rewarded.</summary>
    [Alias("played")] Task<bool> PlayedAsync(Guid profileId, string titleId, DateTimeOffset at, CancellationToken ct = default);

    /// <summary>The statistics of a title's variants in this segment.</summary>
    [Alias("get-arms")] Task<IReadOnlyList<ArtworkArmStats>> GetArmsAsync(string titleId, CancellationToken ct = default);
}

/// <summary>A title to choose artwork for, with its variants.</summary>
[GenerateSerializer, Immutable, Alias("recommendations.artwork-choice")]
public sealed record ArtworkChoice(
    [property: Id(0)] string TitleId,
    [property: Id(1)] IReadOnlyList<string> VariantIds);

/// <summary>What the bandit knows of one variant.</summary>
[GenerateSerializer, Immutable, Alias("recommendations.artwork-arm")]
public sealed record ArtworkArmStats(
    [property: Id(0)] string VariantId,
    [property: Id(1)] long Impressions,
    [property: Id(2)] long Rewards);
