using BenchmarkDotNet.Running;
using Marquee.Micro.Edge;

// bench/Micro (docs/performance.md has the figures):
//   dotnet run -c Release --project bench/Micro -- --inProcess --filter '*'                 everything, default job
//   dotnet run -c Release --project bench/Micro -- --inProcess --filter '*' --job short     quicker (3 iterations)
//   dotnet run -c Release --project bench/Micro -- --inProcess --filter '*' --job dry       one pass each: proves it runs (CI)
// "steering-cpu [rounds]" measures decisions per CPU-second (for a shared, loaded machine); anything else goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] == "steering-cpu")
{
    SteeringCpuProbe.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 20);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(SteeringBenchmarks).Assembly).Run(args);
