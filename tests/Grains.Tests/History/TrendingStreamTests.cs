using Marquee.Grains.History;
using Marquee.Grains.Tests.Hosting;
using Marquee.History;
using Marquee.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Streams;

namespace Marquee.Grains.Tests.History;

/// <summary>
/// The viewing stream reaches the trending grain of each play's country. Each test has its own country code. Waiting
/// for delivery moves the shared clock a little (see <see cref="Eventually"/>), so scores are asserted within a tolerance.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class TrendingStreamTests(ClusterFixture fixture)
{
    readonly Guid _profile = Guid.NewGuid();

    IViewingHistoryGrain History => fixture.Client.GetGrain<IViewingHistoryGrain>(_profile);

    DateTimeOffset Now => fixture.Clock.GetUtcNow();

    ITrendingGrain Trending(string country) => fixture.Client.GetGrain<ITrendingGrain>(country);

    async Task<double> ScoreAsync(string country, string titleId) =>
        (await Trending(country).GetTopAsync(100)).FirstOrDefault(x => x.TitleId == titleId)?.Score ?? 0;

    Task<double> WaitForScoreAsync(string country, string titleId, double atLeast) =>
        Eventually.WaitAsync(fixture.Clock, () => ScoreAsync(country, titleId), s => s >= atLeast * 0.99,
            $"{titleId} to score {atLeast} in trending {country}");

    [Fact]
    public async Task RecordAsync_Start_ReachesTheTrendingGrainOfItsCountry()
    {
        var title = Events.NewTitle();

        await History.RecordAsync(Events.Start(_profile, title, Now, country: "qa"));

        Assert.InRange(await WaitForScoreAsync("QA", title, 1), 0.9, 1.1);
    }

    [Fact]
    public async Task Stream_ReplayedEvent_IsNotCountedTwice()
    {
        var (title, marker) = (Events.NewTitle(), Events.NewTitle());
        var start = Events.Start(_profile, title, Now, country: "QB");
        var outcome = await History.RecordAsync(start);
        await WaitForScoreAsync("QB", title, 1);

        // A replay as the stream would deliver it, a replayed record call, then a marker: the profile's stream is
        // ordered, so once the marker counts the replay has been handled.
        await PublishAsync(start with { Sequence = outcome.Sequence });
        Assert.False((await History.RecordAsync(start)).Stored);
        await History.RecordAsync(Events.Start(_profile, marker, Now, country: "QB"));
        await WaitForScoreAsync("QB", marker, 1);

        Assert.InRange(await ScoreAsync("QB", title), 0.9, 1.1);
    }

    [Fact]
    public async Task Stream_WhenEventsWereMissed_TheFeedReadsThemBackFromTheHistory()
    {
        var (seen, missed, delivered) = (Events.NewTitle(), Events.NewTitle(), Events.NewTitle());
        await History.RecordAsync(Events.Start(_profile, seen, Now, country: "QC"));
        await WaitForScoreAsync("QC", seen, 1);

        // Two events reach the store without their notifications; only the second is then delivered.
        var store = fixture.Cluster.Silos[0].ServiceProvider.GetRequiredService<IViewingEventStore>();
        var lost = Events.Start(_profile, missed, Now, country: "QC", sequence: 2);
        var late = Events.Start(_profile, delivered, Now, country: "QC", sequence: 3);
        await store.AppendAsync([lost, late]);
        await PublishAsync(late);

        await WaitForScoreAsync("QC", delivered, 1);
        Assert.InRange(await ScoreAsync("QC", missed), 0.9, 1.1);
    }

    [Fact]
    public async Task Trending_WhenTimeMoves_DecayLowersAnOldTitleBelowAFreshOne()
    {
        var (old, fresh) = (Events.NewTitle(), Events.NewTitle());
        for (var i = 0; i < 3; i++)
        {
            await RecordStartAsync(old, "QD");
        }

        await WaitForScoreAsync("QD", old, 3);
        Assert.Equal(old, (await Trending("QD").GetTopAsync(1))[0].TitleId);

        fixture.Clock.Advance(TimeSpan.FromHours(24));
        await RecordStartAsync(fresh, "QD");
        await WaitForScoreAsync("QD", fresh, 1);

        var top = await Trending("QD").GetTopAsync(2);
        Assert.Equal([fresh, old], top.Select(t => t.TitleId));
        // Four half-lives: three plays a day ago weigh 3/16 of a play now.
        Assert.Equal(3.0 / 16, top[1].Score / top[0].Score, precision: 2);
    }

    [Fact]
    public async Task AddPlaysAsync_SameEventIdTwice_CountsOnce()
    {
        var play = new TrendingPlay(Guid.NewGuid(), Events.NewTitle(), Now, 1);

        Assert.Equal(1, await Trending("QE").AddPlaysAsync([play]));
        Assert.Equal(0, await Trending("QE").AddPlaysAsync([play, play]));
        Assert.Equal(1, await ScoreAsync("QE", play.TitleId), precision: 9);
    }

    Task<RecordOutcome> RecordStartAsync(string titleId, string country) =>
        History.RecordAsync(Events.Start(_profile, titleId, Now, country));

    Task PublishAsync(ViewingEvent e)
    {
        var provider = fixture.Cluster.Silos[0].ServiceProvider.GetRequiredKeyedService<IStreamProvider>(StreamNames.Provider);
        return provider.GetStream<ViewingEvent>(StreamId.Create(StreamNames.ViewingEvents, e.ProfileId)).OnNextAsync(e);
    }
}
