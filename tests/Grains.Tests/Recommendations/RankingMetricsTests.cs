using Marquee.Grains.Recommendations;

namespace Marquee.Grains.Tests.Recommendations;

public sealed class RankingMetricsTests
{
    private static Dictionary<string, IReadOnlyList<string>> Lists(params (string Profile, string[] Titles)[] lists) =>
        lists.ToDictionary(l => l.Profile, l => (IReadOnlyList<string>)l.Titles);

    private static Dictionary<string, HashSet<string>> Truth(params (string Profile, string[] Titles)[] truth) =>
        truth.ToDictionary(t => t.Profile, t => t.Titles.ToHashSet());

    [Fact]
    public void Evaluate_OnHandMadeExample_MatchesHandComputedValues()
    {
        // Profile a: hits at ranks 1 and 3 of the top 3, three relevant titles. Profile b: no hit.
        var recommended = Lists(("a", ["t1", "t2", "t3", "t4"]), ("b", ["y", "z", "w"]));
        var relevant = Truth(("a", ["t1", "t3", "x"]), ("b", ["q"]));

        var quality = RankingMetrics.Evaluate(recommended, relevant, k: 3);

        // a: precision 2/3, recall 2/3, DCG 1 + 1/log2(4) = 1.5 over IDCG 1 + 1/log2(3) + 1/log2(4), AP (1/1 + 2/3) / 3.
        var idcg = 1 + (1 / Math.Log2(3)) + 0.5;
        Assert.Equal(2, quality.Profiles);
        Assert.Equal((2.0 / 3) / 2, quality.Precision, 1e-12);
        Assert.Equal((2.0 / 3) / 2, quality.Recall, 1e-12);
        Assert.Equal(1.5 / idcg / 2, quality.Ndcg, 1e-12);
        Assert.Equal((1 + (2.0 / 3)) / 3 / 2, quality.Map, 1e-12);
    }

    [Fact]
    public void Evaluate_WhenListIsPerfect_ScoresOne()
    {
        var quality = RankingMetrics.Evaluate(Lists(("a", ["t1", "t2"])), Truth(("a", ["t1", "t2"])), k: 2);

        Assert.Equal(1.0, quality.Precision, 1e-12);
        Assert.Equal(1.0, quality.Recall, 1e-12);
        Assert.Equal(1.0, quality.Ndcg, 1e-12);
        Assert.Equal(1.0, quality.Map, 1e-12);
    }

    [Fact]
    public void Evaluate_WhenMoreRelevantThanK_NormalisesNdcgByKButMapByRelevantCount()
    {
        // Two hits in the top 2 of 4 relevant titles: nDCG is perfect within the cut, MAP divides by all 4.
        var quality = RankingMetrics.Evaluate(Lists(("a", ["t1", "t2"])), Truth(("a", ["t1", "t2", "t3", "t4"])), k: 2);

        Assert.Equal(1.0, quality.Ndcg, 1e-12);
        Assert.Equal(0.5, quality.Recall, 1e-12);
        Assert.Equal(2.0 / 4, quality.Map, 1e-12);
    }

    [Fact]
    public void Evaluate_WhenProfileHasNoList_CountsItAsZero()
    {
        var quality = RankingMetrics.Evaluate(Lists(("a", ["t1"])), Truth(("a", ["t1"]), ("b", ["t2"])), k: 1);

        Assert.Equal(2, quality.Profiles);
        Assert.Equal(0.5, quality.Precision, 1e-12);
        Assert.Equal(0.5, quality.Ndcg, 1e-12);
    }

    [Fact]
    public void Evaluate_IgnoresProfilesWithoutRelevantTitles()
    {
        var quality = RankingMetrics.Evaluate(Lists(("a", ["t1"]), ("b", ["t1"])), Truth(("a", ["t1"]), ("b", [])), k: 1);

        Assert.Equal(1, quality.Profiles);
        Assert.Equal(1.0, quality.Precision, 1e-12);
    }
}
