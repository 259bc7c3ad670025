using Marquee.Grains.Recommendations;

namespace Marquee.Grains.Tests.Recommendations;

public sealed class ArtworkBanditTests
{
    private static readonly DateTimeOffset At = new(2026, 3, 1, 20, 0, 0, TimeSpan.Zero);
    private static readonly string[] Variants = ["dark", "faces", "logo"];

    [Fact]
    public void Choose_OnASimulatedAudience_ConvergesToTheVariantWithTheBestTakeFraction()
    {
        var takeRates = new Dictionary<string, double> { ["dark"] = 0.03, ["faces"] = 0.12, ["logo"] = 0.06 };
        var bandit = new ArtworkBandit(new ArtworkBanditOptions(ExploreImpressions: 30));
        var random = new Random(42);
        var audience = new Random(43);
        var lateBest = 0;

        for (var round = 0; round < 6000; round++)
        {
            var variant = bandit.Choose("segment", "title", Variants, random);
            bandit.RecordImpression("segment", "title", variant);
            if (audience.NextDouble() < takeRates[variant])
            {
                bandit.RecordReward("segment", "title", variant);
            }

            if (round >= 5000 && variant == "faces")
            {
                lateBest++;
            }
        }

        Assert.True(lateBest >= 900, $"the best variant was chosen {lateBest} times of the last 1000");
        var impressions = Variants.ToDictionary(v => v, v => bandit.Arm("segment", "title", v).Impressions);
        Assert.Equal("faces", impressions.MaxBy(p => p.Value).Key);
    }

    [Fact]
    public void Choose_WhileExploring_ShowsEveryVariantItsQuotaFirst()
    {
        var bandit = new ArtworkBandit(new ArtworkBanditOptions(ExploreImpressions: 5));
        var random = new Random(1);

        for (var round = 0; round < 15; round++)
        {
            bandit.RecordImpression("segment", "title", bandit.Choose("segment", "title", Variants, random));
        }

        Assert.All(Variants, v => Assert.Equal(5, bandit.Arm("segment", "title", v).Impressions));
    }

    [Fact]
    public void Played_WithinTheRewardWindow_RewardsTheVariantShown()
    {
        var bandit = new ArtworkBandit(new ArtworkBanditOptions(RewardWindow: TimeSpan.FromMinutes(30)));
        bandit.Shown("profile", "segment", "title", "faces", At);

        var rewarded = bandit.Played("profile", "title", At.AddMinutes(10));

        Assert.Equal("faces", rewarded);
        Assert.Equal(new ArtworkArm("segment", "title", "faces", 1, 1), bandit.Arm("segment", "title", "faces"));
    }

    [Fact]
    public void Played_AfterTheRewardWindow_RewardsNothing()
    {
        var bandit = new ArtworkBandit(new ArtworkBanditOptions(RewardWindow: TimeSpan.FromMinutes(30)));
        bandit.Shown("profile", "segment", "title", "faces", At);

        var rewarded = bandit.Played("profile", "title", At.AddMinutes(31));

        Assert.Null(rewarded);
        Assert.Equal(0, bandit.Arm("segment", "title", "faces").Rewards);
    }

    [Fact]
    public void Played_ByAnotherProfileOrTwice_RewardsOnlyOnce()
    {
        var bandit = new ArtworkBandit();
        bandit.Shown("profile", "segment", "title", "faces", At);

        Assert.Null(bandit.Played("other", "title", At.AddMinutes(1)));
        Assert.Equal("faces", bandit.Played("profile", "title", At.AddMinutes(2)));
        Assert.Null(bandit.Played("profile", "title", At.AddMinutes(3)));
        Assert.Equal(1, bandit.Arm("segment", "title", "faces").Rewards);
    }

    [Fact]
    public void Prune_DropsImpressionsTooOldToBeRewarded()
    {
        var bandit = new ArtworkBandit(new ArtworkBanditOptions(RewardWindow: TimeSpan.FromMinutes(30)));
        bandit.Shown("a", "segment", "title", "faces", At);
        bandit.Shown("b", "segment", "title", "logo", At.AddMinutes(20));

        Assert.Equal(1, bandit.Prune(At.AddMinutes(40)));
        Assert.Equal("logo", bandit.Played("b", "title", At.AddMinutes(45)));
    }

    [Fact]
    public void Snapshot_RestoresTheSameStatistics()
    {
        var bandit = new ArtworkBandit();
        bandit.RecordImpression("segment", "title", "faces");
        bandit.RecordImpression("segment", "title", "faces");
        bandit.RecordReward("segment", "title", "faces");

        var restored = new ArtworkBandit(arms: bandit.Snapshot());

        Assert.Equal(new ArtworkArm("segment", "title", "faces", 2, 1), restored.Arm("segment", "title", "faces"));
    }

    [Fact]
    public void Replay_OnASeededPopulation_ThompsonBeatsUniformExploration()
    {
        var simulation = ArtworkSimulation.Create(seed: 5, segments: 2, titles: 5, variants: 3);
        var log = simulation.LogUniform(60_000, seed: 6);

        var results = ArtworkReplay.Compare(simulation, log, seed: 7);

        var uniform = results.Single(r => r.Policy.StartsWith("uniform", StringComparison.Ordinal));
        var thompson = results.Single(r => r.Policy.StartsWith("Thompson", StringComparison.Ordinal));
        Assert.True(thompson.TakeFraction > uniform.TakeFraction * 1.1, $"{thompson.TakeFraction} vs {uniform.TakeFraction}");
        Assert.True(thompson.BestVariantShare > 0.6, $"best variant share {thompson.BestVariantShare}");
    }
}
