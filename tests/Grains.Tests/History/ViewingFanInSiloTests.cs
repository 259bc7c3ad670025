using Marquee.Grains.Hosting;
using Marquee.Grains.History;
using Marquee.History;
using Marquee.Recommendations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;

namespace Marquee.Grains.Tests.History;

/// <summary>The fan-in inside a real silo: what it holds when the silo stops still reaches the grains.</summary>
public sealed class ViewingFanInSiloTests
{
    static readonly DateTimeOffset Now = new(2026, 11, 27, 7, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task SiloStop_SendsWhatTheFanInHolds_WhileTheGrainsStillTakeCalls()
    {
        var sent = new SentLog();
        var builder = new InProcessTestClusterBuilder(1);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Orleans:Mode"] = "Embedded" }).Build();
        builder.ConfigureSilo((_, silo) =>
        {
            silo.UseMemoryPersistence();
            // A clock that never moves: the interval flush never fires, so only the stop can send.
            silo.Services.AddSingleton<TimeProvider>(new FakeTimeProvider(Now));
            silo.AddMarqueeGrains(configuration);
            silo.Services.AddSingleton<IFanInTargets>(sp => new WatchedTargets(new GrainFanInTargets(sp.GetRequiredService<IGrainFactory>()), sent));
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        try
        {
            var fanIn = cluster.Silos[0].ServiceProvider.GetRequiredService<ViewingFanIn>();
            var interaction = new InteractionRecord(Guid.NewGuid(), "tt0000001", Now, 0.4, "tv", 20);
            var play = new TrendingPlay(Guid.NewGuid(), "tt0000001", Now, 1);
            fanIn.AddInteractions([interaction]);
            fanIn.AddPlays("QS", [play]);
            Assert.Empty(sent.Entries);

            await cluster.StopAllSilosAsync();

            // Both calls went through: the log and the trending grain were still active when the fan-in flushed.
            Assert.Contains(sent.Entries, e => e == ("interaction log", 1, null));
            Assert.Contains(sent.Entries, e => e == ("QS", 1, null));
            Assert.Equal(0, fanIn.Pending);
        }
        finally
        {
            await cluster.DisposeAsync();
        }
    }

    sealed class SentLog
    {
        readonly List<(string Target, int Count, string? Failure)> _entries = [];

        public IReadOnlyList<(string Target, int Count, string? Failure)> Entries
        {
            get
            {
                lock (_entries)
                {
                    return [.. _entries];
                }
            }
        }

        public void Add(string target, int count, string? failure)
        {
            lock (_entries)
            {
                _entries.Add((target, count, failure));
            }
        }
    }

    /// <summary>The real targets, with each call's outcome noted.</summary>
    sealed class WatchedTargets(IFanInTargets inner, SentLog sent) : IFanInTargets
    {
        public Task AddInteractionsAsync(IReadOnlyList<InteractionRecord> interactions, CancellationToken ct) =>
            WatchAsync("interaction log", interactions.Count, () => inner.AddInteractionsAsync(interactions, ct));

        public Task AddPlaysAsync(string country, IReadOnlyList<TrendingPlay> plays, CancellationToken ct) =>
            WatchAsync(country, plays.Count, () => inner.AddPlaysAsync(country, plays, ct));

        async Task WatchAsync(string target, int count, Func<Task> call)
        {
            try
            {
                await call();
                sent.Add(target, count, null);
            }
            catch (Exception ex)
            {
                sent.Add(target, count, ex.GetType().Name);
                throw;
            }
        }
    }
}
