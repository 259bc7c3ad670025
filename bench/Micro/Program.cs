using BenchmarkDotNet.Running;
using Marquee.Micro.Edge;

// bench/Micro (docs/performance.md has the figures):
//   dotnet run -c Release --project bench/Micro -- --inProcess --filter '*'                 everything, default job
//   dotnet run -c Release --project bench/Micro -- --inProcess --filter '*' --job short     quicker (3 iterations)
//   dotnet run -c Release --project bench/Micro -- --inProcess --filter '*' --job dry       one pass each: proves it runs (CI)
//   dotnet run -c Release --project bench/Micro -- grain-calls [seconds] [callers]          grain-call throughput (Orleans' hosted-client figure)
// "steering-cpu [rounds]" measures decisions per CPU-second (for a shared, loaded machine); anything else goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] == "steering-cpu")
{
    SteeringCpuProbe.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 20);
    return;
}

if (args.Length > 0 && args[0] == "grain-calls")
{
    Marquee.Micro.GrainCalls.GrainCallThroughputProbe.Run(
        TimeSpan.FromSeconds(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 10),
        args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 256);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(SteeringBenchmarks).Assembly).Run(args);
