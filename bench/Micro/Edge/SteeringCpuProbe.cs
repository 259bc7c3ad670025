using System.Diagnostics;

namespace Marquee.Micro.Edge;

/// <summary>
/// Decisions per CPU-second of the same workload as <see cref="SteeringBenchmarks"/>: on a shared machine wall-clock
/// benchmarks count the time other processes hold the cores, CPU time counts only ours (so it reads "per core").
/// </summary>
public static class SteeringCpuProbe
{
    public static void Run(int rounds)
    {
        var benchmarks = new SteeringBenchmarks { Nodes = int.Parse(Environment.GetEnvironmentVariable("NODES") ?? "10000", System.Globalization.CultureInfo.InvariantCulture) };
        benchmarks.Setup();
        for (var i = 0; i < 5; i++)
        {
            benchmarks.DecidePopularityMix();
            benchmarks.DecideLongTail();
        }

        Measure("popularity mix", rounds, () => benchmarks.DecidePopularityMix());
        Measure("long tail", rounds, () => benchmarks.DecideLongTail());
    }

    static void Measure(string name, int rounds, Func<int> round)
    {
        var process = Process.GetCurrentProcess();
        process.Refresh();
        var cpuBefore = process.TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        for (var i = 0; i < rounds; i++)
        {
            round();
        }

        wall.Stop();
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpuBefore;
        var decisions = (double)rounds * SteeringBenchmarks.QueriesPerRound;
        Console.WriteLine($"{name,-15} {decisions:N0} decisions: {decisions / cpu.TotalSeconds,12:N0} per CPU-second ({cpu.TotalMicroseconds / decisions:0.00} us CPU each), {decisions / wall.Elapsed.TotalSeconds,12:N0} per wall-second");
    }
}
