using System.Globalization;

namespace Marquee.Bench.Load;

/// <summary>
/// The machine's CPU time as Linux counts it (<c>/proc/stat</c>, all cores): how much went to the hypervisor
/// ("steal": time the VM's virtual cores were ready but the host ran something else). A phase with steal ran on a
/// slower machine than the one before it, so its ratios say as much about the host as about the code.
/// </summary>
internal readonly record struct CpuSteal(long Steal, long Total)
{
    /// <summary>The counters now; null where there is no <c>/proc/stat</c> (not Linux) or it cannot be read.</summary>
    public static CpuSteal? Read()
    {
        try
        {
            using var reader = new StreamReader("/proc/stat");
            return Parse(reader.ReadLine());
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The aggregate "cpu" line: user nice system idle iowait irq softirq steal [guest guest_nice].</summary>
    internal static CpuSteal? Parse(string? line)
    {
        var fields = line?.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields is not { Length: >= 9 } || fields[0] != "cpu")
        {
            return null;
        }

        long total = 0;
        // Guest time (fields 9 and 10) is already counted in user and nice.
        for (var i = 1; i <= 8; i++)
        {
            if (!long.TryParse(fields[i], NumberStyles.None, CultureInfo.InvariantCulture, out var jiffies))
            {
                return null;
            }

            total += jiffies;
        }

        return new CpuSteal(long.Parse(fields[8], CultureInfo.InvariantCulture), total);
    }

    /// <summary>The share of all CPU time between <paramref name="before"/> and <paramref name="after"/> that the host took.</summary>
    public static double? Share(CpuSteal? before, CpuSteal? after) =>
        before is { } b && after is { } a && a.Total > b.Total ? (double)(a.Steal - b.Steal) / (a.Total - b.Total) : null;
}
