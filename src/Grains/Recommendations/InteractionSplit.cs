namespace Marquee.Grains.Recommendations;

/// <summary>
/// Per-profile random stratified split, the protocol of the Microsoft Recommenders benchmark: each profile's
/// interactions are shuffled with a fixed seed and the first round(ratio·n) go to training, so every profile is in
/// both parts in the same proportion. The result depends only on the seed and the set of interactions, not on their
/// order.
/// </summary>
public static class InteractionSplit
{
    /// <summary>Splits the interactions; <paramref name="trainRatio"/> is the share kept for training.</summary>
    public static (IReadOnlyList<Interaction> Train, IReadOnlyList<Interaction> Test) StratifiedByProfile(
        IEnumerable<Interaction> interactions, double trainRatio, int seed)
    {
        ArgumentNullException.ThrowIfNull(interactions);
        if (trainRatio is <= 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(trainRatio), trainRatio, "The training share must be in (0, 1).");
        }

        var train = new List<Interaction>();
        var test = new List<Interaction>();
        var random = new Random(seed);
        var groups = interactions
            .GroupBy(i => i.ProfileId, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal);
        foreach (var group in groups)
        {
            var rows = group
                .OrderBy(i => i.TitleId, StringComparer.Ordinal)
                .ThenBy(i => i.At)
                .ToArray();
            random.Shuffle(rows);

            // Python's round (half to even), as the reference splitter uses it.
            var cut = (int)Math.Round(trainRatio * rows.Length, MidpointRounding.ToEven);
            train.AddRange(rows.AsSpan(0, cut));
            test.AddRange(rows.AsSpan(cut));
        }

        return (train, test);
    }
}
