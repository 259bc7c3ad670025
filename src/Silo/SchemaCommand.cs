using Marquee.Grains.Hosting;
using Npgsql;

namespace Marquee.Silo;

/// <summary><c>schema apply</c> applies the PostgreSQL schema to Orleans:Postgres and exits; <c>schema status</c> reports it.</summary>
public static class SchemaCommand
{
    const string Usage = "usage: Silo schema apply|status [--Orleans:Postgres=<connection string>]";

    public static bool IsRequested(string[] args) => args.Length > 0 && args[0] == "schema";

    public static async Task<int> RunAsync(IConfiguration configuration, string[] args)
    {
        var connectionString = configuration[$"{OrleansHostingOptions.Section}:Postgres"];
        StartupChecks.RequirePostgres(connectionString, "Orleans:Postgres");
        var where = new NpgsqlConnectionStringBuilder(connectionString);
        var target = $"{where.Host}:{where.Port}/{where.Database}";

        switch (args.Length > 1 ? args[1] : null)
        {
            case "apply":
                var applied = StartupChecks.RequireSchema(connectionString!, "Orleans:Postgres");
                Console.WriteLine(applied.Count == 0
                    ? $"marquee: schema at {target} is up to date ({Latest()})."
                    : $"marquee: applied {string.Join(", ", applied.Select(s => s.Name))} to {target}.");
                return 0;
            case "status":
                var versions = await PostgresSchema.AppliedVersionsAsync(connectionString!);
                var missing = PostgresSchema.Steps.Where(s => !versions.Contains(s.Version)).Select(s => s.Name).ToList();
                Console.WriteLine(missing.Count == 0
                    ? $"marquee: schema at {target} is up to date ({Latest()})."
                    : $"marquee: schema at {target} lacks {string.Join(", ", missing)}: run schema apply.");
                return missing.Count == 0 ? 0 : 1;
            default:
                Console.Error.WriteLine(Usage);
                return 2;
        }
    }

    static string Latest() => PostgresSchema.Steps.Count == 0 ? "no steps" : PostgresSchema.Steps[^1].Name;
}
