using Microsoft.Extensions.Options;

namespace Marquee.Api.Gateway;

/// <summary>
/// A global budget of concurrent requests where each priority may use only its share: when the API is saturated,
/// non-critical routes are refused first, then degraded ones, and critical ones (playback start) last.
/// </summary>
/// <remarks>
/// One interlocked counter: admission is a compare-and-swap against the priority's ceiling, so the hot path takes no
/// lock and allocates nothing. Ops routes never come here.
/// </remarks>
public sealed class LoadShedder : IDisposable
{
    readonly IDisposable? _subscription;
    volatile Limits _limits;
    int _inFlight;

    public LoadShedder(IOptionsMonitor<LoadSheddingOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _limits = new Limits(options.CurrentValue);
        _subscription = options.OnChange(o => _limits = new Limits(o));
    }

    /// <summary>Requests admitted and not yet finished.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Priority of routes that declare none.</summary>
    public RoutePriority DefaultPriority => _limits.DefaultPriority;

    /// <summary>How long a refused caller should wait.</summary>
    public TimeSpan RetryAfter => _limits.RetryAfter;

    /// <summary>How many requests of the priority may be in flight at most (counting every priority's requests).</summary>
    public int CeilingFor(RoutePriority priority) => _limits.For(priority);

    /// <summary>Admits the request when the budget in use is below its priority's ceiling; pair with <see cref="Exit"/>.</summary>
    public bool TryEnter(RoutePriority priority)
    {
        var ceiling = _limits.For(priority);
        var current = Volatile.Read(ref _inFlight);
        while (current < ceiling)
        {
            var seen = Interlocked.CompareExchange(ref _inFlight, current + 1, current);
            if (seen == current)
            {
                return true;
            }

            current = seen;
        }

        return false;
    }

    public void Exit() => Interlocked.Decrement(ref _inFlight);

    public void Dispose() => _subscription?.Dispose();

    sealed class Limits
    {
        readonly int _critical;
        readonly int _degraded;
        readonly int _nonCritical;

        public Limits(LoadSheddingOptions options)
        {
            var max = options.Enabled ? options.MaxConcurrentRequests : int.MaxValue;
            _critical = max;
            _degraded = options.Enabled ? (int)(max * options.DegradedShare) : max;
            _nonCritical = options.Enabled ? (int)(max * options.NonCriticalShare) : max;
            DefaultPriority = options.DefaultPriority;
            RetryAfter = options.RetryAfter;
        }

        public RoutePriority DefaultPriority { get; }

        public TimeSpan RetryAfter { get; }

        public int For(RoutePriority priority) => priority switch
        {
            RoutePriority.Ops => int.MaxValue,
            RoutePriority.Critical => _critical,
            RoutePriority.Degraded => _degraded,
            _ => _nonCritical,
        };
    }
}
