using Microsoft.Extensions.Options;

namespace Marquee.Grains.Accounts;

/// <summary>Failed sign-ins of one address: how many in the current window, and until when it is locked.</summary>
[GenerateSerializer, Immutable, Alias("accounts.throttle-state")]
public sealed record ThrottleState(
    [property: Id(0)] int Failures,
    [property: Id(1)] DateTimeOffset? FirstFailureAt,
    [property: Id(2)] DateTimeOffset? LockedUntil)
{
    public static ThrottleState Clear { get; } = new(0, null, null);
}

/// <summary>The lockout rule, kept apart from the grain so it is tested without a cluster.</summary>
public sealed class SignInThrottle(IOptions<AccountOptions> options)
{
    readonly AccountOptions _options = options.Value;

    /// <summary>How long the address stays locked, or null when an attempt may be checked now.</summary>
    public static TimeSpan? LockedFor(ThrottleState state, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.LockedUntil is { } until && until > now ? until - now : null;
    }

    /// <summary>The state after a wrong password; the failure that reaches the limit locks the address.</summary>
    public ThrottleState Fail(ThrottleState state, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        var windowOpen = state.FirstFailureAt is { } first && now - first <= _options.FailureWindow;
        var failures = windowOpen ? state.Failures + 1 : 1;
        var firstAt = windowOpen ? state.FirstFailureAt : now;
        return failures >= _options.MaxFailedSignIns
            ? new ThrottleState(0, null, now + _options.LockoutDuration)
            : new ThrottleState(failures, firstAt, null);
    }
}
