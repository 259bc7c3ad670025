using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;
using Marquee.Accounts;
using Marquee.Catalog;
using Marquee.Edge;
using Marquee.Grains.Accounts;
using Marquee.Grains.Catalog;
using Marquee.Grains.Hosting;
using Marquee.Grains.Playback;
using Marquee.Hosting;
using Marquee.Playback;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Storage;
using static Marquee.Bench.ReportFiles;

namespace Marquee.Bench.Memory;

/// <summary>
/// One run: an in-process silo (memory storage), then N account grains (state loaded from storage), N stream-slot
/// grains (the accounts' playback slots, empty) and N started playback sessions (each holding a lease in its
/// account's slot grain), a full blocking GC before and after each phase; then every idle activation is collected
/// and the heap measured again.
/// </summary>
internal static class ActivationMemory
{
    internal const int WarmupCount = 500;

    public static async Task<int> RunAsync(MemoryOptions options)
    {
        Console.WriteLine($"Marquee memory per activation: N = {options.Count:N0} per grain type, {options.Concurrency} calls in flight");
        Console.WriteLine($"  machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}, " +
            $"{(GCSettings.IsServerGC ? "server" : "workstation")} GC{(Debugger.IsAttached ? ", debugger attached" : "")}");
        var total = Stopwatch.StartNew();

        var sink = new DiscardingViewingEventSink();
        using var host = await StartSiloAsync(sink);
        var grains = host.Services.GetRequiredService<IGrainFactory>();
        var management = grains.GetGrain<IManagementGrain>(0);
        var storage = host.Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Default);
        // One real hash for every stored account: hashing is deliberately slow, and the activation reads its own
        // copy of the string from storage anyway (memory storage keeps serialized bytes).
        var passwordHash = host.Services.GetRequiredService<AccountPasswords>().Hash("correct horse battery staple");
        var workload = new Workload(grains, storage, passwordHash, options.Concurrency);

        // Warm-up on ids of their own: JIT, first-use statics and pools are then part of the baseline, not of N.
        Console.WriteLine($"  warm-up: {WarmupCount} of each");
        await workload.RunAllAsync(Ids(WarmupCount));

        var accounts = Ids(options.Count);
        var members = Ids(options.Count);
        var sessions = Ids(options.Count);
        // Stored before the baseline: what storage holds is not activation memory.
        await workload.StoreAccountsAsync(accounts);

        var phases = new List<Phase>();
        var heap = FullGcHeap();
        var baseline = heap;
        var activations = await CountAsync(management);
        Console.WriteLine($"  baseline: heap {Mb(heap)}, {activations.Total:N0} activations");

        async Task MeasureAsync(string name, string grainClass, string note, Func<Task> phase)
        {
            var clock = Stopwatch.StartNew();
            await phase();
            var elapsed = clock.Elapsed;
            var after = FullGcHeap();
            var counts = await CountAsync(management);
            var result = new Phase(name, grainClass, options.Count, heap, after, counts.Of(grainClass), counts.Total, elapsed, note);
            phases.Add(result);
            Console.WriteLine($"  {name}: {result.BytesPerActivation:N0} B per activation ({Mb(after - heap)} for {options.Count:N0}), " +
                $"{result.ActivationsOfType:N0} {grainClass} activations, {elapsed.TotalSeconds:F1} s");
            heap = after;
        }

        await MeasureAsync("account", nameof(AccountGrain), "GetAsync: activation + state read from memory storage (1 profile)",
            () => workload.ReadAccountsAsync(accounts));
        await MeasureAsync("stream slots", nameof(StreamSlotGrain), "GetActiveAsync on each member's slot grain (no lease yet)",
            () => workload.ReadSlotsAsync(members));
        await MeasureAsync("playback session", nameof(PlaybackSessionGrain), "StartAsync: lease in its member's slot grain, steering, manifest, expiry timer",
            () => workload.StartSessionsAsync(sessions, members));

        var peak = heap;
        var active = await CountAsync(management);
        Console.WriteLine($"  idle collection: waiting {options.IdleAge.TotalSeconds:F0} s, then collecting activations idle that long");
        var collection = Stopwatch.StartNew();
        await Task.Delay(options.IdleAge + TimeSpan.FromSeconds(1));
        await management.ForceActivationCollection(options.IdleAge);
        var remaining = await WaitForCollectionAsync(management, active.Total, options.DeactivationTimeout);
        var afterIdle = FullGcHeap();
        Console.WriteLine($"  after idle collection: heap {Mb(afterIdle)}, {remaining.Total:N0} activations left, {collection.Elapsed.TotalSeconds:F1} s");

        var run = new RunResult(
            DateTimeOffset.UtcNow, Environment.ProcessorCount, RuntimeInformation.FrameworkDescription, GCSettings.IsServerGC, options.Count,
            baseline, peak, afterIdle, active, remaining,
            sink.Events, phases, total.Elapsed);
        var report = Report.Build(run, options);
        Console.WriteLine($"written: {await ReportFiles.WriteAsync(options.OutputDirectory, "memory", run.At, report.Markdown, report.Json)}");
        if (options.Hold > TimeSpan.Zero)
        {
            // Time to take a heap dump of what is left (dotnet-gcdump collect -p <pid>).
            Console.WriteLine($"holding for {options.Hold.TotalSeconds:F0} s: process {Environment.ProcessId}");
            await Task.Delay(options.Hold);
        }

        await host.StopAsync();
        return 0;
    }

    static Guid[] Ids(int count) => [.. Enumerable.Range(0, count).Select(_ => Guid.NewGuid())];

    static async Task<IHost> StartSiloAsync(DiscardingViewingEventSink sink)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = Environments.Production });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Orleans:Mode"] = "Embedded",
            // Sessions must not expire while the run is still starting others (the longest TTL the options allow).
            ["Playback:SessionTtl"] = "01:00:00",
        });
        // Orleans itself logs errors only: the run's forced full collections stall its work items past the 1 s it
        // warns about, and its watchdog warns once at start about the time since the process began.
        builder.Logging.SetMinimumLevel(LogLevel.Warning).AddFilter("Orleans", LogLevel.Error).AddConsole();
        builder.Services.AddSingleton<IViewingEventSink>(sink);
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(FreePort.Next(), FreePort.Next());
            silo.UseMemoryPersistence();
            silo.AddMarqueeGrains(builder.Configuration);
        });
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    /// <summary>Live managed bytes after full blocking collections (finalizers run in between).</summary>
    static long FullGcHeap()
    {
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    static async Task<ActivationCounts> CountAsync(IManagementGrain management)
    {
        var stats = await management.GetSimpleGrainStatistics();
        return new ActivationCounts(stats.GroupBy(s => s.GrainType).ToDictionary(g => g.Key, g => g.Sum(s => s.ActivationCount)));
    }

    /// <summary>Deactivations run in the background: waits until the count stops falling (or the timeout).</summary>
    static async Task<ActivationCounts> WaitForCollectionAsync(IManagementGrain management, int before, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        var counts = await CountAsync(management);
        var stable = 0;
        while (clock.Elapsed < timeout && stable < 3)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            var next = await CountAsync(management);
            stable = next.Total < counts.Total ? 0 : stable + 1;
            counts = next;
        }

        if (counts.Total > before / 10)
        {
            Console.WriteLine($"  warning: {counts.Total:N0} of {before:N0} activations still active after {clock.Elapsed.TotalSeconds:F0} s");
        }

        return counts;
    }

    /// <summary>The calls of each phase, with a bound on the calls in flight.</summary>
    sealed class Workload(IGrainFactory grains, IGrainStorage storage, string passwordHash, int concurrency)
    {
        static readonly IReadOnlyList<Rendition> Ladder = CatalogDefaults.Ladder(2160);
        static readonly string[] Titles = [.. Enumerable.Range(1, 120).Select(i => $"{DemoCatalog.IdPrefix}{i:D3}")];

        ParallelOptions Parallelism => new() { MaxDegreeOfParallelism = concurrency };

        public async Task RunAllAsync(Guid[] ids)
        {
            await StoreAccountsAsync(ids);
            await ReadAccountsAsync(ids);
            var members = Ids(ids.Length);
            await ReadSlotsAsync(members);
            await StartSessionsAsync(ids, members);
        }

        public Task StoreAccountsAsync(Guid[] ids) => Parallel.ForEachAsync(ids, Parallelism, async (id, _) =>
        {
            var state = new AccountState
            {
                Exists = true,
                Email = $"member-{id:N}@example.com",
                DisplayName = "Member " + id.ToString("N")[..8],
                Plan = Plan.Standard,
                Country = "GB",
                BillingState = BillingState.Active,
                Roles = [Roles.Member],
                Profiles = [new ProfileInfo(Guid.NewGuid(), "Main", MaturityRatings.Adult, false, ["Drama", "Comedy"])],
                CreatedAt = DateTimeOffset.UtcNow,
                PasswordHash = passwordHash,
            };
            await storage.WriteStateAsync("account", grains.GetGrain<IAccountGrain>(id).GetGrainId(), new GrainState<AccountState>(state));
        });

        public Task ReadAccountsAsync(Guid[] ids) => Parallel.ForEachAsync(ids, Parallelism, async (id, ct) =>
        {
            _ = await grains.GetGrain<IAccountGrain>(id).GetAsync(ct)
                ?? throw new InvalidOperationException($"account {id} did not load its stored state");
        });

        public Task ReadSlotsAsync(Guid[] members) => Parallel.ForEachAsync(members, Parallelism, async (id, ct) =>
            await grains.GetGrain<IStreamSlotGrain>(id).GetActiveAsync(ct));

        public Task StartSessionsAsync(Guid[] sessions, Guid[] members) => Parallel.ForEachAsync(Enumerable.Range(0, sessions.Length), Parallelism, async (i, ct) =>
        {
            var result = await grains.GetGrain<IPlaybackSessionGrain>(sessions[i]).StartAsync(Start(members[i], i), ct);
            if (result.Outcome != PlaybackOutcome.Ok)
            {
                throw new InvalidOperationException($"session {sessions[i]} did not start: {result.Outcome}");
            }
        });

        /// <summary>What the API hands a session: built per request, as the API does (own lists, own steering answer).</summary>
        static PlaybackStart Start(Guid member, int i)
        {
            var device = (PlaybackDevice)(i % 3);
            var renditions = HlsManifest.Cap(Ladder, DeviceLimits.MaxHeight(device));
            var region = $"eu-west-{i % 3}";
            var steering = new SteeringDecision(region,
            [
                new SteeredNode($"edge-{region}-{i % 20:D2}", $"https://edge-{region}-{i % 20:D2}.cdn.example", region, SteeringTier.RegionEdge, 12.5, 41, "holds the title, nearest with headroom"),
                new SteeredNode($"edge-{region}-{(i + 7) % 20:D2}", $"https://edge-{region}-{(i + 7) % 20:D2}.cdn.example", region, SteeringTier.RegionEdge, 48.0, 55, "holds the title"),
                new SteeredNode("origin", "https://origin.example", region, SteeringTier.Origin, 0, 0, "origin: last resort"),
            ], []);
            return new PlaybackStart(
                member, Guid.NewGuid(), Titles[i % Titles.Length], device, "GB", PlanLimits.MaxStreams(Plan.Standard),
                renditions.Max(r => r.Height), renditions, 5_400, new GeoPoint(51.5 + (i % 100 * 0.01), -0.12), region, steering);
        }
    }
}

/// <summary>Activations per grain type (the management grain's names; a grain class is matched by its simple name).</summary>
internal sealed record ActivationCounts(IReadOnlyDictionary<string, int> ByType)
{
    public int Total => ByType.Values.Sum();

    /// <summary>Activations of a grain class; the management grain names types "Namespace.Class,Assembly".</summary>
    public int Of(string grainClass) =>
        ByType.Where(p => p.Key.Split(',')[0].EndsWith("." + grainClass, StringComparison.Ordinal)).Sum(p => p.Value);
}

/// <summary>One activation phase: heap before and after, and what it activated.</summary>
internal sealed record Phase(
    string Name, string GrainClass, int Count, long HeapBefore, long HeapAfter, int ActivationsOfType, int ActivationsTotal, TimeSpan Elapsed, string Note)
{
    public long BytesPerActivation => (HeapAfter - HeapBefore) / Count;
}

/// <summary>The whole run.</summary>
internal sealed record RunResult(
    DateTimeOffset At, int Cores, string Framework, bool ServerGc, int Count, long HeapBaseline, long HeapPeak, long HeapAfterIdle,
    ActivationCounts ActivationsPeak, ActivationCounts ActivationsAfterIdle, long ViewingEventsDropped,
    IReadOnlyList<Phase> Phases, TimeSpan Elapsed);
