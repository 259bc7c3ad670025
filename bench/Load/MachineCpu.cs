using System.Globalization;

namespace Marquee.Bench.Load;

/// <summary>
/// The machine's CPU time as Linux counts it (<c>/proc/stat</c>, all cores, in clock ticks): time spent running
/// anything (busy), idle, and taken by the hypervisor ("steal": the VM's cores were ready but the host ran something
/// else). A phase with steal ran on a slower machine than the one before it, so its ratios say as much about the host
/// as about the code; the busy share says how much of the machine the server and everything else (the load
/// generator, the kernel's network stack) used.
/// </summary>
internal readonly record struct MachineCpu(long Busy, long Steal, long Total)
{
    /// <summary>The counters now; null where there is no <c>/proc/stat</c> (not Linux) or it cannot be read.</summary>
    public static MachineCpu? Read()
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
    internal static MachineCpu? Parse(string? line)
    {
        var fields = line?.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields is not { Length: >= 9 } || fields[0] != "cpu")
        {
            return null;
        }

        var ticks = new long[8];
        for (var i = 0; i < ticks.Length; i++)
        {
            if (!long.TryParse(fields[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out ticks[i]))
            {
                return null;
            }
        }

        // Guest time (fields 9 and 10) is already counted in user and nice.
        var (idle, iowait, steal) = (ticks[3], ticks[4], ticks[7]);
        var total = ticks.Sum();
        return new MachineCpu(total - idle - iowait - steal, steal, total);
    }

    /// <summary>What the machine did between two readings: shares of all its CPU time.</summary>
    public static MachineShares? Between(MachineCpu? before, MachineCpu? after) =>
        before is { } b && after is { } a && a.Total > b.Total
            ? new MachineShares((double)(a.Busy - b.Busy) / (a.Total - b.Total), (double)(a.Steal - b.Steal) / (a.Total - b.Total))
            : null;
}

/// <summary>Shares of the machine's CPU time over a phase: busy (anything running) and stolen by the host.</summary>
internal readonly record struct MachineShares(double Busy, double Steal);
