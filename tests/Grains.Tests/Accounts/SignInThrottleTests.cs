using Marquee.Grains.Accounts;
using Microsoft.Extensions.Options;

namespace Marquee.Grains.Tests.Accounts;

public sealed class SignInThrottleTests
{
    static readonly DateTimeOffset Start = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    readonly SignInThrottle _throttle = new(Options.Create(new AccountOptions()));

    [Fact]
    public void Fail_FifthFailureInTheWindow_LocksForTheLockoutDuration()
    {
        var state = ThrottleState.Clear;
        for (var i = 0; i < 4; i++)
        {
            state = _throttle.Fail(state, Start.AddMinutes(i));
            Assert.Null(SignInThrottle.LockedFor(state, Start.AddMinutes(i)));
        }

        state = _throttle.Fail(state, Start.AddMinutes(4));

        Assert.Equal(TimeSpan.FromMinutes(5), SignInThrottle.LockedFor(state, Start.AddMinutes(4)));
        Assert.Equal(TimeSpan.FromMinutes(1), SignInThrottle.LockedFor(state, Start.AddMinutes(8)));
        Assert.Null(SignInThrottle.LockedFor(state, Start.AddMinutes(9)));
    }

    [Fact]
    public void Fail_FailuresSpreadBeyondTheWindow_NeverLock()
    {
        var state = ThrottleState.Clear;
        for (var i = 0; i < 10; i++)
        {
            var now = Start.AddMinutes(i * 16);
            state = _throttle.Fail(state, now);
            Assert.Null(SignInThrottle.LockedFor(state, now));
        }
    }

    [Fact]
    public void Fail_AfterALockExpires_CountsFromOne()
    {
        var state = ThrottleState.Clear;
        for (var i = 0; i < 5; i++)
        {
            state = _throttle.Fail(state, Start);
        }

        state = _throttle.Fail(state, Start.AddMinutes(6));

        Assert.Equal(1, state.Failures);
        Assert.Null(SignInThrottle.LockedFor(state, Start.AddMinutes(6)));
    }
}
