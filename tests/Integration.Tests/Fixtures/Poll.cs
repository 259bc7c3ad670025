namespace Marquee.Integration.Tests.Fixtures;

/// <summary>
/// Waits for a condition by asking it again at a steady cadence until it holds or a deadline passes; the failure
/// says what was awaited and what the last attempt saw. Servers and silos have no event to await, so readiness is
/// polled, never slept for.
/// </summary>
public static class Poll
{
    static readonly TimeSpan Cadence = TimeSpan.FromMilliseconds(250);

    /// <summary>Asks <paramref name="probe"/> until it returns a value; a null or a thrown exception means "not yet".</summary>
    public static async Task<T> UntilAsync<T>(string what, TimeSpan timeout, Func<CancellationToken, Task<T?>> probe, Func<string>? context = null)
        where T : class
    {
        using var deadline = new CancellationTokenSource(timeout);
        using var cadence = new PeriodicTimer(Cadence);
        var last = "no attempt finished";
        while (true)
        {
            try
            {
                var value = await probe(deadline.Token);
                if (value is not null)
                {
                    return value;
                }

                last = "not yet";
            }
            catch (GiveUpException ex)
            {
                var output = context is null ? "" : $"{Environment.NewLine}{context()}";
                throw new GiveUpException($"Gave up waiting for {what}: {ex.Message}.{output}");
            }
            catch (Exception ex)
            {
                if (deadline.IsCancellationRequested)
                {
                    break; // The deadline cut the last attempt short.
                }

                last = $"{ex.GetType().Name}: {ex.Message.Split('\n')[0]}";
            }

            try
            {
                if (deadline.IsCancellationRequested || !await cadence.WaitForNextTickAsync(deadline.Token))
                {
                    break;
                }
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        var extra = context is null ? "" : $"{Environment.NewLine}{context()}";
        throw new TimeoutException($"Timed out after {timeout.TotalSeconds:0}s waiting for {what}; last attempt: {last}.{extra}");
    }

    /// <summary>Thrown by a probe that knows waiting longer cannot help (the process it waits for has exited).</summary>
    public sealed class GiveUpException(string message) : Exception(message);

    /// <summary>Asks <paramref name="probe"/> until it returns true.</summary>
    public static Task UntilAsync(string what, TimeSpan timeout, Func<CancellationToken, Task<bool>> probe, Func<string>? context = null) =>
        UntilAsync<object>(what, timeout, async ct => await probe(ct) ? new object() : null, context);
}
