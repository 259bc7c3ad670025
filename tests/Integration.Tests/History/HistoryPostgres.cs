using System.Diagnostics;
using Marquee.Grains.Hosting;
using Npgsql;

namespace Marquee.Integration.Tests.History;

/// <summary>
/// A real PostgreSQL 15 for the history tests: initdb into /tmp, pg_ctl on a free loopback port, default durability
/// (fsync and synchronous_commit on, so "committed" means flushed), stopped and removed on dispose. As root, the
/// server programs run as the postgres user (PostgreSQL refuses root). Each test asks for a database of its own.
/// </summary>
/// <remarks>
/// Minimal on purpose: written while the cluster part's shared <c>PostgresServer</c> fixture was not on main. It has
/// the same <see cref="CreateDatabaseAsync"/>, so the tests can move to that fixture and this file can go.
/// </remarks>
public sealed class HistoryPostgres : IAsyncLifetime
{
    static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(120);

    readonly string _dataDirectory = Path.Combine("/tmp", $"marquee-history-pg-{Guid.NewGuid():N}"[..30]);
    bool _started;

    public int Port { get; private set; }

    string AdminConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Pooling=false";

    public async ValueTask InitializeAsync()
    {
        await RunAsync("initdb", "-D", _dataDirectory, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C");
        Port = FreePort.Next();
        await RunAsync("pg_ctl", "-D", _dataDirectory, "-l", Path.Combine(_dataDirectory, "postgres.log"), "-w", "-t", "60",
            "-o", $"-p {Port} -c listen_addresses=127.0.0.1 -k {_dataDirectory} -c max_connections=200", "start");
        _started = true;
    }

    /// <summary>Creates an empty database; returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = $"t{Guid.NewGuid():N}"[..20];
        await using var admin = new NpgsqlConnection(AdminConnectionString);
        await admin.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
        await create.ExecuteNonQueryAsync();
        return $"Host=127.0.0.1;Port={Port};Username=postgres;Database={name}";
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_started)
        {
            await RunAsync("pg_ctl", "-D", _dataDirectory, "-m", "immediate", "-w", "-t", "30", "stop");
        }

        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    static async Task RunAsync(string program, params string[] arguments)
    {
        var path = Find(program);
        var info = new ProcessStartInfo(Environment.IsPrivilegedProcess ? "runuser" : path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = "/",
        };
        string[] prefix = Environment.IsPrivilegedProcess ? ["-u", "postgres", "--", path] : [];
        foreach (var argument in prefix.Concat(arguments))
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{program} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(CommandTimeout);
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await output}{await error}");
        }
    }

    /// <summary>The program on PATH or in the usual PostgreSQL folders; says how to install it when it is nowhere.</summary>
    static string Find(string program)
    {
        var folders = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(Directory.Exists("/usr/lib/postgresql") ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")) : []);
        return folders.Select(f => Path.Combine(f, program)).FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException($"{program} not found on PATH: install PostgreSQL 15 (apt-get install postgresql).");
    }
}

/// <summary>The history tests that share one PostgreSQL server.</summary>
[CollectionDefinition(Name)]
public sealed class HistoryPostgresCollection : ICollectionFixture<HistoryPostgres>
{
    public const string Name = "history-postgres";
}
