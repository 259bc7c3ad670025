using System.Globalization;
using Marquee.Edge;

namespace Marquee.Grains.Edge;

/// <summary>
/// When a node is healthy, and why not: a fresh report (within the TTL) inside the load, bandwidth and error
/// thresholds, and fewer client-reported failures than the threshold within the window. One source of truth for
/// the admin view and for steering.
/// </summary>
public static class EdgeHealthRules
{
    /// <summary>True when the reported figures (not their age) are within the thresholds.</summary>
    public static bool FiguresOk(EdgeHealthSample sample, EdgeOptions options) =>
        sample.LoadPercent <= options.MaxLoadPercent
        && sample.AvailableMbps >= options.MinAvailableMbps
        && sample.ErrorRate <= options.MaxErrorRate;

    /// <summary>Until when client failures keep the node out (<see cref="DateTimeOffset.MinValue"/> when they do not).</summary>
    public static DateTimeOffset FailureBlockedUntil(IReadOnlyList<DateTimeOffset> failures, EdgeOptions options)
    {
        // Failures are kept oldest first; the node is out while the threshold-th most recent one is inside the window.
        if (failures.Count < options.FailureThreshold)
        {
            return DateTimeOffset.MinValue;
        }

        return failures[failures.Count - options.FailureThreshold] + options.FailureWindow;
    }

    /// <summary>The problems that make the node unhealthy now; empty when healthy.</summary>
    public static IReadOnlyList<string> Problems(EdgeHealthSample? sample, IReadOnlyList<DateTimeOffset> failures, DateTimeOffset now, EdgeOptions options)
    {
        var problems = new List<string>(2);
        if (sample is null)
        {
            problems.Add("no health report yet");
        }
        else
        {
            var age = now - sample.ReportedAt;
            if (age > options.HealthTtl)
            {
                problems.Add(Format($"stale: last report {age.TotalSeconds:0}s ago (ttl {options.HealthTtl.TotalSeconds:0}s)"));
            }

            if (sample.LoadPercent > options.MaxLoadPercent)
            {
                problems.Add(Format($"overloaded: load {sample.LoadPercent:0.#}% > {options.MaxLoadPercent:0.#}%"));
            }

            if (sample.AvailableMbps < options.MinAvailableMbps)
            {
                problems.Add(Format($"no bandwidth headroom: {sample.AvailableMbps:0} Mbps free < {options.MinAvailableMbps:0}"));
            }

            if (sample.ErrorRate > options.MaxErrorRate)
            {
                problems.Add(Format($"failing: error rate {sample.ErrorRate:P1} > {options.MaxErrorRate:P1}"));
            }
        }

        var recent = RecentFailures(failures, now, options);
        if (recent >= options.FailureThreshold)
        {
            problems.Add(Format($"client failures: {recent} in the last {options.FailureWindow.TotalSeconds:0}s (threshold {options.FailureThreshold})"));
        }

        return problems;
    }

    /// <summary>One line on why the node is healthy, for the admin view.</summary>
    public static string HealthySummary(EdgeHealthSample sample, DateTimeOffset now) =>
        Format($"healthy: report {(now - sample.ReportedAt).TotalSeconds:0}s old, load {sample.LoadPercent:0.#}%, {sample.AvailableMbps:0} Mbps free, error rate {sample.ErrorRate:P1}");

    /// <summary>The failures inside the window now.</summary>
    public static int RecentFailures(IReadOnlyList<DateTimeOffset> failures, DateTimeOffset now, EdgeOptions options)
    {
        var count = 0;
        for (var i = failures.Count - 1; i >= 0 && failures[i] > now - options.FailureWindow; i--)
        {
            count++;
        }

        return count;
    }

    static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
