using System.Diagnostics;
using HdrHistogram;

namespace Marquee.Bench.Load;

/// <summary>
/// One unit of work of a scenario for one virtual user; returns how many HTTP requests it made. It calls
/// <c>record</c> with the latency (Stopwatch ticks) of each request that counts toward the scenario's latency.
/// </summary>
internal delegate Task<int> ScenarioOp(int user, Action<long> record, CancellationToken ct);

/// <summary>What one measured phase produced.</summary>
internal sealed record PhaseResult(
    string Scenario,
    string Mode,
    double Seconds,
    long Requests,
    long Errors,
    double P50Ms,
    double P99Ms,
    double P999Ms,
    double TargetRate)
{
    public double RequestsPerSecond => Requests / Seconds;

    /// <summary>CPU time the server under test spent per request in this phase (microseconds), 0 when not measured.</summary>
    public double ServerCpuMicrosPerRequest { get; init; }

    /// <summary>Managed bytes the API allocated per request in this phase (its own runtime metric); null for the bare baseline.</summary>
    public double? AllocatedBytesPerRequest { get; init; }

    /// <summary>Share of the phase's wall time the API spent in GC pauses; null for the bare baseline.</summary>
    public double? GcPauseShare { get; init; }

    /// <summary>The machine's busy and stolen shares of CPU time during the phase (/proc/stat); null off Linux.</summary>
    public MachineShares? Machine { get; init; }

    /// <summary>The baseline's requests/s in a short phase run right before this one; null for the baseline itself.</summary>
    public double? AdjacentBaselineRequestsPerSecond { get; init; }
}

/// <summary>Drives scenario operations: closed-loop at maximum throughput, or open-loop at a fixed rate.</summary>
internal static class LoadRunner
{
    /// <summary>Each of <paramref name="users"/> loops its operation back to back for the duration.</summary>
    public static async Task<PhaseResult> MaxThroughputAsync(string scenario, ScenarioOp op, int users, TimeSpan duration)
    {
        var histograms = Enumerable.Range(0, users).Select(_ => NewHistogram()).ToArray();
        var requests = new long[users];
        var errors = new long[users];
        using var stop = new CancellationTokenSource(duration);
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, users).Select(user => Task.Run(async () =>
        {
            var histogram = histograms[user];
            void Record(long ticks) => histogram.RecordValue(ticks);
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    requests[user] += await op(user, Record, CancellationToken.None);
                }
                catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or LoadException)
                {
                    ErrorSamples.Note(scenario, ex);
                    errors[user]++;
                    requests[user]++;
                }
            }
        })).ToArray();
        await Task.WhenAll(workers);
        var seconds = clock.Elapsed.TotalSeconds;
        return Summarise(scenario, "max", seconds, requests.Sum(), errors.Sum(), histograms, 0);
    }

    /// <summary>
    /// Starts operations on a fixed schedule whatever the server's pace (open loop), and measures each request from
    /// its scheduled start, so a stall shows up in the tail instead of silently lowering the rate.
    /// </summary>
    public static async Task<PhaseResult> FixedRateAsync(string scenario, ScenarioOp op, int users, double requestsPerSecond, int requestsPerOp, TimeSpan duration)
    {
        var opsPerSecond = requestsPerSecond / requestsPerOp;
        var interval = Stopwatch.Frequency / opsPerSecond;
        var histogram = NewHistogram();
        long requests = 0, errors = 0;
        var inFlight = new List<Task>();
        var userTurn = 0;
        // At most one operation in flight per member on average (members are taken in turn).
        var gate = new SemaphoreSlim(users);
        var clock = Stopwatch.StartNew();
        var end = (long)(duration.TotalSeconds * Stopwatch.Frequency);
        for (long n = 0; ; n++)
        {
            var due = (long)(n * interval);
            // The phase ends on the clock too: a server slower than the rate must not stretch the phase (the backlog
            // it could not start is simply not sent, and the achieved rate shows the shortfall).
            if (due >= end || clock.ElapsedTicks >= end)
            {
                break;
            }

            var wait = due - clock.ElapsedTicks;
            if (wait > Stopwatch.Frequency / 1000)
            {
                // Pacing an open-loop schedule: waiting for the next send time is the point of this mode.
                await Task.Delay(TimeSpan.FromTicks(wait * TimeSpan.TicksPerSecond / Stopwatch.Frequency));
            }

            var user = userTurn++ % users;
            var scheduled = due;
            var left = end - clock.ElapsedTicks;
            if (left <= 0 || !await gate.WaitAsync(TimeSpan.FromTicks(left * TimeSpan.TicksPerSecond / Stopwatch.Frequency)))
            {
                break;
            }

            inFlight.Add(Task.Run(async () =>
            {
                try
                {
                    var started = clock.ElapsedTicks;
                    var queued = Math.Max(0, started - scheduled);
                    var made = await op(user, ticks => { lock (histogram) { histogram.RecordValue(ticks + queued); } }, CancellationToken.None);
                    Interlocked.Add(ref requests, made);
                }
                catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or LoadException)
                {
                    ErrorSamples.Note(scenario, ex);
                    Interlocked.Increment(ref errors);
                    Interlocked.Increment(ref requests);
                }
                finally
                {
                    gate.Release();
                }
            }));
            if (inFlight.Count > 4096)
            {
                inFlight.RemoveAll(t => t.IsCompleted);
            }
        }

        await Task.WhenAll(inFlight);
        return Summarise(scenario, "fixed", clock.Elapsed.TotalSeconds, requests, errors, [histogram], requestsPerSecond);
    }

    static LongHistogram NewHistogram() => new(TimeStamp.Seconds(60), 3);

    static PhaseResult Summarise(string scenario, string mode, double seconds, long requests, long errors, IEnumerable<LongHistogram> parts, double target)
    {
        var all = NewHistogram();
        foreach (var part in parts)
        {
            all.Add(part);
        }

        double Ms(double percentile) => all.TotalCount == 0 ? 0 : all.GetValueAtPercentile(percentile) * 1000.0 / Stopwatch.Frequency;
        return new PhaseResult(scenario, mode, seconds, requests, errors, Ms(50), Ms(99), Ms(99.9), target);
    }
}

/// <summary>A request answered with an unexpected status: counted as an error.</summary>
internal sealed class LoadException(string message) : Exception(message);

/// <summary>The first few distinct errors of each scenario, printed after the run so an error count can be explained.</summary>
internal static class ErrorSamples
{
    const int PerScenario = 3;
    static readonly System.Collections.Concurrent.ConcurrentDictionary<string, System.Collections.Concurrent.ConcurrentDictionary<string, int>> Seen = new();

    public static void Note(string scenario, Exception error)
    {
        var samples = Seen.GetOrAdd(scenario, _ => new());
        var text = $"{error.GetType().Name}: {error.Message}";
        if (samples.Count < PerScenario || samples.ContainsKey(text))
        {
            samples.AddOrUpdate(text, 1, (_, n) => n + 1);
        }
    }

    public static IEnumerable<string> Lines() =>
        Seen.OrderBy(s => s.Key, StringComparer.Ordinal)
            .SelectMany(s => s.Value.Select(e => $"  {s.Key}: {e.Value} x {e.Key}"));
}
