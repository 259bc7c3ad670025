using Marquee.Grains.Recommendations;

namespace Marquee.Grains.Tests.Recommendations;

public sealed class RelevanceRankerTests
{
    [Fact]
    public void Train_OnQueriesWhereOneFeatureMarksTheRelevantCandidate_OrdersTheBetterCandidateFirst()
    {
        // Feature 0 is high for the relevant candidate, feature 1 is noise.
        var random = new Random(11);
        var examples = new List<RankingExample>();
        for (var q = 0; q < 200; q++)
        {
            var relevant = random.Next(10);
            for (var c = 0; c < 10; c++)
            {
                var signal = c == relevant ? 0.7f + (0.3f * random.NextSingle()) : 0.6f * random.NextSingle();
                examples.Add(new RankingExample(q, c == relevant ? 1f : 0f, [signal, random.NextSingle()]));
            }
        }

        var ranker = RelevanceRanker.Train(examples, new RelevanceRankerOptions(Trees: 30, Leaves: 4, MinExamplesPerLeaf: 10));

        Assert.Equal(2, ranker.FeatureCount);
        Assert.True(ranker.Score([0.9f, 0.5f]) > ranker.Score([0.2f, 0.5f]));
        var scores = ranker.ScoreRows([new RankingExample(0, 0, [0.1f, 0.9f]), new RankingExample(0, 0, [0.95f, 0.1f])]);
        Assert.True(scores[1] > scores[0]);
    }

    [Fact]
    public void Train_WithFeatureVectorsOfDifferentLengths_Throws()
    {
        RankingExample[] examples = [new(0, 1, [1f, 2f]), new(0, 0, [1f])];

        Assert.Throws<ArgumentException>(() => RelevanceRanker.Train(examples));
    }
}
