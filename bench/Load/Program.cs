using Marquee.Bench.Load;

// bench/Load: one run measures a bare Kestrel baseline and the real API side by side.
//   dotnet run -c Release --project bench/Load -- [--short] [--duration 10] [--connections 32] [--scenarios a,b]
//   dotnet <Load.dll> serve-baseline --port N        (the baseline server, started by the harness itself)
//   dotnet <Load.dll> serve-grain-baseline --port N  (the grain anchor: the same plus one co-hosted grain call)
if (args.Length > 0 && args[0] == "serve-baseline")
{
    await BaselineServer.RunAsync(args);
    return 0;
}

if (args.Length > 0 && args[0] == "serve-grain-baseline")
{
    await GrainBaselineServer.RunAsync(args);
    return 0;
}

var options = LoadOptions.Parse(args);
return await Harness.RunAsync(options);
