using Marquee.Integration.Tests.Fixtures;
using Marquee.Grains.History;
using Marquee.History;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Marquee.Integration.Tests.History;

/// <summary>The PostgreSQL history store on a real server, each test on a database of its own.</summary>
public sealed class PostgresViewingEventStoreTests(PostgresServer postgres) : IAsyncLifetime
{
    static readonly DateTimeOffset T0 = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    string _connectionString = "";
    PostgresViewingEventStore _store = null!;

    public async ValueTask InitializeAsync()
    {
        _connectionString = await postgres.CreateDatabaseAsync();
        _store = NewStore(_connectionString);
    }

    public async ValueTask DisposeAsync() => await _store.DisposeAsync();

    [Fact]
    public async Task AppendAsync_WhenItReturns_TheRowIsCommitted()
    {
        var e = Event(Guid.NewGuid(), 1);

        var stored = await _store.AppendAsync([e], TestContext.Current.CancellationToken);

        // A separate connection sees only committed rows.
        Assert.Equal([true], stored);
        Assert.Equal(1, await CountAsync("event_id = @id", e.EventId));
    }

    [Fact]
    public async Task AppendAsync_200ConcurrentAppends_AreAllStoredWithFewerInserts()
    {
        var events = Enumerable.Range(0, 200).Select(_ => Event(Guid.NewGuid(), 1)).ToArray();
        await _store.EnsureSchemaAsync();
        var before = _store.BatchesWritten;

        var results = await Task.WhenAll(events.Select(e => Task.Run(() => _store.AppendAsync([e]))));

        Assert.All(results, r => Assert.Equal([true], r));
        Assert.Equal(200, await CountAsync("event_id = ANY(@id)", events.Select(e => e.EventId).ToArray()));
        var inserts = _store.BatchesWritten - before;
        Assert.InRange(inserts, 1, 199);
        TestContext.Current.SendDiagnosticMessage($"200 concurrent appends took {inserts} INSERT statements");
    }

    [Fact]
    public async Task AppendAsync_ReplayedEvent_IsStoredOnce()
    {
        var e = Event(Guid.NewGuid(), 1);

        var first = await _store.AppendAsync([e]);
        var replay = await _store.AppendAsync([e]);
        var other = Event(Guid.NewGuid(), 1);
        var twiceInOneCall = await _store.AppendAsync([other, other]);

        Assert.Equal([true], first);
        Assert.Equal([false], replay);
        Assert.Equal([true, false], twiceInOneCall);
        Assert.Equal(1, await CountAsync("event_id = @id", e.EventId));
    }

    [Fact]
    public async Task ReadNewestAsync_ReturnsEveryFieldNewestFirst_Paged()
    {
        var profile = Guid.NewGuid();
        var search = new ViewingEvent(Guid.NewGuid(), Guid.NewGuid(), profile, ViewingEventKind.Search, null, null,
            T0.AddMinutes(5), 0, 0, 0, "web", 21, "", "space opera", null, Sequence: 3);
        var oldest = Event(profile, 1, T0);
        await _store.AppendAsync([oldest, Event(profile, 2, T0.AddMinutes(10)), search]);

        var first = await _store.ReadNewestAsync(profile, 0, 2);
        var second = await _store.ReadNewestAsync(profile, 2, 2);

        Assert.Equal([2L, 3L], first.Select(e => e.Sequence));
        Assert.Equal(search, first[1]);
        Assert.Equal([oldest], second);
    }

    [Fact]
    public async Task ReadSinceAsync_AndLastSequence_FollowTheSequence()
    {
        var profile = Guid.NewGuid();
        await _store.AppendAsync([.. Enumerable.Range(1, 5).Select(i => Event(profile, i))]);

        var since = await _store.ReadSinceAsync(profile, 3, 10);

        Assert.Equal([4L, 5L], since.Select(e => e.Sequence));
        Assert.Equal(5, await _store.GetLastSequenceAsync(profile));
        Assert.Equal(0, await _store.GetLastSequenceAsync(Guid.NewGuid()));
    }

    [Fact]
    public async Task ReadLatestPerTitleAsync_ReturnsEachTitlesLatestProgress()
    {
        var profile = Guid.NewGuid();
        await _store.AppendAsync(
        [
            Event(profile, 1, T0, "a", position: 100),
            Event(profile, 2, T0.AddMinutes(1), "b", position: 50),
            Event(profile, 3, T0.AddMinutes(2), "a", position: 200),
        ]);

        var latest = await _store.ReadLatestPerTitleAsync(profile, 10);

        Assert.Equal([("a", 200.0), ("b", 50.0)], latest.Select(e => (e.TitleId!, e.PositionSeconds)));
    }

    [Fact]
    public async Task AppendAsync_WhenTheDatabaseIsUnreachable_FailsTheCaller()
    {
        var missing = new NpgsqlConnectionStringBuilder(_connectionString) { Database = "no_such_database" }.ConnectionString;
        await using var store = NewStore(missing);

        await Assert.ThrowsAsync<PostgresException>(() => store.AppendAsync([Event(Guid.NewGuid(), 1)]));
    }

    static PostgresViewingEventStore NewStore(string connectionString) =>
        new(connectionString, Options.Create(new HistoryOptions()), NullLogger<PostgresViewingEventStore>.Instance);

    static ViewingEvent Event(Guid profile, long sequence, DateTimeOffset? at = null, string title = "title-1", double position = 60) =>
        new(Guid.NewGuid(), Guid.NewGuid(), profile, ViewingEventKind.Heartbeat, title, Guid.NewGuid(), at ?? T0,
            position, 30, 0.25, "tv", 20, "GB", null, "edge-1", sequence);

    async Task<long> CountAsync(string where, object id)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT count(*) FROM viewing_events WHERE {where}", connection);
        command.Parameters.AddWithValue("id", id);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
