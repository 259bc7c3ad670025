using System.Globalization;
using System.Reflection;
using Npgsql;

namespace Marquee.Grains.Hosting;

/// <summary>
/// Marquee's PostgreSQL schema: numbered SQL steps shipped in this assembly (Hosting/Sql/NNN-name.sql), applied
/// in order, each once, recorded in <c>marquee_schema_history</c>.
/// </summary>
/// <remarks>
/// Every silo runs <see cref="EnsureAsync"/> before it starts, so several silos may run it at the same moment:
/// the whole run holds a transaction-scoped advisory lock, so one applies the missing steps and the others wait,
/// then find nothing left to do. Without the lock two concurrent <c>CREATE TABLE IF NOT EXISTS</c> can both pass
/// the existence check and one fails on the catalogue's unique index. A step is never edited once shipped: a
/// change is a new step. Steps are written idempotently as well, so a database prepared by hand is accepted.
/// </remarks>
public static class PostgresSchema
{
    /// <summary>The advisory lock key every schema run takes ("MARQUEE1" in ASCII).</summary>
    public const long LockKey = 0x4D41525155454531;

    const string ResourcePrefix = "marquee-schema/";

    /// <summary>The schema steps this build ships, in the order they apply.</summary>
    public static IReadOnlyList<SchemaStep> Steps { get; } = LoadSteps();

    /// <summary>Applies the steps the database lacks; returns the ones it applied (empty when it was up to date).</summary>
    public static async Task<IReadOnlyList<SchemaStep>> EnsureAsync(string connectionString, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);

        await ExecuteAsync(connection, transaction, $"SELECT pg_advisory_xact_lock({LockKey})", ct);
        await ExecuteAsync(connection, transaction, """
            CREATE TABLE IF NOT EXISTS marquee_schema_history
            (
                version    integer     NOT NULL PRIMARY KEY,
                name       text        NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            )
            """, ct);

        var present = new HashSet<int>();
        await using (var read = new NpgsqlCommand("SELECT version FROM marquee_schema_history", connection, transaction))
        await using (var reader = await read.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                present.Add(reader.GetInt32(0));
            }
        }

        var applied = new List<SchemaStep>();
        foreach (var step in Steps.Where(s => !present.Contains(s.Version)))
        {
            await ExecuteAsync(connection, transaction, step.Sql, ct);
            await using var record = new NpgsqlCommand(
                "INSERT INTO marquee_schema_history (version, name) VALUES (@version, @name)", connection, transaction);
            record.Parameters.AddWithValue("version", step.Version);
            record.Parameters.AddWithValue("name", step.Name);
            await record.ExecuteNonQueryAsync(ct);
            applied.Add(step);
        }

        await transaction.CommitAsync(ct);
        return applied;
    }

    /// <summary>The step versions the database records as applied, in order.</summary>
    public static async Task<IReadOnlyList<int>> AppliedVersionsAsync(string connectionString, CancellationToken ct = default)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(
            "SELECT version FROM marquee_schema_history ORDER BY version", connection);
        var versions = new List<int>();
        try
        {
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                versions.Add(reader.GetInt32(0));
            }
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            // A database the schema never ran on.
        }

        return versions;
    }

    static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(ct);
    }

    static List<SchemaStep> LoadSteps()
    {
        var assembly = typeof(PostgresSchema).Assembly;
        var steps = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n => ReadStep(assembly, n))
            .OrderBy(s => s.Version)
            .ToList();
        var duplicate = steps.GroupBy(s => s.Version).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"Two schema steps share version {duplicate.Key}: {string.Join(", ", duplicate.Select(s => s.Name))}.");
        }

        return steps;
    }

    static SchemaStep ReadStep(Assembly assembly, string resource)
    {
        var name = resource[ResourcePrefix.Length..^".sql".Length];
        var dash = name.IndexOf('-', StringComparison.Ordinal);
        if (dash <= 0 || !int.TryParse(name.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            throw new InvalidOperationException($"Schema step '{name}' must be named NNN-description.sql.");
        }

        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return new SchemaStep(version, name, reader.ReadToEnd());
    }
}

/// <summary>One numbered step of the PostgreSQL schema.</summary>
/// <param name="Version">The step number, from the file name (001 = 1).</param>
/// <param name="Name">The file name without extension, e.g. <c>001-grain-state</c>.</param>
/// <param name="Sql">The statements the step runs.</param>
public sealed record SchemaStep(int Version, string Name, string Sql);
