using System.Runtime.CompilerServices;
using BenchmarkDotNet.Attributes;
using Marquee.Accounts;
using Marquee.Catalog;
using Marquee.Grains.Catalog;

namespace Marquee.Micro.GrainCalls;

/// <summary>
/// One grain call, awaited, one at a time (latency, not throughput), against a silo in this process. Baseline: the same
/// read as a plain async method of a plain object, so the ratio is what the grain call adds. Then a title-details
/// read (<see cref="ITitleGrain.GetAsync"/>) and an account read (<see cref="IAccountGrain.GetAsync"/>) through the
/// silo's own grain factory (the API co-hosted with its silo: embedded mode), and the title read from an external
/// client over the silo's loopback gateway (the API as a cluster client). Allocations are counted on every thread,
/// the silo's included.
/// </summary>
[MemoryDiagnoser]
public class GrainCallBenchmarks
{
    const string TitleId = "bench-title";

    BenchSilo _silo = null!;
    ITitleGrain _coHostedTitle = null!;
    IAccountGrain _coHostedAccount = null!;
    ITitleGrain _gatewayTitle = null!;
    LocalTitles _local = null!;

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    async Task SetupAsync()
    {
        _silo = await BenchSilo.StartAsync();
        var title = new TitleInfo(
            TitleId, "The Benchmark", 2026, ["Drama", "Thriller"], ["Ava Stone", "Marcus Hale"],
            "A title read many times in a row.", 13, 118, ["tense", "slow-burn"], CatalogDefaults.Artwork(TitleId, 3),
            CatalogDefaults.Ladder(2160), [], 42.0);
        await _silo.CoHosted.GetGrain<ITitleGrain>(TitleId).UpsertAsync(title);
        _coHostedTitle = _silo.CoHosted.GetGrain<ITitleGrain>(TitleId);
        _gatewayTitle = _silo.Gateway.GetGrain<ITitleGrain>(TitleId);
        _local = new LocalTitles(title);

        var accountId = Guid.NewGuid();
        _coHostedAccount = _silo.CoHosted.GetGrain<IAccountGrain>(accountId);
        await _coHostedAccount.CreateAsync(
            new NewAccount("bench@example.com", "Bench", Plan.Premium, "GB", new NewProfile("Bench", 18, false, ["Drama"])), "correct horse battery staple");

        // Activate everything before the first measurement.
        _ = await _coHostedTitle.GetAsync() ?? throw new InvalidOperationException("the title was not stored");
        _ = await _gatewayTitle.GetAsync() ?? throw new InvalidOperationException("the gateway client did not see the title");
    }

    [GlobalCleanup]
    public void Cleanup() => _silo.DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>The same read as a plain async method call: no grain, no scheduler, no copy.</summary>
    [Benchmark(Baseline = true)]
    public Task<TitleInfo?> PlainAsyncMethod() => _local.GetAsync(TitleId);

    /// <summary>Title details through the silo's own grain factory (embedded mode).</summary>
    [Benchmark]
    public Task<TitleInfo?> TitleReadCoHosted() => _coHostedTitle.GetAsync();

    /// <summary>An account read through the silo's own grain factory (embedded mode).</summary>
    [Benchmark]
    public Task<AccountInfo?> AccountReadCoHosted() => _coHostedAccount.GetAsync();

    /// <summary>Title details from an external client over the loopback gateway (cluster mode).</summary>
    [Benchmark]
    public Task<TitleInfo?> TitleReadViaGateway() => _gatewayTitle.GetAsync();

    /// <summary>A plain object holding the title, read through an async method as a grain's caller would.</summary>
    public sealed class LocalTitles(TitleInfo title)
    {
        [MethodImpl(MethodImplOptions.NoInlining)]
        public async Task<TitleInfo?> GetAsync(string titleId, CancellationToken ct = default)
        {
            ct.ThrowIfCancellationRequested();
            await Task.CompletedTask;
            return string.Equals(titleId, title.TitleId, StringComparison.Ordinal) ? title : null;
        }
    }
}
