using Microsoft.Extensions.Time.Testing;

namespace Marquee.Api.Tests.Recommendations;

/// <summary>
/// Waits for stream delivery with a deadline that says what it waited for. The silo's stream pulling agents run on the
/// host's <see cref="FakeTimeProvider"/>, so each probe moves the clock one pulling period (and, the first time, past
/// the agents' start-up delay) instead of sleeping.
/// </summary>
static class Eventually
{
    static readonly TimeSpan Step = TimeSpan.FromMilliseconds(100);
    static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(10);
    static readonly TimeSpan AgentStartUp = TimeSpan.FromMinutes(3);
    static readonly HashSet<FakeTimeProvider> Started = [];

    public static async Task<T> WaitAsync<T>(FakeTimeProvider clock, Func<Task<T>> probe, Func<T, bool> done, string what)
    {
        lock (Started)
        {
            if (Started.Add(clock))
            {
                clock.Advance(AgentStartUp);
            }
        }

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
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
