using System.Globalization;
using Marquee.Grains.Hosting;
using Npgsql;

namespace Marquee.Integration.Tests.Fixtures;

/// <summary>
/// A real PostgreSQL: initdb into a temp folder, pg_ctl start on a free loopback port, a <c>marquee</c> role owning
/// a <c>marquee</c> database with the schema applied; stopped and removed on dispose. PostgreSQL refuses to run as
/// root, so as root every server command runs as the <c>postgres</c> user (runuser). Shared by the whole test
/// assembly; a test that needs an empty database asks <see cref="CreateDatabaseAsync"/> for one.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    const string Role = "marquee";
    static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(120);

    string? _dataDirectory;
    bool _started;

    public int Port { get; private set; }

    /// <summary>The <c>marquee</c> database, schema applied, as the <c>marquee</c> role.</summary>
    public string ConnectionString { get; private set; } = "";

    /// <summary>The superuser on the maintenance database, for creating databases and roles.</summary>
    public string AdminConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Pooling=false";

    public static async Task<PostgresServer> StartAsync()
    {
        var server = new PostgresServer();
        await server.InitializeAsync();
        return server;
    }

    public async ValueTask InitializeAsync()
    {
        var folders = Tools.PostgresFolders();
        var initdb = Tools.Find("initdb", "apt-get install postgresql", folders);
        var pgctl = Tools.Find("pg_ctl", "apt-get install postgresql", folders);

        // As root the folder is created by initdb itself as the postgres user, in /tmp where that user may write.
        var parent = Environment.IsPrivilegedProcess ? "/tmp" : Path.GetTempPath();
        _dataDirectory = Path.Combine(parent, $"marquee-pg-{Guid.NewGuid():N}"[..24]);
        try
        {
            await RunAsync(initdb, ["-D", _dataDirectory, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"]);

            // A free port can be taken between the probe and the bind: try a few.
            for (var attempt = 1; ; attempt++)
            {
                Port = FreePort.Next();
                var options = string.Join(' ',
                    $"-p {Port.ToString(CultureInfo.InvariantCulture)}",
                    "-c listen_addresses=127.0.0.1",
                    $"-k {_dataDirectory}",
                    "-c fsync=off -c synchronous_commit=off -c full_page_writes=off",
                    "-c max_connections=200");
                try
                {
                    await RunAsync(pgctl, ["-D", _dataDirectory, "-l", Path.Combine(_dataDirectory, "postgres.log"), "-w", "-t", "60", "-o", options, "start"]);
                    _started = true;
                    break;
                }
                catch (InvalidOperationException) when (attempt < 3)
                {
                    // Most likely the port was taken; the log in the data folder says.
                }
            }

            await using (var admin = new NpgsqlConnection(AdminConnectionString))
            {
                await admin.OpenAsync();
                await using var create = new NpgsqlCommand($"CREATE ROLE {Role} LOGIN", admin);
                await create.ExecuteNonQueryAsync();
            }

            ConnectionString = await CreateDatabaseAsync("marquee");
            await PostgresSchema.EnsureAsync(ConnectionString);
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    /// <summary>Creates an empty database owned by the <c>marquee</c> role; returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string? name = null)
    {
        name ??= $"t{Guid.NewGuid():N}"[..20];
        await using var admin = new NpgsqlConnection(AdminConnectionString);
        await admin.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\" OWNER {Role}", admin);
        await create.ExecuteNonQueryAsync();
        return $"Host=127.0.0.1;Port={Port};Username={Role};Database={name}";
    }

    public async ValueTask DisposeAsync()
    {
        if (_dataDirectory is null)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        if (_started)
        {
            try
            {
                var pgctl = Tools.Find("pg_ctl", "apt-get install postgresql", Tools.PostgresFolders());
                await RunAsync(pgctl, ["-D", _dataDirectory, "-m", "immediate", "-w", "-t", "30", "stop"]);
            }
            catch (InvalidOperationException)
            {
                KillPostmaster(_dataDirectory);
            }

            _started = false;
        }

        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }

        _dataDirectory = null;
    }

    /// <summary>Runs a PostgreSQL program (as the postgres user when root); throws with its output when it fails.</summary>
    static async Task RunAsync(string program, IReadOnlyList<string> arguments)
    {
        var (fileName, args) = Environment.IsPrivilegedProcess
            ? ("runuser", (IEnumerable<string>)["-u", "postgres", "--", program, .. arguments])
            : (program, arguments);
        await using var process = ChildProcess.Start(Path.GetFileName(program), fileName, args, workingDirectory: "/");
        var exit = await process.WaitForExitAsync(CommandTimeout);
        if (exit != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(program)} {string.Join(' ', arguments)} exited with {exit}:{Environment.NewLine}{process.Tail()}");
        }
    }

    /// <summary>Last resort when pg_ctl cannot stop it: SIGKILL the postmaster named in its pid file.</summary>
    static void KillPostmaster(string dataDirectory)
    {
        var pidFile = Path.Combine(dataDirectory, "postmaster.pid");
        if (File.Exists(pidFile) && int.TryParse(File.ReadLines(pidFile).FirstOrDefault(), out var pid))
        {
            try
            {
                System.Diagnostics.Process.GetProcessById(pid).Kill(entireProcessTree: true);
            }
            catch (ArgumentException)
            {
                // Already gone.
            }
        }
    }
}
