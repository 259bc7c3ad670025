namespace Marquee.History;

/// <summary>
/// What is being watched now in one country, keyed by its ISO 3166 alpha-2 code in upper case (e.g. "GB"): each play
/// scores its title, and scores halve every half-life. Fed from the viewing stream; read by the trending row of the
/// home page, cold-start recommendations and edge placement.
/// </summary>
[Alias("history.trending-grain")]
public interface ITrendingGrain : IGrainWithStringKey
{
    /// <summary>Counts plays; a play whose event id was already counted is dropped (streams may replay). Returns how many counted.</summary>
    [Alias("add-plays")] Task<int> AddPlaysAsync(IReadOnlyList<TrendingPlay> plays, CancellationToken ct = default);

    /// <summary>The highest-scoring titles now, best first (at most <paramref name="limit"/>).</summary>
    [Alias("get-top")] Task<IReadOnlyList<TrendingTitle>> GetTopAsync(int limit = 20, CancellationToken ct = default);
}

/// <summary>One play of a title, scored at the time it happened.</summary>
/// <param name="EventId">The viewing event behind the play: the key replays are dropped on.</param>
/// <param name="TitleId">The title played.</param>
/// <param name="OccurredAt">When it was played; the score decays from then.</param>
/// <param name="Weight">How much the play counts (1 for a play).</param>
[GenerateSerializer, Immutable, Alias("history.trending-play")]
public sealed record TrendingPlay(
    [property: Id(0)] Guid EventId,
    [property: Id(1)] string TitleId,
    [property: Id(2)] DateTimeOffset OccurredAt,
    [property: Id(3)] double Weight);

/// <summary>A title's place in a country's trending list.</summary>
/// <param name="Rank">1 for the top title.</param>
/// <param name="TitleId">The title.</param>
/// <param name="Score">Plays weighted by age: a play now is 1, a play one half-life ago is 0.5.</param>
[GenerateSerializer, Immutable, Alias("history.trending-title")]
public sealed record TrendingTitle(
    [property: Id(0)] int Rank,
    [property: Id(1)] string TitleId,
    [property: Id(2)] double Score);
