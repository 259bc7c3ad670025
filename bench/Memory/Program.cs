using Marquee.Bench.Memory;

// bench/Memory: managed heap per grain activation (docs/performance.md has the figures).
//   dotnet run -c Release --project bench/Memory -- [--count 100000] [--short] [--concurrency 256] [--out dir]
//     [--idle-seconds 2] [--deactivation-timeout 300] [--hold-seconds 0: keep the process alive at the end, for a heap dump]
var options = MemoryOptions.Parse(args);
return await ActivationMemory.RunAsync(options);
