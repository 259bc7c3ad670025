using System.Diagnostics;

namespace Marquee.Bench.HistoryStore;

/// <summary>A PostgreSQL for one bench run: initdb in /tmp, pg_ctl on a free loopback port, removed on dispose.</summary>
/// <remarks>Default durability (fsync, synchronous_commit on): the figures include real commit flushes.</remarks>
sealed class ThrowawayPostgres : IAsyncDisposable
{
    readonly string _dataDirectory;

    ThrowawayPostgres(string dataDirectory, int port)
    {
        _dataDirectory = dataDirectory;
        ConnectionString = $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Maximum Pool Size=200";
    }

    public string ConnectionString { get; }

    public static async Task<ThrowawayPostgres> StartAsync()
    {
        var directory = Path.Combine("/tmp", $"marquee-bench-pg-{Guid.NewGuid():N}"[..28]);
        var port = Marquee.Grains.Hosting.FreePort.Next();
        await RunAsync("initdb", "-D", directory, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C");
        var server = new ThrowawayPostgres(directory, port);
        await RunAsync("pg_ctl", "-D", directory, "-l", Path.Combine(directory, "postgres.log"), "-w", "-t", "60",
            "-o", $"-p {port} -c listen_addresses=127.0.0.1 -k {directory} -c max_connections=300", "start");
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        Npgsql.NpgsqlConnection.ClearAllPools();
        await RunAsync("pg_ctl", "-D", _dataDirectory, "-m", "fast", "-w", "stop");
        Directory.Delete(_dataDirectory, recursive: true);
    }

    // PostgreSQL refuses to run as root: as root, run its programs as the postgres user.
    static async Task RunAsync(string program, params string[] arguments)
    {
        var info = Environment.IsPrivilegedProcess ? new ProcessStartInfo("runuser") : new ProcessStartInfo(program);
        if (Environment.IsPrivilegedProcess)
        {
            foreach (var a in new[] { "-u", "postgres", "--", program })
            {
                info.ArgumentList.Add(a);
            }
        }

        foreach (var a in arguments)
        {
            info.ArgumentList.Add(a);
        }

        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.WorkingDirectory = "/";
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} exited with {process.ExitCode}: {await output}{await error}");
        }
    }
}
