using Marquee.Grains.Tests.Hosting;
using Marquee.Grains.Tests.History;
using Marquee.History;
using Marquee.Hosting;
using Marquee.Recommendations;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Orleans.Streams;

namespace Marquee.Grains.Tests.Recommendations;

/// <summary>The recommendation grain as a consumer of the viewing stream, and the artwork grain's bandit.</summary>
[Collection(ClusterCollection.Name)]
public sealed class RecommendationGrainTests(ClusterFixture fixture)
{
    readonly Guid _profile = Guid.NewGuid();

    DateTimeOffset Now => fixture.Clock.GetUtcNow();

    IViewingHistoryGrain History => fixture.Client.GetGrain<IViewingHistoryGrain>(_profile);

    IRecommendationGrain Recommendations => fixture.Client.GetGrain<IRecommendationGrain>(_profile);

    Task<RecommendationFeedStats> WaitForPlaysAsync(long plays) =>
        Eventually.WaitAsync(fixture.Clock, () => Recommendations.GetFeedStatsAsync(), s => s.Plays >= plays,
            $"the recommendation grain of {_profile} to count {plays} plays");

    Task PublishAsync(ViewingEvent e) =>
        fixture.Cluster.Silos[0].ServiceProvider.GetRequiredKeyedService<IStreamProvider>(StreamNames.Provider)
            .GetStream<ViewingEvent>(StreamId.Create(StreamNames.ViewingEvents, _profile))
            .OnNextAsync(e);

    [Fact]
    public async Task Stream_RecordedPlay_ReachesTheRecommendationGrain_AndTheInteractionLog()
    {
        var title = Events.NewTitle();

        await History.RecordAsync(Events.Start(_profile, title, Now));

        var stats = await WaitForPlaysAsync(1);
        Assert.Equal(1, stats.TitlesKnown);
        var log = await Eventually.WaitAsync(fixture.Clock,
            () => fixture.Client.GetGrain<IInteractionLogGrain>(InteractionLog.Key).GetSnapshotAsync(),
            s => s.Interactions.Any(i => i.ProfileId == _profile && i.TitleId == title), $"{title} in the interaction log");
        Assert.Single(log.Interactions, i => i.ProfileId == _profile);
    }

    [Fact]
    public async Task Stream_ReplayedEvent_IsNotCountedTwice()
    {
        var (title, marker) = (Events.NewTitle(), Events.NewTitle());
        var start = Events.Start(_profile, title, Now);
        var outcome = await History.RecordAsync(start);
        await WaitForPlaysAsync(1);

        // The stream replays the event (same sequence), then a replay without a sequence, then a marker: the profile's
        // stream is ordered, so once the marker counts the replays have been handled.
        await PublishAsync(start with { Sequence = outcome.Sequence });
        await PublishAsync(start with { Sequence = 0 });
        await History.RecordAsync(Events.Start(_profile, marker, Now));
        var stats = await WaitForPlaysAsync(2);

        Assert.Equal(2, stats.Plays);
        Assert.Equal(2, stats.TitlesKnown);
    }

    [Fact]
    public async Task ArtworkGrain_OnASimulatedPopulation_ConvergesToTheVariantPlayedMost()
    {
        // Three variants whose cards are played after 2 %, 5 % and 15 % of impressions; one new viewer per round.
        var segment = $"test:{Guid.NewGuid():N}";
        var title = Events.NewTitle();
        var takeRates = new Dictionary<string, double> { ["a"] = 0.02, ["b"] = 0.05, ["c"] = 0.15 };
        var grain = fixture.Client.GetGrain<IArtworkGrain>(segment);
        var population = new Random(1234);
        var lateChoices = new List<string>();
        const int Rounds = 2500;
        for (var round = 0; round < Rounds; round++)
        {
            var viewer = Guid.NewGuid();
            var shown = (await grain.ChooseAsync(viewer, [new ArtworkChoice(title, ["a", "b", "c"])]))[0]!;
            if (population.NextDouble() < takeRates[shown])
            {
                Assert.True(await grain.PlayedAsync(viewer, title, Now));
            }

            if (round >= Rounds - 500)
            {
                lateChoices.Add(shown);
            }
        }

        var arms = await grain.GetArmsAsync(title);
        var mostShown = arms.MaxBy(a => a.Impressions)!;
        Assert.Equal("c", mostShown.VariantId);
        Assert.True(lateChoices.Count(v => v == "c") > 400, $"the best variant was shown {lateChoices.Count(v => v == "c")} of the last 500 times");
        Assert.Equal(Rounds, arms.Sum(a => a.Impressions));
    }

    [Fact]
    public async Task ArtworkGrain_PlayAfterTheRewardWindow_IsNotRewarded()
    {
        var grain = fixture.Client.GetGrain<IArtworkGrain>($"test:{Guid.NewGuid():N}");
        var (viewer, title) = (Guid.NewGuid(), Events.NewTitle());
        await grain.ChooseAsync(viewer, [new ArtworkChoice(title, ["a", "b"])]);

        Assert.False(await grain.PlayedAsync(viewer, title, Now + TimeSpan.FromHours(2)));
        Assert.Equal(0, (await grain.GetArmsAsync(title)).Sum(a => a.Rewards));
    }
}
