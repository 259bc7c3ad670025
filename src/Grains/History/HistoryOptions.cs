using System.ComponentModel.DataAnnotations;

namespace Marquee.Grains.History;

/// <summary>Viewing history settings; bound from the <c>History</c> section.</summary>
public sealed class HistoryOptions
{
    public const string Section = "History";

    /// <summary>How many recent events a profile's grain keeps in memory (dedup of quick replays, recommendations).</summary>
    [Range(10, 10_000)] public int RecentWindow { get; set; } = 200;

    /// <summary>How many titles a profile's grain tracks for continue-watching (the most recently watched ones).</summary>
    [Range(1, 1_000)] public int TrackedTitles { get; set; } = 100;

    /// <summary>Completion (0 to 1) from which a title counts as finished and leaves continue-watching.</summary>
    [Range(0.5, 1.0)] public double FinishedCompletion { get; set; } = 0.93;

    /// <summary>Most events the PostgreSQL writer puts in one INSERT (a batch is whatever queued while the previous one was committing).</summary>
    [Range(1, 10_000)] public int MaxBatchEvents { get; set; } = 500;

    /// <summary>How many batches the PostgreSQL writer commits at once (each on its own connection).</summary>
    [Range(1, 16)] public int ConcurrentBatches { get; set; } = 2;
}

/// <summary>Regional trending settings; bound from the <c>Trending</c> section.</summary>
public sealed class TrendingOptions
{
    public const string Section = "Trending";

    /// <summary>After this long a play counts half as much: what is watched now, not all time.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")] public TimeSpan HalfLife { get; set; } = TimeSpan.FromHours(6);

    /// <summary>How many recent event ids a country's grain remembers to drop replays (bounded memory).</summary>
    [Range(1_000, 10_000_000)] public int DedupCapacity { get; set; } = 100_000;

    /// <summary>How often a country's scores are saved to grain storage when they changed.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")] public TimeSpan SaveInterval { get; set; } = TimeSpan.FromSeconds(30);
}
