using System.Diagnostics;
using System.Net;

namespace Marquee.Bench.Load;

/// <summary>A server under test, run as its own process (Release build, server GC), stopped when disposed.</summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    readonly Process _process;

    ServerProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public int ProcessId => _process.Id;

    public static async Task<ServerProcess> StartAsync(string name, string dll, IEnumerable<string> args, IDictionary<string, string> env, TimeSpan readyWithin)
    {
        var port = Marquee.Grains.Hosting.FreePort.Next();
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // Run from its own folder, as deployed: the content root (appsettings.json, coverage-zones.json) is the
            // working directory. From the repository root the API ran without its appsettings.json.
            WorkingDirectory = Path.GetDirectoryName(Path.GetFullPath(dll)),
        };
        info.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg.Replace("{port}", port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
        }

        info.Environment["DOTNET_gcServer"] = "1";
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in env)
        {
            info.Environment[key] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {name}");
        // A harness stopped by a signal (Ctrl+C, SIGTERM) takes its servers with it instead of leaving them running.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => KillQuietly(process);
        Console.CancelKeyPress += (_, _) => KillQuietly(process);
        var output = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var server = new ServerProcess(process, new Uri($"http://127.0.0.1:{port}/"));
        using var probe = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < readyWithin)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{name} exited with code {process.ExitCode} before it was ready:\n{output}");
            }

            try
            {
                using var response = await probe.GetAsync("health/ready");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    Console.WriteLine($"  {name} ready at {server.BaseAddress} after {deadline.Elapsed.TotalSeconds:F1} s (pid {process.Id})");
                    return server;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            // Polling a child process for readiness: there is no signal to await across the process boundary.
            await Task.Delay(200);
        }

        await server.DisposeAsync();
        throw new TimeoutException($"{name} was not ready within {readyWithin.TotalSeconds} s:\n{output}");
    }

    /// <summary>Managed heap and working set of the server process, read from its OS counters.</summary>
    public long WorkingSetBytes()
    {
        _process.Refresh();
        return _process.WorkingSet64;
    }

    /// <summary>User plus system CPU time the server process has used so far.</summary>
    public TimeSpan CpuTime()
    {
        _process.Refresh();
        return _process.TotalProcessorTime;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    static void KillQuietly(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone or disposed.
        }
    }
}
