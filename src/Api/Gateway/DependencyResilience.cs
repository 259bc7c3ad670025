using System.Runtime.ExceptionServices;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.RateLimiting;
using Polly.Registry;
using Polly.Timeout;

namespace Marquee.Api.Gateway;

/// <summary>
/// The one way endpoints call into the cluster: <c>await resilience.ExecuteAsync(Dependency.Catalog, ct =&gt; grain.GetAsync(ct), ct)</c>.
/// Each dependency's pipeline (bulkhead, circuit breaker, timeout; chaos inside it while switched on) is a singleton built once; a failed call becomes
/// a <see cref="DependencyUnavailableException"/> (503 with Retry-After), or the caller's fallback when it gave one.
/// </summary>
/// <remarks>
/// The pipeline runs through <c>ExecuteOutcomeAsync</c> with a pooled context: an open breaker or a full bulkhead costs no
/// throw inside Polly, and a call with a fallback never throws at all. The state overloads avoid a closure per call.
/// </remarks>
public sealed class DependencyResilience
{
    readonly ResiliencePipeline[] _pipelines;
    readonly ResiliencePipeline[] _chaos;
    readonly ResilienceSettings _settings;
    readonly GatewayMetrics _metrics;

    public DependencyResilience(
        ResiliencePipelineProvider<Dependency> pipelines, ResiliencePipelineProvider<ChaosOf> chaos, ResilienceSettings settings, GatewayMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(pipelines);
        ArgumentNullException.ThrowIfNull(chaos);
        _pipelines = [.. Dependencies.All.Select(pipelines.GetPipeline)];
        _chaos = [.. Dependencies.All.Select(d => chaos.GetPipeline(new ChaosOf(d)))];
        _settings = settings;
        _metrics = metrics;
    }

    /// <summary>The state of the dependency's circuit breaker.</summary>
    public CircuitState CircuitState(Dependency dependency) => _settings.Circuit(dependency).CircuitState;

    /// <summary>Calls the dependency; throws <see cref="DependencyUnavailableException"/> when it cannot answer.</summary>
    public ValueTask<T> ExecuteAsync<T>(Dependency dependency, Func<CancellationToken, Task<T>> call, CancellationToken ct = default) =>
        ExecuteAsync(dependency, call, static (call, token) => call(token), ct);

    /// <summary>Calls the dependency with a state (no closure); throws <see cref="DependencyUnavailableException"/> when it cannot answer.</summary>
    public ValueTask<T> ExecuteAsync<TState, T>(Dependency dependency, TState state, Func<TState, CancellationToken, Task<T>> call, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(call);
        return ExecuteCoreAsync(dependency, state, call, fallback: null, ct);
    }

    /// <summary>Calls the dependency for its effect; throws <see cref="DependencyUnavailableException"/> when it cannot answer.</summary>
    public async ValueTask ExecuteAsync(Dependency dependency, Func<CancellationToken, Task> call, CancellationToken ct = default) =>
        await ExecuteAsync(dependency, call, static async (call, token) =>
        {
            await call(token).ConfigureAwait(false);
            return true;
        }, ct).ConfigureAwait(false);

    /// <summary>Calls the dependency, or answers with the fallback when it cannot (open breaker, full bulkhead, timeout, fault).</summary>
    /// <remarks>Exceptions that are not dependency failures (the grain's own errors, the caller cancelling) still propagate.</remarks>
    public ValueTask<T> ExecuteOrFallbackAsync<T>(Dependency dependency, Func<CancellationToken, Task<T>> call,
        Func<DependencyFailure, CancellationToken, ValueTask<T>> fallback, CancellationToken ct = default) =>
        ExecuteOrFallbackAsync(dependency, (call, fallback), static (s, token) => s.call(token), static (s, failure, token) => s.fallback(failure, token), ct);

    /// <summary>The state overload of <see cref="ExecuteOrFallbackAsync{T}(Dependency, Func{CancellationToken, Task{T}}, Func{DependencyFailure, CancellationToken, ValueTask{T}}, CancellationToken)"/>.</summary>
    public ValueTask<T> ExecuteOrFallbackAsync<TState, T>(Dependency dependency, TState state, Func<TState, CancellationToken, Task<T>> call,
        Func<TState, DependencyFailure, CancellationToken, ValueTask<T>> fallback, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(fallback);
        return ExecuteCoreAsync(dependency, state, call, fallback, ct);
    }

    /// <summary>
    /// The one async layer of ours above Polly's: runs the pipeline with a pooled context and gives it back, then answers,
    /// falls back (when given a fallback and the failure is the dependency's), or throws.
    /// </summary>
    async ValueTask<T> ExecuteCoreAsync<TState, T>(Dependency dependency, TState state, Func<TState, CancellationToken, Task<T>> call,
        Func<TState, DependencyFailure, CancellationToken, ValueTask<T>>? fallback, CancellationToken ct)
    {
        var context = ResilienceContextPool.Shared.Get(ct);
        Outcome<T> outcome;
        try
        {
            outcome = await Run(dependency, context, state, call).ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }

        if (outcome.Exception is not { } exception)
        {
            return outcome.Result!;
        }

        if (fallback is null)
        {
            throw Unavailable(dependency, exception, ct);
        }

        if (ct.IsCancellationRequested || DependencyFailures.Classify(exception) is not { } reason)
        {
            ExceptionDispatchInfo.Throw(exception);
            throw exception; // unreachable
        }

        _metrics.Fallback(Dependencies.Name(dependency), Dependencies.Name(reason));
        return await fallback(state, new DependencyFailure(dependency, reason, exception), ct).ConfigureAwait(false);
    }

    // Not async: ExecuteCoreAsync awaits it, so a call has one async layer of ours above Polly's.
    // The state goes down as one small object: each of Polly's async layers copies its state into its own state machine,
    // and a tuple of the caller's state, the call and the chaos pipeline made every one of those boxes larger.
    ValueTask<Outcome<T>> Run<TState, T>(Dependency dependency, ResilienceContext context, TState state, Func<TState, CancellationToken, Task<T>> call)
    {
        // Chaos, when switched on for the dependency, runs inside the timeout and the breaker, as the dependency would.
        var chaos = _settings.Get(dependency).Chaos.Enabled ? _chaos[(int)dependency] : null;
        return _pipelines[(int)dependency].ExecuteOutcomeAsync(
            static (context, s) => s.Chaos is null
                ? CallAsync(context, s.State, s.Call)
                : s.Chaos.ExecuteOutcomeAsync(static (context, s) => CallAsync(context, s.State, s.Call), context, s),
            context,
            new PendingCall<TState, T>(state, call, chaos));
    }

    sealed record PendingCall<TState, T>(TState State, Func<TState, CancellationToken, Task<T>> Call, ResiliencePipeline? Chaos);

    static async ValueTask<Outcome<T>> CallAsync<TState, T>(ResilienceContext context, TState state, Func<TState, CancellationToken, Task<T>> call)
    {
        try
        {
            return Outcome.FromResult(await call(state, context.CancellationToken).ConfigureAwait(false));
        }
#pragma warning disable CA1031 // Every failure of the call is its outcome: the pipeline and the caller decide what it means.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            return Outcome.FromException<T>(exception);
        }
    }

    Exception Unavailable(Dependency dependency, Exception exception, CancellationToken ct)
    {
        if (ct.IsCancellationRequested || DependencyFailures.Classify(exception) is not { } reason)
        {
            ExceptionDispatchInfo.Throw(exception);
            return exception; // unreachable
        }

        var retryAfter = exception switch
        {
            BrokenCircuitException { RetryAfter: { } remaining } => remaining,
            BrokenCircuitException => _settings.Get(dependency).BreakDuration,
            RateLimiterRejectedException { RetryAfter: { } wait } => wait,
            RateLimiterRejectedException => TimeSpan.FromSeconds(1),
            _ => _settings.Get(dependency).RetryAfter,
        };
        _metrics.Unavailable(Dependencies.Name(dependency), Dependencies.Name(reason));
        return new DependencyUnavailableException(dependency, reason, retryAfter, exception);
    }
}

/// <summary>Which exceptions mean "the dependency cannot answer" (they count against the breaker and take the fallback).</summary>
/// <remarks>A grain's own exceptions (validation, not found, conflicts) are answers, not outages: they never open a breaker.</remarks>
public static class DependencyFailures
{
    /// <summary>The failure's reason, or null when the exception is not a dependency failure.</summary>
    public static DependencyFailureReason? Classify(Exception exception) => exception switch
    {
        BrokenCircuitException => DependencyFailureReason.CircuitOpen,
        RateLimiterRejectedException => DependencyFailureReason.Saturated,
        TimeoutRejectedException or TimeoutException => DependencyFailureReason.Timeout,
        _ when IsTransient(exception) => DependencyFailureReason.Failed,
        _ => null,
    };

    /// <summary>
    /// True for a timeout, an injected fault, the cluster failing to carry the call, or the database behind the grain
    /// failing: a <see cref="System.Data.Common.DbException"/> (PostgreSQL down or refusing), as the grain passes it on
    /// or inside the <see cref="OrleansException"/> a storage provider wraps it in.
    /// </summary>
    public static bool IsTransient(Exception exception) => exception is
        TimeoutRejectedException or TimeoutException or InjectedFaultException
        or SiloUnavailableException or OrleansMessageRejectionException or GatewayTooBusyException
        or ClientNotAvailableException or OrleansLifecycleCanceledException
        or Orleans.Runtime.Messaging.ConnectionFailedException or Orleans.Networking.Shared.SocketConnectionException
        || IsDatabaseFailure(exception);

    static bool IsDatabaseFailure(Exception exception)
    {
        for (var (e, depth) = (exception, 0); e is not null && depth < 4; (e, depth) = (e.InnerException, depth + 1))
        {
            if (e is System.Data.Common.DbException)
            {
                return true;
            }

            if (e is not OrleansException)
            {
                return false;
            }
        }

        return false;
    }
}

/// <summary>The current options and breaker state of every dependency, read on the hot path without a dictionary lookup.</summary>
public sealed class ResilienceSettings : IDisposable
{
    readonly DependencyOptions[] _current;
    readonly CircuitBreakerStateProvider[] _circuits;
    readonly IDisposable? _subscription;

    public ResilienceSettings(IOptionsMonitor<DependencyOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _current = [.. Dependencies.All.Select(d => options.Get(Dependencies.Name(d)))];
        _circuits = [.. Dependencies.All.Select(_ => new CircuitBreakerStateProvider())];
        _subscription = options.OnChange((value, name) =>
        {
            if (Enum.TryParse<Dependency>(name, out var dependency))
            {
                Volatile.Write(ref _current[(int)dependency], value);
            }
        });
    }

    /// <summary>The dependency's options as configured now.</summary>
    public DependencyOptions Get(Dependency dependency) => Volatile.Read(ref _current[(int)dependency]);

    /// <summary>The breaker state of the dependency's pipeline.</summary>
    public CircuitBreakerStateProvider Circuit(Dependency dependency) => _circuits[(int)dependency];

    public void Dispose() => _subscription?.Dispose();
}
