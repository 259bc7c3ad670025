using System.Diagnostics;
using System.Globalization;
using Marquee.Api.Gateway;
using Marquee.Catalog;
using Marquee.Grains.Catalog;
using Marquee.Micro.Gateway;

namespace Marquee.Micro.GrainCalls;

/// <summary>
/// Grain-call throughput, the figure Orleans publishes for its hosted client (messages per second; a call is two
/// messages, request and response): many callers at once, each awaiting a title read before its next, for a fixed
/// time, through the silo's own grain factory (the API co-hosted in the silo: embedded mode) and then through an
/// external client over the loopback gateway (cluster mode). Reported per wall-second and per CPU-second of this
/// process, which holds the silo, the client and the callers (on a shared machine, CPU time counts only ours).
/// A third phase makes the co-hosted calls through the API's resilience pipeline (<see cref="DependencyResilience"/>
/// as the API registers it), as every route's grain calls go: the difference to the first phase is what the
/// pipeline adds to a real grain call when many are in flight.
/// </summary>
public static class GrainCallThroughputProbe
{
    const int Titles = 100;

    static long s_refused;

    public static void Run(TimeSpan duration, int callers) => RunAsync(duration, callers).GetAwaiter().GetResult();

    static async Task RunAsync(TimeSpan duration, int callers)
    {
        await using var silo = await BenchSilo.StartAsync();
        var ids = Enumerable.Range(0, Titles).Select(i => string.Create(CultureInfo.InvariantCulture, $"probe-{i}")).ToArray();
        foreach (var id in ids)
        {
            await silo.CoHosted.GetGrain<ITitleGrain>(id).UpsertAsync(new TitleInfo(
                id, "Probe", 2026, ["Drama"], ["Ava Stone"], "A title read many times at once.", 13, 118, ["tense"],
                CatalogDefaults.Artwork(id, 1), CatalogDefaults.Ladder(1080), [], 1.0));
        }

        Console.WriteLine($"{callers} callers over {Titles} title grains, {duration.TotalSeconds:0} s each (after a warm-up of the same length)");
        await MeasureAsync("co-hosted", silo.CoHosted, ids, callers, duration, resilience: null);
        await MeasureAsync("gateway", silo.Gateway, ids, callers, duration, resilience: null);
        var (services, resilience) = ApiResilience.Build();
        await using (services)
        {
            await MeasureAsync("resilient", silo.CoHosted, ids, callers, duration, resilience);
        }
    }

    static async Task MeasureAsync(string name, IGrainFactory grains, string[] ids, int callers, TimeSpan duration, DependencyResilience? resilience)
    {
        var refs = ids.Select(id => grains.GetGrain<ITitleGrain>(id)).ToArray();
        _ = await RunCallersAsync(refs, callers, duration, resilience); // warm-up: activations, JIT tiers

        var process = Process.GetCurrentProcess();
        process.Refresh();
        var cpuBefore = process.TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        Interlocked.Exchange(ref s_refused, 0);
        var calls = await RunCallersAsync(refs, callers, duration, resilience);
        wall.Stop();
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpuBefore;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name,-10} {calls,12:N0} calls: {calls / wall.Elapsed.TotalSeconds,10:N0} calls/s ({2 * calls / wall.Elapsed.TotalSeconds,10:N0} messages/s), {calls / cpu.TotalSeconds,10:N0} calls per CPU-second ({cpu.TotalMicroseconds / calls:0.0} us CPU each)"));
        if (Interlocked.Read(ref s_refused) is > 0 and var refused)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"",-10} {refused:N0} calls refused by the pipeline (timeout, bulkhead or open breaker): not counted above"));
        }
    }

    static async Task<long> RunCallersAsync(ITitleGrain[] refs, int callers, TimeSpan duration, DependencyResilience? resilience)
    {
        using var stop = new CancellationTokenSource(duration);
        var counts = await Task.WhenAll(Enumerable.Range(0, callers).Select(async caller =>
        {
            await Task.Yield();
            long done = 0;
            var next = caller;
            while (!stop.IsCancellationRequested)
            {
                var grain = refs[next % refs.Length];
                if (resilience is null)
                {
                    _ = await grain.GetAsync();
                }
                else
                {
                    try
                    {
                        _ = await resilience.ExecuteAsync(Dependency.Catalog, grain, static (g, ct) => g.GetAsync(ct), CancellationToken.None);
                    }
                    catch (DependencyUnavailableException)
                    {
                        // A stalled machine can make a call time out (or open the breaker): counted, not a call done.
                        Interlocked.Increment(ref s_refused);
                        continue;
                    }
                }

                next += callers;
                done++;
            }

            return done;
        }));
        return counts.Sum();
    }
}
