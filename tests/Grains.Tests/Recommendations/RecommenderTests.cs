using Marquee.Grains.Recommendations;

namespace Marquee.Grains.Tests.Recommendations;

public sealed class RecommenderTests
{
    private static readonly Lazy<Recommender> Trained = new(() =>
        Recommender.Train(SyntheticViewing.Interactions(), SyntheticViewing.Titles, new RecommenderOptions(), version: 7));

    private static RecommendationContext Context(params string[] genres) =>
        new(SyntheticViewing.Start.AddDays(30), "tv", 20, genres);

    private static Interaction Watched(string title, double completion = 1.0) =>
        new("someone", title, SyntheticViewing.Start.AddDays(29), completion, "tv", 20);

    [Fact]
    public void Train_WithEnoughProfiles_TrainsTheRankerAndKeepsTheVersion()
    {
        var recommender = Trained.Value;

        Assert.Equal(7, recommender.Version);
        Assert.True(recommender.HasRanker);
        Assert.True(recommender.Report.RankerExamples > 0);
    }

    [Fact]
    public void Recommend_WhenProfileHasNoHistory_ReturnsPopularTitlesInPickedGenres()
    {
        var recommendations = Trained.Value.Recommend([], Context("Horror"), k: 5);

        Assert.Equal(5, recommendations.Count);
        Assert.All(recommendations, r => Assert.StartsWith("h", r.TitleId, StringComparison.Ordinal));
        Assert.All(recommendations, r => Assert.True(r.Sources.HasFlag(CandidateSources.Popular)));

        // Popularity decreases with the index inside a cluster, so h0 leads.
        Assert.Equal("h0", recommendations[0].TitleId);
    }

    [Fact]
    public void Recommend_WhenPickedGenresRunShort_FillsWithOtherPopularTitles()
    {
        var recommendations = Trained.Value.Recommend([], Context("Horror"), k: 25);

        Assert.Equal(25, recommendations.Count);
        Assert.Equal(20, recommendations.Count(r => r.TitleId.StartsWith('h')));
        Assert.All(recommendations.Take(20), r => Assert.StartsWith("h", r.TitleId, StringComparison.Ordinal));
    }

    [Fact]
    public void Recommend_WhenNoGenrePicked_ReturnsMostPopularTitles()
    {
        var recommendations = Trained.Value.Recommend([], Context(), k: 3);

        Assert.Equal(3, recommendations.Count);
        Assert.All(recommendations, r => Assert.EndsWith("0", r.TitleId, StringComparison.Ordinal));
    }

    [Fact]
    public void Recommend_ForAComedyViewer_RecommendsComediesAndNeverWatchedOrExcludedTitles()
    {
        IReadOnlyList<Interaction> history = [Watched("c0"), Watched("c3"), Watched("c4")];
        var exclude = new HashSet<string> { "c1" };

        var recommendations = Trained.Value.Recommend(history, Context(), k: 5, exclude);

        Assert.Equal(5, recommendations.Count);
        Assert.DoesNotContain(recommendations, r => r.TitleId is "c0" or "c3" or "c4" or "c1");
        Assert.StartsWith("c", recommendations[0].TitleId, StringComparison.Ordinal);
        Assert.True(recommendations.Count(r => r.TitleId.StartsWith('c')) >= 4);
    }

    [Fact]
    public void Recommend_AfterTheFirstOfAPairWatchedTogether_PutsTheSecondFirst()
    {
        var recommendations = Trained.Value.RecommendWithoutRanker([Watched("c1")], Context(), k: 3);

        Assert.Equal("c2", recommendations[0].TitleId);
        Assert.True(recommendations[0].Sources.HasFlag(CandidateSources.Collaborative));
    }

    [Fact]
    public void Recommend_WithUnknownTitlesOnly_FallsBackToColdStart()
    {
        var recommendations = Trained.Value.Recommend([Watched("not-in-catalogue")], Context("Drama"), k: 3);

        Assert.All(recommendations, r => Assert.StartsWith("d", r.TitleId, StringComparison.Ordinal));
    }

    [Fact]
    public void ContinueWatching_ReturnsStartedUnfinishedTitlesMostRecentFirst()
    {
        IReadOnlyList<Interaction> history =
        [
            Watched("c0", completion: 1.0),
            Watched("c5", completion: 0.4) with { At = SyntheticViewing.Start.AddDays(10) },
            Watched("d5", completion: 0.6) with { At = SyntheticViewing.Start.AddDays(12) },
            Watched("h5", completion: 0.01),
        ];

        var row = Trained.Value.ContinueWatching(history, k: 10);

        Assert.Equal(["d5", "c5"], row.Select(r => r.TitleId));
        Assert.All(row, r => Assert.Equal(CandidateSources.ContinueWatching, r.Sources));
    }

    [Fact]
    public void SimilarTitles_ForTheFirstOfAPair_StartsWithTheSecond()
    {
        var similar = Trained.Value.SimilarTitles("c1", k: 3);

        Assert.Equal("c2", similar[0].TitleId);
    }

    [Fact]
    public void Train_WithTooFewProfilesForTheRanker_ServesTheCandidateOrder()
    {
        var recommender = Recommender.Train(
            SyntheticViewing.Interactions(profiles: 10), SyntheticViewing.Titles, new RecommenderOptions { RankerMinProfiles = 50 });

        Assert.False(recommender.HasRanker);
        Assert.Equal(3, recommender.Recommend([Watched("c0")], Context(), k: 3).Count);
    }
}
