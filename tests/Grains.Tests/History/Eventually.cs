using Microsoft.Extensions.Time.Testing;

namespace Marquee.Grains.Tests.History;

/// <summary>Waits for something that happens asynchronously (stream delivery), with a deadline that says what it waited for.</summary>
/// <remarks>
/// Orleans 10 runs its stream pulling agents on the silo's <see cref="TimeProvider"/>: with a
/// <see cref="FakeTimeProvider"/> nothing is delivered unless the clock moves. So the wait moves the clock by one
/// pulling period per probe, and, the first time for a clock, past the agents' start-up (queue balancing) delay.
/// Tests that wait this way therefore see a few seconds of clock time pass, and assert decay with a tolerance.
/// </remarks>
static class Eventually
{
    /// <summary>How far the clock moves per probe: the memory stream pulling period (100 ms by default).</summary>
    public static readonly TimeSpan Step = TimeSpan.FromMilliseconds(100);

    static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(10);
    static readonly TimeSpan AgentStartUp = TimeSpan.FromMinutes(3);
    static readonly HashSet<FakeTimeProvider> Started = [];

    /// <summary>Polls <paramref name="probe"/>, moving <paramref name="clock"/> a step each time, until <paramref name="done"/> holds.</summary>
    public static async Task<T> WaitAsync<T>(FakeTimeProvider clock, Func<Task<T>> probe, Func<T, bool> done, string what, TimeSpan? timeout = null)
    {
        lock (Started)
        {
            if (Started.Add(clock))
            {
                clock.Advance(AgentStartUp);
            }
        }

        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        var last = default(T);
        while (!deadline.IsCancellationRequested)
        {
            last = await probe();
            if (done(last))
            {
                return last;
            }

            clock.Advance(Step);
            try
            {
                await Task.Delay(Pause, deadline.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        Assert.Fail($"Timed out waiting for {what}; last seen: {last}");
        return last!;
    }
}
