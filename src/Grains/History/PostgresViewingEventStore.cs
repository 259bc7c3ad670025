using System.Diagnostics;
using System.Threading.Channels;
using Marquee.History;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace Marquee.Grains.History;

/// <summary>
/// The cluster-mode history store: an append-only PostgreSQL table (<c>viewing_events</c>) with a per-silo batching
/// writer. Appends from every grain of the silo queue up; each writer takes whatever queued while it was committing
/// the previous batch (group commit: no timer, so a lone append is written at once and a burst is one INSERT) and
/// writes it with one <c>INSERT ... SELECT FROM unnest(...) ON CONFLICT (event_id) DO NOTHING RETURNING event_id</c>
/// in autocommit. A caller's task completes only after that statement has committed.
/// </summary>
/// <remarks>
/// The table is created idempotently on first use (CREATE ... IF NOT EXISTS under a transaction-scoped advisory
/// lock, so silos starting together do not race). TODO(cluster schema runner): when src/Grains/Hosting/Sql lands,
/// move History/Sql/viewing_events.sql there and drop <see cref="EnsureSchemaAsync"/>.
/// </remarks>
public sealed partial class PostgresViewingEventStore : IViewingEventStore, IAsyncDisposable
{
    const string Columns = "event_id, account_id, profile_id, kind, title_id, session_id, occurred_at, position_seconds, "
        + "seconds_watched, completion, device, local_hour, country, query, node_id, sequence";

    const string InsertSql = $"INSERT INTO viewing_events ({Columns}) "
        + "SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::smallint[], $5::text[], $6::uuid[], $7::timestamptz[], "
        + "$8::float8[], $9::float8[], $10::float8[], $11::text[], $12::smallint[], $13::text[], $14::text[], $15::text[], $16::bigint[]) "
        + "ON CONFLICT (event_id) DO NOTHING RETURNING event_id";

    // Any constant: serialises schema creation between silos starting at the same time.
    const long SchemaLockKey = 0x4D51_4849_5354;

    readonly NpgsqlDataSource _dataSource;
    readonly Channel<PendingAppend> _queue = Channel.CreateUnbounded<PendingAppend>(new UnboundedChannelOptions { SingleReader = false });
    readonly Task[] _writers;
    readonly int _maxBatchEvents;
    readonly ILogger<PostgresViewingEventStore> _logger;
    readonly Lock _schemaGate = new();
    Task? _schema;
    long _batches;
    long _eventsWritten;

    public PostgresViewingEventStore(string connectionString, IOptions<HistoryOptions> options, ILogger<PostgresViewingEventStore> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _dataSource = NpgsqlDataSource.Create(connectionString);
        _maxBatchEvents = options.Value.MaxBatchEvents;
        _logger = logger;
        _writers = [.. Enumerable.Range(0, options.Value.ConcurrentBatches).Select(_ => Task.Run(WriteLoopAsync))];
    }

    /// <summary>INSERT statements committed so far (a batch is one statement).</summary>
    public long BatchesWritten => Interlocked.Read(ref _batches);

    /// <summary>Events sent in committed batches so far (replays included).</summary>
    public long EventsWritten => Interlocked.Read(ref _eventsWritten);

    public async Task<IReadOnlyList<bool>> AppendAsync(IReadOnlyList<ViewingEvent> events, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0)
        {
            return [];
        }

        var pending = new PendingAppend(events, ct);
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(PostgresViewingEventStore), "The history store is shutting down.");
        }

        return await pending.Done.Task.ConfigureAwait(false);
    }

    public Task<IReadOnlyList<ViewingEvent>> ReadNewestAsync(Guid profileId, int skip, int take, CancellationToken ct = default) =>
        QueryAsync($"SELECT {Columns} FROM viewing_events WHERE profile_id = $1 ORDER BY occurred_at DESC, sequence DESC OFFSET $2 LIMIT $3",
            [new NpgsqlParameter<Guid> { TypedValue = profileId }, new NpgsqlParameter<int> { TypedValue = skip }, new NpgsqlParameter<int> { TypedValue = take }], ct);

    public Task<IReadOnlyList<ViewingEvent>> ReadSinceAsync(Guid profileId, long afterSequence, int take, CancellationToken ct = default) =>
        QueryAsync($"SELECT {Columns} FROM viewing_events WHERE profile_id = $1 AND sequence > $2 ORDER BY sequence LIMIT $3",
            [new NpgsqlParameter<Guid> { TypedValue = profileId }, new NpgsqlParameter<long> { TypedValue = afterSequence }, new NpgsqlParameter<int> { TypedValue = take }], ct);

    // Bounded: looks at the profile's latest 5,000 progress events only, so a long history does not make activation slow.
    public Task<IReadOnlyList<ViewingEvent>> ReadLatestPerTitleAsync(Guid profileId, int maxTitles, CancellationToken ct = default) =>
        QueryAsync(
            $"SELECT {Columns} FROM (SELECT DISTINCT ON (title_id) {Columns} FROM ("
            + $"SELECT {Columns} FROM viewing_events WHERE profile_id = $1 AND title_id IS NOT NULL AND kind = ANY($2) "
            + "ORDER BY occurred_at DESC, sequence DESC LIMIT 5000) recent "
            + "ORDER BY title_id, occurred_at DESC, sequence DESC) latest ORDER BY occurred_at DESC, sequence DESC LIMIT $3",
            [
                new NpgsqlParameter<Guid> { TypedValue = profileId },
                new NpgsqlParameter<short[]> { TypedValue = [.. Enum.GetValues<ViewingEventKind>().Where(ViewingEventKinds.CarriesProgress).Select(k => (short)k)] },
                new NpgsqlParameter<int> { TypedValue = maxTitles },
            ], ct);

    public async Task<long> GetLastSequenceAsync(Guid profileId, CancellationToken ct = default)
    {
        await EnsureSchemaAsync().WaitAsync(ct).ConfigureAwait(false);
        await using var command = _dataSource.CreateCommand("SELECT COALESCE(MAX(sequence), 0) FROM viewing_events WHERE profile_id = $1");
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = profileId });
        return (long)(await command.ExecuteScalarAsync(ct).ConfigureAwait(false))!;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await Task.WhenAll(_writers).ConfigureAwait(false);
        await _dataSource.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Creates the table and its indexes when missing; runs once per process (retried after a failure).</summary>
    public Task EnsureSchemaAsync()
    {
        lock (_schemaGate)
        {
            if (_schema is null || _schema.IsFaulted || _schema.IsCanceled)
            {
                _schema = CreateSchemaAsync();
            }

            return _schema;
        }
    }

    async Task CreateSchemaAsync()
    {
        await using var stream = typeof(PostgresViewingEventStore).Assembly.GetManifestResourceStream("Marquee.Grains.History.Sql.viewing_events.sql")
            ?? throw new InvalidOperationException("The viewing_events.sql resource is missing from the Grains assembly.");
        using var reader = new StreamReader(stream);
        var script = await reader.ReadToEndAsync().ConfigureAwait(false);

        await using var connection = await _dataSource.OpenConnectionAsync().ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync().ConfigureAwait(false);
        await using (var lockCommand = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({SchemaLockKey})", connection, transaction))
        {
            await lockCommand.ExecuteNonQueryAsync().ConfigureAwait(false);
        }

        await using (var schemaCommand = new NpgsqlCommand(script, connection, transaction))
        {
            await schemaCommand.ExecuteNonQueryAsync().ConfigureAwait(false);
        }

        await transaction.CommitAsync().ConfigureAwait(false);
        LogSchemaReady(_logger);
    }

    async Task WriteLoopAsync()
    {
        var reader = _queue.Reader;
        var batch = new List<PendingAppend>();
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            var events = 0;
            while (events < _maxBatchEvents && reader.TryRead(out var pending))
            {
                if (pending.Cancellation.IsCancellationRequested)
                {
                    pending.Done.TrySetCanceled(pending.Cancellation);
                    continue;
                }

                batch.Add(pending);
                events += pending.Events.Count;
            }

            if (batch.Count > 0)
            {
                await WriteBatchAsync(batch).ConfigureAwait(false);
                batch.Clear();
            }
        }
    }

    async Task WriteBatchAsync(List<PendingAppend> batch)
    {
        try
        {
            await EnsureSchemaAsync().ConfigureAwait(false);
            var inserted = await InsertAsync([.. batch.SelectMany(p => p.Events)]).ConfigureAwait(false);
            foreach (var pending in batch)
            {
                pending.Complete(inserted);
            }
        }
        catch (PostgresException ex) when (batch.Count > 1 && ex.SqlState.Length >= 2 && ex.SqlState[..2] is "22" or "23")
        {
            // A data error fails the whole statement: write each caller's events alone so one bad append fails only its caller.
            LogBatchSplit(_logger, batch.Count, ex.SqlState);
            foreach (var pending in batch)
            {
                try
                {
                    pending.Complete(await InsertAsync(pending.Events).ConfigureAwait(false));
                }
                catch (Exception single)
                {
                    pending.Done.TrySetException(single);
                }
            }
        }
        catch (Exception ex)
        {
            // Whatever went wrong, every caller of the batch must hear of it: a writer that threw would leave them waiting.
            LogBatchFailed(_logger, ex, batch.Sum(p => p.Events.Count));
            foreach (var pending in batch)
            {
                pending.Done.TrySetException(ex);
            }
        }
    }

    async Task<HashSet<Guid>> InsertAsync(IReadOnlyList<ViewingEvent> events)
    {
        var started = Stopwatch.GetTimestamp();
        var n = events.Count;
        var eventIds = new Guid[n];
        var accountIds = new Guid[n];
        var profileIds = new Guid[n];
        var kinds = new short[n];
        var titleIds = new string?[n];
        var sessionIds = new Guid?[n];
        var occurredAt = new DateTime[n];
        var positions = new double[n];
        var watched = new double[n];
        var completions = new double[n];
        var devices = new string[n];
        var hours = new short[n];
        var countries = new string?[n];
        var queries = new string?[n];
        var nodeIds = new string?[n];
        var sequences = new long[n];
        for (var i = 0; i < n; i++)
        {
            var e = events[i];
            eventIds[i] = e.EventId;
            accountIds[i] = e.AccountId;
            profileIds[i] = e.ProfileId;
            kinds[i] = (short)e.Kind;
            titleIds[i] = e.TitleId;
            sessionIds[i] = e.SessionId;
            occurredAt[i] = e.OccurredAt.UtcDateTime;
            positions[i] = e.PositionSeconds;
            watched[i] = e.SecondsWatched;
            completions[i] = e.Completion;
            devices[i] = e.Device;
            hours[i] = (short)e.LocalHour;
            countries[i] = string.IsNullOrEmpty(e.Country) ? null : e.Country;
            queries[i] = e.Query;
            nodeIds[i] = e.NodeId;
            sequences[i] = e.Sequence;
        }

        // Autocommit: the statement's implicit transaction has committed once its results are fully read.
        await using var command = _dataSource.CreateCommand(InsertSql);
        command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = eventIds });
        command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = accountIds });
        command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = profileIds });
        command.Parameters.Add(new NpgsqlParameter<short[]> { TypedValue = kinds });
        command.Parameters.Add(new NpgsqlParameter<string?[]> { TypedValue = titleIds, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<Guid?[]> { TypedValue = sessionIds });
        command.Parameters.Add(new NpgsqlParameter<DateTime[]> { TypedValue = occurredAt, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter<double[]> { TypedValue = positions });
        command.Parameters.Add(new NpgsqlParameter<double[]> { TypedValue = watched });
        command.Parameters.Add(new NpgsqlParameter<double[]> { TypedValue = completions });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = devices, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<short[]> { TypedValue = hours });
        command.Parameters.Add(new NpgsqlParameter<string?[]> { TypedValue = countries, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<string?[]> { TypedValue = queries, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<string?[]> { TypedValue = nodeIds, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = sequences });

        var inserted = new HashSet<Guid>();
        await using (var reader = await command.ExecuteReaderAsync().ConfigureAwait(false))
        {
            while (await reader.ReadAsync().ConfigureAwait(false))
            {
                inserted.Add(reader.GetGuid(0));
            }
        }

        Interlocked.Increment(ref _batches);
        Interlocked.Add(ref _eventsWritten, n);
        HistoryMetrics.BatchSize.Record(n);
        HistoryMetrics.EventsStored.Add(inserted.Count);
        HistoryMetrics.CommitDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return inserted;
    }

    async Task<IReadOnlyList<ViewingEvent>> QueryAsync(string sql, NpgsqlParameter[] parameters, CancellationToken ct)
    {
        await EnsureSchemaAsync().WaitAsync(ct).ConfigureAwait(false);
        await using var command = _dataSource.CreateCommand(sql);
        command.Parameters.AddRange(parameters);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var events = new List<ViewingEvent>();
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            events.Add(new ViewingEvent(
                EventId: reader.GetGuid(0),
                AccountId: reader.GetGuid(1),
                ProfileId: reader.GetGuid(2),
                Kind: (ViewingEventKind)reader.GetInt16(3),
                TitleId: reader.IsDBNull(4) ? null : reader.GetString(4),
                SessionId: reader.IsDBNull(5) ? null : reader.GetGuid(5),
                OccurredAt: new DateTimeOffset(reader.GetFieldValue<DateTime>(6), TimeSpan.Zero),
                PositionSeconds: reader.GetDouble(7),
                SecondsWatched: reader.GetDouble(8),
                Completion: reader.GetDouble(9),
                Device: reader.GetString(10),
                LocalHour: reader.GetInt16(11),
                Country: reader.IsDBNull(12) ? "" : reader.GetString(12),
                Query: reader.IsDBNull(13) ? null : reader.GetString(13),
                NodeId: reader.IsDBNull(14) ? null : reader.GetString(14),
                Sequence: reader.GetInt64(15)));
        }

        return events;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "viewing_events table ready")]
    static partial void LogSchemaReady(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A batch of {Appends} history appends hit a data error ({SqlState}); writing each append alone")]
    static partial void LogBatchSplit(ILogger logger, int appends, string sqlState);

    [LoggerMessage(Level = LogLevel.Error, Message = "Writing {Events} viewing events failed; their callers get the error")]
    static partial void LogBatchFailed(ILogger logger, Exception exception, int events);

    sealed class PendingAppend(IReadOnlyList<ViewingEvent> events, CancellationToken cancellation)
    {
        public IReadOnlyList<ViewingEvent> Events { get; } = events;

        public CancellationToken Cancellation { get; } = cancellation;

        public TaskCompletionSource<IReadOnlyList<bool>> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        // The first of two appends of one id in a batch is the one stored, so each id is taken from the set once.
        public void Complete(HashSet<Guid> inserted) =>
            Done.TrySetResult([.. Events.Select(e => inserted.Remove(e.EventId))]);
    }
}
