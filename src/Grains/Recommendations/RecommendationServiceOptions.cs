using System.ComponentModel.DataAnnotations;

namespace Marquee.Grains.Recommendations;

/// <summary>Settings of the recommendation grains and the model trainer (section <c>Recommendations</c>).</summary>
public sealed class RecommendationServiceOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Recommendations";

    /// <summary>How often a silo retrains when the interaction log changed.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")] public TimeSpan TrainingInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How often the trainer looks at the log (the first model is trained as soon as there is enough data).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")] public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Interactions needed before the first model is trained.</summary>
    [Range(1, 10_000_000)] public int MinInteractions { get; set; } = 50;

    /// <summary>Distinct profiles needed before the first model is trained.</summary>
    [Range(1, 10_000_000)] public int MinProfiles { get; set; } = 5;

    /// <summary>Interactions the log holds; the oldest are dropped beyond it.</summary>
    [Range(100, 10_000_000)] public int MaxInteractions { get; set; } = 500_000;

    /// <summary>Whether trained models include the LambdaRank ranker (off: first-stage order, faster training).</summary>
    public bool UseRanker { get; set; } = true;

    /// <summary>Titles per row.</summary>
    [Range(3, 100)] public int RowSize { get; set; } = 20;

    /// <summary>How many rows one title may appear in.</summary>
    [Range(1, 10)] public int MaxRowsPerTitle { get; set; } = 2;

    /// <summary>How many "Because You Watched" rows (one per recently watched title).</summary>
    [Range(0, 5)] public int BecauseYouWatchedRows { get; set; } = 2;

    /// <summary>How many genre rows.</summary>
    [Range(0, 10)] public int GenreRows { get; set; } = 3;

    /// <summary>History events read when a recommendation grain activates.</summary>
    [Range(10, 10_000)] public int HistoryOnActivation { get; set; } = 200;

    /// <summary>How often dirty interaction-log and artwork state is saved to grain storage.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")] public TimeSpan SaveInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Impressions each artwork variant gets before Thompson sampling takes over.</summary>
    [Range(0, 10_000)] public int ArtworkExploreImpressions { get; set; } = 20;

    /// <summary>A play counts as the reward of an artwork impression when it comes this soon after it.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")] public TimeSpan ArtworkRewardWindow { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Seed of the artwork bandits' random draws (mixed with the segment), so runs are reproducible.</summary>
    public int ArtworkSeed { get; set; } = 7;
}
