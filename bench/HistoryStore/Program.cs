using System.Diagnostics;
using System.Globalization;
using System.Text;
using Marquee.Bench.HistoryStore;
using Marquee.Grains.History;
using Marquee.History;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

// bench/HistoryStore: appends viewing events through PostgresViewingEventStore at several concurrencies, batched
// (group commit) and unbatched (one INSERT per append), on a throwaway PostgreSQL with default durability
// (fsync and synchronous_commit on), or on the server given with --postgres.
//   dotnet run -c Release --project bench/HistoryStore -- [--events 20000] [--concurrency 1,16,200] [--postgres "<connection string>"]
var events = IntArg("--events", 20_000);
var concurrencies = StringArg("--concurrency", "1,16,200").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
var connectionString = StringArg("--postgres", "");

await using var server = connectionString.Length == 0 ? await ThrowawayPostgres.StartAsync() : null;
connectionString = server?.ConnectionString ?? connectionString;

var report = new StringBuilder();
report.AppendLine(CultureInfo.InvariantCulture, $"History store run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC: {Environment.ProcessorCount} cores, {events} events per row, PostgreSQL {(server is null ? "given" : "throwaway, fsync on, synchronous_commit on")}.");
report.AppendLine();
report.AppendLine("| mode | concurrent appenders | events/s | INSERTs | events per INSERT | p50 ms | p99 ms |");
report.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
Console.Write(report);

foreach (var concurrency in concurrencies)
{
    foreach (var (mode, options) in new[]
    {
        ("batched", new HistoryOptions { MaxBatchEvents = 500, ConcurrentBatches = 2 }),
        ("unbatched", new HistoryOptions { MaxBatchEvents = 1, ConcurrentBatches = Math.Min(concurrency, 16) }),
    })
    {
        var line = await RunAsync(mode, options, concurrency);
        report.AppendLine(line);
        Console.WriteLine(line);
    }
}

var results = Path.Combine(AppContext.BaseDirectory, "../../../../results");
Directory.CreateDirectory(results);
var file = Path.GetFullPath(Path.Combine(results, $"history-store-{DateTime.UtcNow:yyyyMMdd-HHmmss}.md"));
await File.WriteAllTextAsync(file, report.ToString());
Console.WriteLine($"written {file}");
return 0;

async Task<string> RunAsync(string mode, HistoryOptions options, int concurrency)
{
    await using var store = new PostgresViewingEventStore(connectionString, Options.Create(options), NullLogger<PostgresViewingEventStore>.Instance);
    await store.EnsureSchemaAsync();
    await using (var truncate = new NpgsqlConnection(connectionString))
    {
        await truncate.OpenAsync();
        await using var command = new NpgsqlCommand("TRUNCATE viewing_events", truncate);
        await command.ExecuteNonQueryAsync();
    }

    // Warm the pool and the JIT outside the measurement.
    await Task.WhenAll(Enumerable.Range(0, Math.Min(concurrency, 16)).Select(_ => store.AppendAsync([NewEvent(Guid.NewGuid(), 0)])));
    var batchesBefore = store.BatchesWritten;

    var perAppender = events / concurrency;
    var latencies = new double[perAppender * concurrency];
    var clock = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, concurrency).Select(a => Task.Run(async () =>
    {
        var profile = Guid.NewGuid();
        for (var i = 0; i < perAppender; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await store.AppendAsync([NewEvent(profile, i + 1)]);
            latencies[(a * perAppender) + i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }
    })));
    clock.Stop();

    var batches = store.BatchesWritten - batchesBefore;
    Array.Sort(latencies);
    var total = latencies.Length;
    return string.Create(CultureInfo.InvariantCulture,
        $"| {mode} | {concurrency} | {total / clock.Elapsed.TotalSeconds:F0} | {batches} | {(double)total / batches:F1} | {latencies[total / 2]:F2} | {latencies[Math.Min(total - 1, total * 99 / 100)]:F2} |");
}

static ViewingEvent NewEvent(Guid profile, long sequence) => new(
    Guid.NewGuid(), Guid.NewGuid(), profile, ViewingEventKind.Heartbeat, "title-0001", Guid.NewGuid(), DateTimeOffset.UtcNow,
    PositionSeconds: sequence * 30, SecondsWatched: 30, Completion: 0.1, Device: "tv", LocalHour: 20, Country: "GB",
    Query: null, NodeId: "edge-lon-1", sequence);

int IntArg(string name, int fallback) => int.Parse(StringArg(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

string StringArg(string name, string fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}
