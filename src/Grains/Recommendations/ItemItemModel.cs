namespace Marquee.Grains.Recommendations;

/// <summary>How two titles' audiences are compared from their co-watch count.</summary>
public enum SimilarityMeasure
{
    /// <summary>c / (√(nᵢ·nⱼ) + shrinkage): the usual item-kNN choice.</summary>
    Cosine = 0,
    /// <summary>c / (nᵢ + nⱼ − c + shrinkage).</summary>
    Jaccard = 1,
    /// <summary>c·N / (nᵢ·nⱼ), damped by c / (c + shrinkage): favours niche pairs.</summary>
    Lift = 2,
}

/// <summary>
/// Item-to-item co-occurrence neighbours: for every title, the <c>k</c> titles most often watched by the same profiles,
/// by a similarity with shrinkage (rare pairs are pulled towards zero). Sparse: k entries per title. Scores a profile
/// by summing the neighbour lists of what it watched ("because you watched").
/// </summary>
public sealed class ItemItemModel
{
    private readonly int[] _offsets;
    private readonly int[] _neighbours;
    private readonly float[] _similarities;

    private ItemItemModel(int[] offsets, int[] neighbours, float[] similarities)
    {
        _offsets = offsets;
        _neighbours = neighbours;
        _similarities = similarities;
    }

    /// <summary>Number of titles the model was fitted on.</summary>
    public int ItemCount => _offsets.Length - 1;

    /// <summary>Fits the neighbour lists.</summary>
    /// <param name="matrix">Interactions.</param>
    /// <param name="measure">Similarity measure.</param>
    /// <param name="neighbours">Neighbours kept per title.</param>
    /// <param name="shrinkage">Damping of similarities backed by few co-watches.</param>
    public static ItemItemModel Fit(
        InteractionMatrix matrix, SimilarityMeasure measure = SimilarityMeasure.Cosine, int neighbours = 100,
        double shrinkage = 10)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(neighbours);
        ArgumentOutOfRangeException.ThrowIfNegative(shrinkage);

        var n = matrix.ItemCount;
        var users = (double)Math.Max(1, matrix.UserCount);
        var lists = new (int[] Items, float[] Sims)[n];
        Parallel.For(
            0, n,
            () => (Counts: new int[n], Touched: new List<int>()),
            (i, _, scratch) =>
            {
                var (counts, touched) = scratch;
                touched.Clear();
                foreach (var u in matrix.UsersOf(i))
                {
                    foreach (var j in matrix.ItemsOf(u))
                    {
                        if (j != i && counts[j]++ == 0)
                        {
                            touched.Add(j);
                        }
                    }
                }

                var ni = (double)matrix.Popularity(i);
                var items = touched.ToArray();
                var sims = new float[items.Length];
                for (var t = 0; t < items.Length; t++)
                {
                    var j = items[t];
                    double c = counts[j];
                    double nj = matrix.Popularity(j);
                    sims[t] = (float)(measure switch
                    {
                        SimilarityMeasure.Jaccard => c / (ni + nj - c + shrinkage),
                        SimilarityMeasure.Lift => c * users / (ni * nj) * (c / (c + shrinkage)),
                        _ => c / (Math.Sqrt(ni * nj) + shrinkage),
                    });
                    counts[j] = 0;
                }

                // Descending similarity; ties by index so the model does not depend on thread timing.
                var order = Enumerable.Range(0, items.Length)
                    .OrderByDescending(t => sims[t]).ThenBy(t => items[t]).Take(neighbours).ToArray();
                lists[i] = ([.. order.Select(t => items[t])], [.. order.Select(t => sims[t])]);
                return scratch;
            },
            _ => { });

        var offsets = new int[n + 1];
        for (var i = 0; i < n; i++)
        {
            offsets[i + 1] = offsets[i] + lists[i].Items.Length;
        }

        var allItems = new int[offsets[n]];
        var allSims = new float[offsets[n]];
        for (var i = 0; i < n; i++)
        {
            lists[i].Items.CopyTo(allItems, offsets[i]);
            lists[i].Sims.CopyTo(allSims, offsets[i]);
        }

        return new ItemItemModel(offsets, allItems, allSims);
    }

    /// <summary>The title's neighbours, most similar first.</summary>
    public ReadOnlySpan<int> NeighboursOf(int item) =>
        item < ItemCount ? _neighbours.AsSpan(_offsets[item], _offsets[item + 1] - _offsets[item]) : [];

    /// <summary>Similarities matching <see cref="NeighboursOf"/>.</summary>
    public ReadOnlySpan<float> SimilaritiesOf(int item) =>
        item < ItemCount ? _similarities.AsSpan(_offsets[item], _offsets[item + 1] - _offsets[item]) : [];

    /// <summary>Adds, for every title, the summed similarity to the titles in <paramref name="history"/>.</summary>
    public void Score(ReadOnlySpan<int> history, Span<float> scores)
    {
        foreach (var item in history)
        {
            var neighbours = NeighboursOf(item);
            var sims = SimilaritiesOf(item);
            for (var k = 0; k < neighbours.Length; k++)
            {
                scores[neighbours[k]] += sims[k];
            }
        }
    }
}
