using Marquee.Grains.Recommendations;

namespace Marquee.Grains.Tests.Recommendations;

public sealed class CandidateModelTests
{
    private static readonly DateTimeOffset At = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Ten profiles watch A with B, ten watch C with D, three watch A with C.</summary>
    private static InteractionMatrix CoWatched()
    {
        var interactions = new List<Interaction>();
        for (var p = 0; p < 10; p++)
        {
            interactions.Add(new Interaction($"ab{p}", "A", At));
            interactions.Add(new Interaction($"ab{p}", "B", At));
            interactions.Add(new Interaction($"cd{p}", "C", At));
            interactions.Add(new Interaction($"cd{p}", "D", At));
        }

        for (var p = 0; p < 3; p++)
        {
            interactions.Add(new Interaction($"ac{p}", "A", At));
            interactions.Add(new Interaction($"ac{p}", "C", At));
        }

        return InteractionMatrix.Build(interactions);
    }

    [Theory]
    [InlineData(SimilarityMeasure.Cosine)]
    [InlineData(SimilarityMeasure.Jaccard)]
    [InlineData(SimilarityMeasure.Lift)]
    public void ItemItemModel_FindsTheObviouslyCoWatchedTitle(SimilarityMeasure measure)
    {
        var matrix = CoWatched();
        matrix.TryGetItem("A", out var a);
        matrix.TryGetItem("B", out var b);

        var model = ItemItemModel.Fit(matrix, measure, neighbours: 3, shrinkage: 1);

        Assert.Equal(b, model.NeighboursOf(a)[0]);
    }

    [Fact]
    public void EaseModel_ScoresTheCoWatchedTitleHighestForAProfileThatWatchedA()
    {
        var matrix = CoWatched();
        matrix.TryGetItem("A", out var a);
        matrix.TryGetItem("B", out var b);
        var model = EaseModel.Fit(matrix, lambda: 1, maxItems: 100);
        var scores = new float[matrix.ItemCount];

        model.Score([a], scores);

        scores[a] = float.NegativeInfinity;
        Assert.Equal(b, Array.IndexOf(scores, scores.Max()));
    }

    [Fact]
    public void EaseModel_WhenCapped_CoversOnlyTheMostWatchedTitles()
    {
        var matrix = CoWatched();
        matrix.TryGetItem("A", out var a);
        matrix.TryGetItem("B", out var b);

        var model = EaseModel.Fit(matrix, lambda: 1, maxItems: 2);

        // A and C are watched by 13 profiles each, B and D by 10.
        Assert.Equal(2, model.Size);
        Assert.True(model.Covers(a));
        Assert.False(model.Covers(b));
    }

    [Fact]
    public void SymmetricInverse_InvertsAPositiveDefiniteMatrix()
    {
        const int n = 150;
        var random = new Random(5);
        var factor = Enumerable.Range(0, n * n).Select(_ => random.NextDouble() - 0.5).ToArray();
        var matrix = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                var sum = i == j ? 1.0 : 0.0;
                for (var k = 0; k < n; k++)
                {
                    sum += factor[(i * n) + k] * factor[(j * n) + k];
                }

                matrix[(i * n) + j] = sum;
            }
        }

        var inverse = (double[])matrix.Clone();
        SymmetricInverse.InvertInPlace(inverse, n);

        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                var product = 0.0;
                for (var k = 0; k < n; k++)
                {
                    product += matrix[(i * n) + k] * inverse[(k * n) + j];
                }

                Assert.Equal(i == j ? 1.0 : 0.0, product, 1e-8);
            }
        }
    }

    [Fact]
    public void SymmetricInverse_WhenNotPositiveDefinite_Throws()
    {
        double[] matrix = [1, 2, 2, 1];

        Assert.Throws<ArgumentException>(() => SymmetricInverse.InvertInPlace(matrix, 2));
    }

    [Fact]
    public void ContentSimilarity_ScoresSameGenreTitlesAboveOthers()
    {
        var ids = SyntheticViewing.Titles.Select(t => t.TitleId).ToArray();
        var content = ContentSimilarity.Build(ids, SyntheticViewing.Titles);
        var scores = new float[ids.Length];

        content.Score([Array.IndexOf(ids, "h0"), Array.IndexOf(ids, "h3")], scores);

        Assert.True(scores[Array.IndexOf(ids, "h7")] > scores[Array.IndexOf(ids, "c7")]);
        Assert.True(content.HasAnyGenre(Array.IndexOf(ids, "h7"), ["horror"]));
        Assert.False(content.HasAnyGenre(Array.IndexOf(ids, "c7"), ["Horror"]));
    }

    [Fact]
    public void PopularityModel_CountsTrendingInTheWindowBeforeNow()
    {
        var interactions = new List<Interaction>
        {
            new("p1", "old", At.AddDays(-40)),
            new("p2", "new", At.AddDays(-2)),
            new("p3", "new", At.AddDays(-1)),
            new("p4", "future", At.AddDays(1)),
        };
        var matrix = InteractionMatrix.Build(interactions);
        var popularity = PopularityModel.Build(matrix, interactions);
        var trend = new float[matrix.ItemCount];

        popularity.TrendingCounts(At, TimeSpan.FromDays(30), trend);

        matrix.TryGetItem("old", out var old);
        matrix.TryGetItem("new", out var recent);
        matrix.TryGetItem("future", out var future);
        Assert.Equal(0f, trend[old]);
        Assert.Equal(2f, trend[recent]);
        Assert.Equal(0f, trend[future]);
    }
}
