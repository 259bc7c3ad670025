using System.Collections.Concurrent;
using System.Diagnostics;

namespace Marquee.Integration.Tests.Fixtures;

/// <summary>
/// A process a test started: its output captured line by line, killed with its children on dispose. Every live one
/// is also killed when the test host exits, so a failing or aborted run leaves no server behind.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    static readonly ConcurrentDictionary<ChildProcess, byte> Live = new();

    readonly Process _process;
    readonly ConcurrentQueue<string> _stdout = new();
    readonly ConcurrentQueue<string> _stderr = new();
    readonly ConcurrentQueue<string> _all = new();

    static ChildProcess() => AppDomain.CurrentDomain.ProcessExit += (_, _) =>
    {
        foreach (var child in Live.Keys)
        {
            child.Kill();
        }
    };

    ChildProcess(Process process, string name)
    {
        _process = process;
        Name = name;
    }

    /// <summary>A short name for messages, e.g. <c>redis-server</c> or <c>silo 1</c>.</summary>
    public string Name { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>The exit code once the process has ended (a negative or 128+ code names a signal), else null.</summary>
    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    /// <summary>What the process wrote on standard output, line by line.</summary>
    public IReadOnlyList<string> StandardOutput => [.. _stdout];

    /// <summary>What the process wrote on standard error, line by line.</summary>
    public IReadOnlyList<string> StandardError => [.. _stderr];

    /// <summary>Both streams interleaved as they arrived (the last lines, for failure messages).</summary>
    public string Tail(int lines = 40) => string.Join(Environment.NewLine, _all.TakeLast(lines));

    public static ChildProcess Start(
        string name,
        string fileName,
        IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string?>? environment = null,
        string? workingDirectory = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            info.Environment[key] = value;
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var child = new ChildProcess(process, name);
        process.OutputDataReceived += (_, e) => child.Capture(e.Data, child._stdout);
        process.ErrorDataReceived += (_, e) => child.Capture(e.Data, child._stderr);
        process.Start();
        Live.TryAdd(child, 0);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Waits for the process to end on its own; throws, naming it, when it outlives the timeout.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{Name} (pid {Id}) did not exit within {timeout.TotalSeconds:0}s. Its last output:{Environment.NewLine}{Tail()}");
        }

        Live.TryRemove(this, out _);
        return _process.ExitCode;
    }

    /// <summary>SIGKILL to the process and its children: no shutdown, as when a machine dies.</summary>
    public void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // It ended between the check and the kill.
        }
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            // Killed but not reaped in time: nothing more a test can do.
        }

        Live.TryRemove(this, out _);
        _process.Dispose();
    }

    void Capture(string? line, ConcurrentQueue<string> stream)
    {
        if (line is null)
        {
            return;
        }

        stream.Enqueue(line);
        _all.Enqueue(line);
        while (_all.Count > 2000 && _all.TryDequeue(out _))
        {
        }
    }
}
