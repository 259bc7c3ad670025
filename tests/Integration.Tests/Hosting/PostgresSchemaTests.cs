using Marquee.Grains.Hosting;
using Marquee.Integration.Tests.Fixtures;
using Npgsql;

namespace Marquee.Integration.Tests.Hosting;

public sealed class PostgresSchemaTests(PostgresServer postgres)
{
    static readonly string[] ProviderQueryKeys = ["ClearStorageKey", "DeleteStorageKey", "ReadFromStorageKey", "WriteToStorageKey"];

    [Fact]
    public async Task EnsureAsync_OnAnEmptyDatabase_AppliesEveryStepThenNothing()
    {
        var database = await postgres.CreateDatabaseAsync();

        var first = await PostgresSchema.EnsureAsync(database, TestContext.Current.CancellationToken);
        var second = await PostgresSchema.EnsureAsync(database, TestContext.Current.CancellationToken);

        Assert.Equal(PostgresSchema.Steps.Select(s => s.Version), first.Select(s => s.Version));
        Assert.Empty(second);
        Assert.Equal(PostgresSchema.Steps.Select(s => s.Version), await PostgresSchema.AppliedVersionsAsync(database, TestContext.Current.CancellationToken));
        Assert.Equal(ProviderQueryKeys, await QueryKeysAsync(database));
    }

    [Fact]
    public async Task EnsureAsync_WhenFourSilosStartAtOnce_AppliesEachStepExactlyOnce()
    {
        var database = await postgres.CreateDatabaseAsync();

        var runs = await Task.WhenAll(Enumerable.Range(0, 4)
            .Select(_ => Task.Run(() => PostgresSchema.EnsureAsync(database, TestContext.Current.CancellationToken))));

        // The advisory lock lets one run apply the steps; the others wait for it and find nothing left to do.
        Assert.Single(runs, r => r.Count > 0);
        Assert.Equal(PostgresSchema.Steps.Select(s => s.Version), runs.Single(r => r.Count > 0).Select(s => s.Version));
        Assert.Equal(ProviderQueryKeys, await QueryKeysAsync(database));
    }

    [Fact]
    public async Task Steps_RunTwiceByHand_AreIdempotent()
    {
        var database = await postgres.CreateDatabaseAsync();
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync(TestContext.Current.CancellationToken);

        foreach (var step in PostgresSchema.Steps.Concat(PostgresSchema.Steps))
        {
            await using var command = new NpgsqlCommand(step.Sql, connection);
            await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        // A database prepared by hand is accepted: EnsureAsync only records the steps again.
        var applied = await PostgresSchema.EnsureAsync(database, TestContext.Current.CancellationToken);
        Assert.Equal(PostgresSchema.Steps.Count, applied.Count);
        Assert.Equal(ProviderQueryKeys, await QueryKeysAsync(database));
    }

    static async Task<string[]> QueryKeysAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT QueryKey FROM OrleansQuery ORDER BY QueryKey", connection);
        var keys = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            keys.Add(reader.GetString(0));
        }

        return [.. keys];
    }
}
