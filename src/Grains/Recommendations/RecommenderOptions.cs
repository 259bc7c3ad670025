namespace Marquee.Grains.Recommendations;

/// <summary>Settings of the recommender; the defaults are the ones measured in docs/recommendations.md.</summary>
public sealed record RecommenderOptions
{
    /// <summary>Ridge penalty of the EASE item-item regression.</summary>
    public double EaseLambda { get; init; } = 400;

    /// <summary>Most-watched titles covered by EASE (memory 4·m² bytes, training O(m³)); others rely on the other generators.</summary>
    public int MaxEaseTitles { get; init; } = 4000;

    /// <summary>Neighbours kept per title by the co-occurrence model.</summary>
    public int Neighbours { get; init; } = 100;

    /// <summary>Shrinkage of the co-occurrence similarity.</summary>
    public double NeighbourShrinkage { get; init; } = 10;

    /// <summary>Similarity measure of the co-occurrence model.</summary>
    public SimilarityMeasure NeighbourMeasure { get; init; } = SimilarityMeasure.Cosine;

    /// <summary>Candidates taken from EASE per request.</summary>
    public int CollaborativeCandidates { get; init; } = 100;

    /// <summary>Candidates taken from the co-occurrence neighbours per request.</summary>
    public int NeighbourCandidates { get; init; } = 30;

    /// <summary>Candidates taken from content similarity per request.</summary>
    public int ContentCandidates { get; init; } = 20;

    /// <summary>Candidates taken from trending per request.</summary>
    public int TrendingCandidates { get; init; } = 20;

    /// <summary>How far back "trending" looks from the request.</summary>
    public TimeSpan TrendingWindow { get; init; } = TimeSpan.FromDays(30);

    /// <summary>Train and apply the ML.NET relevance ranker over the candidates.</summary>
    public bool UseRanker { get; init; } = true;

    /// <summary>Share of each profile's interactions held out to label the ranker's training candidates.</summary>
    public double RankerHoldout { get; init; } = 0.2;

    /// <summary>Independent re-splits whose candidates all train the ranker (more queries, more training time).</summary>
    public int RankerFolds { get; init; } = 2;

    /// <summary>Fewest profiles with held-out titles needed to train the ranker; below it the candidate order is served.</summary>
    public int RankerMinProfiles { get; init; } = 20;

    /// <summary>Most profiles used to train the ranker (a deterministic sample beyond it).</summary>
    public int RankerMaxProfiles { get; init; } = 20_000;

    /// <summary>The boosted trees' settings.</summary>
    public RelevanceRankerOptions Ranker { get; init; } = new();

    /// <summary>Completion from which a title counts as started (below: a misclick or a peek).</summary>
    public double ContinueWatchingFrom { get; init; } = 0.05;

    /// <summary>Completion from which a title counts as finished.</summary>
    public double ContinueWatchingUntil { get; init; } = 0.9;

    /// <summary>Seed of every random choice in training (the ranker's hold-out split, the trees).</summary>
    public int Seed { get; init; } = 42;
}
