using System.Runtime.CompilerServices;
using BenchmarkDotNet.Attributes;
using Marquee.Api.Gateway;
using Microsoft.Extensions.DependencyInjection;

namespace Marquee.Micro.Gateway;

/// <summary>
/// What a dependency call's resilience pipeline costs on its own: the API's <see cref="DependencyResilience"/> as the
/// API registers it (Polly v8 through its registry with telemetry: bulkhead, circuit breaker, timeout) around an
/// asynchronous call that yields once, as a grain call completes on another turn; baseline: the same call awaited
/// directly. The difference is per call, on top of the call itself.
/// </summary>
[MemoryDiagnoser]
public class ResilienceBenchmarks
{
    ServiceProvider _services = null!;
    DependencyResilience _resilience = null!;

    [GlobalSetup]
    public void Setup() => (_services, _resilience) = ApiResilience.Build();

    [GlobalCleanup]
    public void Cleanup() => _services.Dispose();


    /// <summary>The call alone.</summary>
    [Benchmark(Baseline = true)]
    public Task<int> CallDirectly() => AnswerAsync(7, CancellationToken.None);

    /// <summary>The same call through the Accounts pipeline, as <c>resilience.ExecuteAsync(Dependency.Accounts, ...)</c> on every route.</summary>
    [Benchmark]
    public ValueTask<int> CallThroughPipeline() =>
        _resilience.ExecuteAsync(Dependency.Accounts, 7, static (state, ct) => AnswerAsync(state, ct), CancellationToken.None);

    [MethodImpl(MethodImplOptions.NoInlining)]
    static async Task<int> AnswerAsync(int value, CancellationToken ct)
    {
        await Task.Yield();
        ct.ThrowIfCancellationRequested();
        return value;
    }
}
