using Marquee.Integration.Tests.Fixtures;
using Marquee.Grains.History;
using Marquee.Grains.Hosting;
using Marquee.History;
using Marquee.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.TestingHost;

namespace Marquee.Integration.Tests.History;

/// <summary>
/// The history grain on a silo whose domain services run in cluster mode against a real PostgreSQL (its own
/// database): what the grain acknowledges is committed, and what it knows survives its deactivation.
/// </summary>
public sealed class HistoryOnPostgresTests(PostgresServer postgres) : IAsyncLifetime
{
    static readonly DateTimeOffset T0 = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    string _connectionString = "";
    InProcessTestCluster _cluster = null!;

    public async ValueTask InitializeAsync()
    {
        _connectionString = await postgres.CreateDatabaseAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Orleans:Mode"] = "Cluster",
            ["Orleans:Postgres"] = _connectionString,
        }).Build();
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            // Membership, grain state and pub-sub stay in memory: the history store is what is under test.
            silo.AddMemoryGrainStorage(StorageNames.Default);
            silo.AddMemoryGrainStorage(StorageNames.PubSub);
            silo.AddMarqueeGrains(configuration);
        });
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _cluster.StopAllSilosAsync();
        await _cluster.DisposeAsync();
    }

    [Fact]
    public void Silo_InClusterMode_UsesThePostgresStore()
    {
        var store = _cluster.Silos[0].ServiceProvider.GetRequiredService<IViewingEventStore>();

        Assert.IsType<PostgresViewingEventStore>(store);
    }

    [Fact]
    public async Task RecordAsync_WhenItReturns_TheRowIsCommitted_AndAReplayIsStoredOnce()
    {
        var profile = Guid.NewGuid();
        var history = _cluster.Client.GetGrain<IViewingHistoryGrain>(profile);
        var e = Start(profile, "title-1");

        var outcome = await history.RecordAsync(e);
        var committed = await CountAsync(e.EventId);
        var replay = await history.RecordAsync(e);

        Assert.True(outcome.Stored);
        Assert.Equal(1, committed);
        Assert.False(replay.Stored);
        Assert.Equal(1, await CountAsync(e.EventId));
    }

    [Fact]
    public async Task RecordAsync_200ProfilesAtOnce_AreAllCommittedInFewerInserts()
    {
        var events = Enumerable.Range(0, 200).Select(_ => Start(Guid.NewGuid(), "title-2")).ToArray();
        var store = (PostgresViewingEventStore)_cluster.Silos[0].ServiceProvider.GetRequiredService<IViewingEventStore>();
        var before = store.BatchesWritten;

        var outcomes = await Task.WhenAll(events.Select(e => _cluster.Client.GetGrain<IViewingHistoryGrain>(e.ProfileId).RecordAsync(e)));

        Assert.All(outcomes, o => Assert.True(o.Stored));
        foreach (var e in events)
        {
            Assert.Equal(1, await CountAsync(e.EventId));
        }

        Assert.InRange(store.BatchesWritten - before, 1, 199);
    }

    [Fact]
    public async Task History_AfterDeactivation_IsReadBackFromPostgres()
    {
        var profile = Guid.NewGuid();
        var history = _cluster.Client.GetGrain<IViewingHistoryGrain>(profile);
        await history.RecordBatchAsync(
        [
            Start(profile, "title-3"),
            Start(profile, "title-3", T0.AddMinutes(1)) with { Kind = ViewingEventKind.Stop, PositionSeconds = 1500, Completion = 0.5 },
        ]);

        await _cluster.DeactivateAsync(history);

        var resume = Assert.Single(await history.GetContinueWatchingAsync());
        Assert.Equal(("title-3", 1500.0), (resume.TitleId, resume.PositionSeconds));
        Assert.Equal(3, (await history.RecordAsync(Start(profile, "title-4", T0.AddMinutes(2)))).Sequence);
        Assert.Equal(["title-4", "title-3", "title-3"], (await history.GetPageAsync(1, 10)).Items.Select(e => e.TitleId));
    }

    static ViewingEvent Start(Guid profile, string title, DateTimeOffset? at = null) =>
        new(Guid.NewGuid(), Guid.NewGuid(), profile, ViewingEventKind.Start, title, Guid.NewGuid(), at ?? T0,
            0, 0, 0, "tv", 20, "GB", null, "edge-1");

    async Task<long> CountAsync(Guid eventId)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM viewing_events WHERE event_id = @id", connection);
        command.Parameters.AddWithValue("id", eventId);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
