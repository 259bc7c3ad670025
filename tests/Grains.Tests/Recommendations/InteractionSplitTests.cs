using Marquee.Grains.Recommendations;

namespace Marquee.Grains.Tests.Recommendations;

public sealed class InteractionSplitTests
{
    private static List<Interaction> Interactions()
    {
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var random = new Random(7);
        var result = new List<Interaction>();
        for (var p = 0; p < 30; p++)
        {
            var count = 1 + random.Next(40);
            for (var t = 0; t < count; t++)
            {
                result.Add(new Interaction($"p{p}", $"t{t}", start.AddMinutes((p * 100) + t)));
            }
        }

        return result;
    }

    private static string Key(Interaction i) => i.ProfileId + "/" + i.TitleId;

    [Fact]
    public void StratifiedByProfile_KeepsEachProfilesShareInTraining()
    {
        var interactions = Interactions();

        var (train, test) = InteractionSplit.StratifiedByProfile(interactions, 0.75, seed: 42);

        Assert.Equal(interactions.Count, train.Count + test.Count);
        Assert.Empty(train.Select(Key).Intersect(test.Select(Key)));
        foreach (var profile in interactions.GroupBy(i => i.ProfileId))
        {
            var expected = (int)Math.Round(0.75 * profile.Count(), MidpointRounding.ToEven);
            Assert.Equal(expected, train.Count(i => i.ProfileId == profile.Key));
        }
    }

    [Fact]
    public void StratifiedByProfile_WithSameSeed_IsReproducibleWhateverTheInputOrder()
    {
        var interactions = Interactions();
        var shuffled = interactions.ToArray();
        new Random(3).Shuffle(shuffled);

        var first = InteractionSplit.StratifiedByProfile(interactions, 0.75, seed: 42);
        var second = InteractionSplit.StratifiedByProfile(shuffled, 0.75, seed: 42);

        Assert.Equal(first.Test.Select(Key).Order(), second.Test.Select(Key).Order());
    }

    [Fact]
    public void StratifiedByProfile_WithAnotherSeed_SplitsDifferently()
    {
        var interactions = Interactions();

        var first = InteractionSplit.StratifiedByProfile(interactions, 0.75, seed: 42);
        var second = InteractionSplit.StratifiedByProfile(interactions, 0.75, seed: 43);

        Assert.NotEqual(first.Test.Select(Key).Order(), second.Test.Select(Key).Order());
    }
}
