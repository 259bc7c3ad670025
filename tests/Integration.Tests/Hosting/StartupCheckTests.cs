using Marquee.Grains.Hosting;
using Marquee.Integration.Tests.Fixtures;

namespace Marquee.Integration.Tests.Hosting;

/// <summary>A silo whose Redis or PostgreSQL cannot be reached says so in one line and exits with code 2.</summary>
public sealed class StartupCheckTests(RedisServer redis, PostgresServer postgres)
{
    static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Silo_WhenRedisIsUnreachable_PrintsOneLineAndExitsWith2()
    {
        var closedPort = FreePort.Next();
        var cluster = ClusterSettings.New(redis, postgres) with { Redis = $"127.0.0.1:{closedPort}" };

        var (exit, stdout, stderr) = await RunSiloAsync(cluster);

        Assert.Equal(2, exit);
        Assert.Empty(stdout);
        var line = Assert.Single(stderr);
        Assert.StartsWith($"marquee: Redis is unreachable at 127.0.0.1:{closedPort} (Orleans:Redis)", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Silo_WhenPostgresIsUnreachable_PrintsOneLineAndExitsWith2()
    {
        var closedPort = FreePort.Next();
        var cluster = ClusterSettings.New(redis, postgres) with
        {
            Postgres = $"Host=127.0.0.1;Port={closedPort};Username=marquee;Database=marquee",
        };

        var (exit, stdout, stderr) = await RunSiloAsync(cluster);

        Assert.Equal(2, exit);
        Assert.Empty(stdout);
        var line = Assert.Single(stderr);
        Assert.StartsWith($"marquee: PostgreSQL is unreachable at 127.0.0.1:{closedPort}/marquee (Orleans:Postgres)", line, StringComparison.Ordinal);
    }

    static async Task<(int Exit, IReadOnlyList<string> Stdout, IReadOnlyList<string> Stderr)> RunSiloAsync(ClusterSettings cluster)
    {
        await using var silo = HostProcess.Run("silo", HostProcess.SiloAssembly,
            ["--urls", $"http://127.0.0.1:{FreePort.Next()}"], HostProcess.SiloEnvironment(cluster));
        var exit = await silo.WaitForExitAsync(ExitTimeout);
        return (exit, silo.StandardOutput, silo.StandardError);
    }
}
