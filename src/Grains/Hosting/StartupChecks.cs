using System.Net.Sockets;
using Npgsql;

namespace Marquee.Grains.Hosting;

/// <summary>Fails fast, with one sentence, when a dependency the configuration names cannot be reached.</summary>
public static class StartupChecks
{
    static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);
    static readonly TimeSpan SchemaTimeout = TimeSpan.FromMinutes(2);

    /// <summary>Exits with code 2 and one line (what, where, how to fix) when nothing listens at a Redis endpoint.</summary>
    public static void RequireRedis(string? endpoint, string settingName)
    {
        if (string.IsNullOrWhiteSpace(endpoint))
        {
            Fail($"Redis is not configured: set {settingName} (for example 127.0.0.1:6379) or run with Orleans:Mode=Embedded.");
        }

        var first = endpoint!.Split(',')[0].Trim();
        var (host, port) = SplitHostPort(first, 6379);
        if (!CanConnect(host, port))
        {
            Fail($"Redis is unreachable at {host}:{port} ({settingName}): start redis-server there or point {settingName} at a running one.");
        }
    }

    /// <summary>Exits with code 2 and one line when PostgreSQL cannot be opened with the configured connection string.</summary>
    public static void RequirePostgres(string? connectionString, string settingName)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            Fail($"PostgreSQL is not configured: set {settingName} (for example Host=127.0.0.1;Port=5432;Username=marquee;Database=marquee) or run with Orleans:Mode=Embedded.");
        }

        NpgsqlConnectionStringBuilder csb;
        try
        {
            csb = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException ex)
        {
            Fail($"PostgreSQL connection string in {settingName} is malformed ({ex.Message}): fix it, for example Host=127.0.0.1;Port=5432;Username=marquee;Database=marquee.");
            return;
        }

        var where = $"{csb.Host}:{csb.Port}/{csb.Database}";
        try
        {
            using var cts = new CancellationTokenSource(Timeout);
            using var connection = new NpgsqlConnection(connectionString);
            connection.OpenAsync(cts.Token).GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is NpgsqlException or SocketException or OperationCanceledException or TimeoutException)
        {
            Fail($"PostgreSQL is unreachable at {where} ({settingName}): {FirstLine(ex.Message)}. Start PostgreSQL there, or fix {settingName}.");
        }
    }

    /// <summary>
    /// Applies the missing PostgreSQL schema steps (<see cref="PostgresSchema.EnsureAsync"/>); exits with code 2 and
    /// one line when the database refuses them (typically a user without CREATE rights on the database).
    /// </summary>
    public static IReadOnlyList<SchemaStep> RequireSchema(string connectionString, string settingName)
    {
        var where = DescribePostgres(connectionString);
        try
        {
            using var cts = new CancellationTokenSource(SchemaTimeout);
            return PostgresSchema.EnsureAsync(connectionString, cts.Token).GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is NpgsqlException or SocketException or OperationCanceledException or TimeoutException)
        {
            Fail($"The PostgreSQL schema could not be applied at {where} ({settingName}): {FirstLine(ex.Message)}. " +
                 "Give the user CREATE rights on the database, or apply it as the owner with: dotnet run --project src/Silo -- schema apply.");
            return [];
        }
    }

    static string DescribePostgres(string connectionString)
    {
        var csb = new NpgsqlConnectionStringBuilder(connectionString);
        return $"{csb.Host}:{csb.Port}/{csb.Database}";
    }

    static bool CanConnect(string host, int port)
    {
        try
        {
            using var client = new TcpClient();
            return client.ConnectAsync(host, port).Wait(Timeout) && client.Connected;
        }
        catch (AggregateException)
        {
            return false;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    static (string Host, int Port) SplitHostPort(string endpoint, int defaultPort)
    {
        var colon = endpoint.LastIndexOf(':');
        return colon > 0 && int.TryParse(endpoint[(colon + 1)..], out var port)
            ? (endpoint[..colon], port)
            : (endpoint, defaultPort);
    }

    static string FirstLine(string message) => message.Split('\n')[0].Trim().TrimEnd('.');

    static void Fail(string line)
    {
        Console.Error.WriteLine($"marquee: {line}");
        Environment.Exit(2);
    }
}
