using Marquee.Grains.History;
using Marquee.History;
using Marquee.Recommendations;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Marquee.Grains.Tests.History;

public sealed class ViewingFanInTests
{
    static readonly DateTimeOffset Now = new(2026, 11, 27, 6, 0, 0, TimeSpan.Zero);
    static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    static InteractionRecord Interaction(int n) => new(Guid.NewGuid(), $"tt{n:D7}", Now.AddSeconds(n), 0.5, "tv", 20);

    static TrendingPlay Play(int n) => new(Guid.NewGuid(), $"tt{n:D7}", Now, 1);

    static ViewingFanIn FanIn(RecordingTargets targets, FakeTimeProvider? clock = null, int maxPending = 100_000) =>
        new(targets, Options.Create(new FanInOptions { FlushInterval = Interval, MaxPending = maxPending }), clock ?? new FakeTimeProvider(Now),
            NullLogger<ViewingFanIn>.Instance);

    [Fact]
    public async Task FlushAsync_SendsWhatManyProfilesGathered_InOneCallPerTarget()
    {
        var targets = new RecordingTargets();
        using var fanIn = FanIn(targets);
        var interactions = Enumerable.Range(1, 3).Select(Interaction).ToList();
        foreach (var interaction in interactions)
        {
            fanIn.AddInteractions([interaction]);
        }

        fanIn.AddPlays("US", [Play(1)]);
        fanIn.AddPlays("GB", [Play(2)]);
        fanIn.AddPlays("US", [Play(3)]);

        await fanIn.FlushAsync(Ct);

        Assert.Equal(interactions, Assert.Single(targets.Interactions));
        Assert.Equal(["tt0000001", "tt0000003"], Assert.Single(targets.Plays, p => p.Country == "US").Plays.Select(p => p.TitleId));
        Assert.Equal(["tt0000002"], Assert.Single(targets.Plays, p => p.Country == "GB").Plays.Select(p => p.TitleId));
        Assert.Equal(0, fanIn.Pending);
    }

    [Fact]
    public async Task FlushAsync_WithNothingQueued_CallsNoTarget()
    {
        var targets = new RecordingTargets();
        using var fanIn = FanIn(targets);

        await fanIn.FlushAsync(Ct);

        Assert.Empty(targets.Interactions);
        Assert.Empty(targets.Plays);
    }

    [Fact]
    public async Task FlushAsync_WhenATargetIsUnreachable_KeepsItsBatchAheadOfNewerOnes_ForTheNextFlush()
    {
        var targets = new RecordingTargets { FailNext = 1 };
        using var fanIn = FanIn(targets);
        var older = Interaction(1);
        var newer = Interaction(2);
        fanIn.AddInteractions([older]);
        fanIn.AddPlays("US", [Play(1)]);

        await fanIn.FlushAsync(Ct);
        Assert.Empty(targets.Interactions);
        Assert.Single(targets.Plays);
        Assert.Equal(1, fanIn.Pending);

        fanIn.AddInteractions([newer]);
        await fanIn.FlushAsync(Ct);

        // The log keeps the latest record per profile and title: the older one must not arrive after the newer.
        Assert.Equal([older, newer], Assert.Single(targets.Interactions));
        Assert.Equal(0, fanIn.Pending);
    }

    [Fact]
    public async Task FlushAsync_WhenATargetRefusesTheBatchAsInvalid_DropsIt()
    {
        var targets = new RecordingTargets { RefuseNext = 1 };
        using var fanIn = FanIn(targets);
        fanIn.AddInteractions([Interaction(1)]);

        await fanIn.FlushAsync(Ct);
        await fanIn.FlushAsync(Ct);

        Assert.Empty(targets.Interactions);
        Assert.Equal(0, fanIn.Pending);
    }

    [Fact]
    public async Task AddInteractions_BeyondMaxPending_DropsTheOldest()
    {
        var targets = new RecordingTargets();
        using var fanIn = FanIn(targets, maxPending: 1_000);
        var all = Enumerable.Range(0, 1_005).Select(Interaction).ToList();
        fanIn.AddInteractions(all);

        await fanIn.FlushAsync(Ct);

        Assert.Equal(all[5..], Assert.Single(targets.Interactions));
    }

    [Fact]
    public async Task Started_FlushesEveryInterval_OnTheSilosClock()
    {
        var clock = new FakeTimeProvider(Now);
        var targets = new RecordingTargets();
        using var fanIn = FanIn(targets, clock);
        await fanIn.OnStartAsync(Ct);
        var interaction = Interaction(1);
        fanIn.AddInteractions([interaction]);

        clock.Advance(Interval - TimeSpan.FromMilliseconds(1));
        Assert.Empty(targets.Interactions);
        clock.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal([interaction], await targets.NextInteractions.Task.WaitAsync(TimeSpan.FromSeconds(30), Ct));
        await fanIn.OnStopAsync(Ct);
    }

    [Fact]
    public async Task OnStopAsync_SendsWhatIsQueued_BeforeTheGrainsDeactivate()
    {
        var targets = new RecordingTargets();
        using var fanIn = FanIn(targets);
        await fanIn.OnStartAsync(Ct);
        var interaction = Interaction(1);
        fanIn.AddInteractions([interaction]);
        fanIn.AddPlays("US", [Play(1)]);

        await fanIn.OnStopAsync(Ct);

        Assert.Equal([interaction], Assert.Single(targets.Interactions));
        Assert.Single(targets.Plays);
    }

    sealed class RecordingTargets : IFanInTargets
    {
        public List<List<InteractionRecord>> Interactions { get; } = [];

        public List<(string Country, List<TrendingPlay> Plays)> Plays { get; } = [];

        public TaskCompletionSource<List<InteractionRecord>> NextInteractions { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int FailNext { get; set; }

        public int RefuseNext { get; set; }

        public Task AddInteractionsAsync(IReadOnlyList<InteractionRecord> interactions, CancellationToken ct)
        {
            if (FailNext-- > 0)
            {
                throw new TimeoutException("the log's silo is gone");
            }

            if (RefuseNext-- > 0)
            {
                throw new ArgumentException("invalid interaction", nameof(interactions));
            }

            var copy = interactions.ToList();
            lock (Interactions)
            {
                Interactions.Add(copy);
            }

            NextInteractions.TrySetResult(copy);
            return Task.CompletedTask;
        }

        public Task AddPlaysAsync(string country, IReadOnlyList<TrendingPlay> plays, CancellationToken ct)
        {
            lock (Plays)
            {
                Plays.Add((country, plays.ToList()));
            }

            return Task.CompletedTask;
        }
    }
}
