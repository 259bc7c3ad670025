using Marquee.Catalog;
using Marquee.Integration.Tests.Fixtures;

namespace Marquee.Integration.Tests.Hosting;

/// <summary>
/// The cluster as it runs in production: silos as separate processes joined through Redis, grain state in
/// PostgreSQL. A silo is SIGKILLed and the state it wrote survives it.
/// </summary>
public sealed class ClusterFailoverTests(RedisServer redis, PostgresServer postgres, ITestOutputHelper output)
{
    /// <summary>Generous: silos start slowly on a loaded 2-core machine (JIT of the whole Orleans runtime).</summary>
    internal static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);

    internal static readonly TimeSpan FailoverTimeout = TimeSpan.FromSeconds(120);

    /// <summary>Declared dead after ~2 missed probes of 2 s instead of the default ~3 x 5 s: the tests wait less for it.</summary>
    internal static readonly Dictionary<string, string?> FastFailureDetection = new()
    {
        ["Orleans:Membership:ProbeTimeout"] = "00:00:02",
        ["Orleans:Membership:NumMissedProbesLimit"] = "2",
    };

    [Fact]
    public async Task Title_WrittenThroughSilo1_IsReadThroughSilo2AfterSilo1IsKilled()
    {
        var cluster = ClusterSettings.New(redis, postgres);
        await using var silo1 = HostProcess.StartSilo("silo 1", cluster, With("Orleans:Region", "eu-west"));
        await using var silo2 = HostProcess.StartSilo("silo 2", cluster, With("Orleans:Region", "us-east"));
        try
        {
            await silo1.WaitReadyAsync(StartTimeout);
            var titleId = $"tt-{Guid.NewGuid():N}";
            var title = Title(titleId);

            // Written while silo 1 is the only silo: the title's activation, and its first state write, are on silo 1.
            await using (var throughSilo1 = await ClusterClient.ConnectAsync(cluster, silo1.Gateway))
            {
                await throughSilo1.Grains.GetGrain<ITitleGrain>(titleId).UpsertAsync(title, TestContext.Current.CancellationToken);
            }

            await silo2.WaitReadyAsync(StartTimeout);
            await using var throughSilo2 = await ClusterClient.ConnectAsync(cluster, silo2.Gateway);
            await Poll.UntilAsync("both silos to be active members", StartTimeout, async ct =>
                (await throughSilo2.Grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true, ct)).Count == 2);

            silo1.Kill();
            var read = await Poll.UntilAsync("the title to be readable through silo 2 after silo 1 died", FailoverTimeout,
                ct => throughSilo2.Grains.GetGrain<ITitleGrain>(titleId).GetAsync(ct),
                () => silo2.Process.Tail());

            // Silo 1's memory died with it: what silo 2 read came from PostgreSQL.
            Assert.Equivalent(title, read);
            await Poll.UntilAsync("silo 1 to be declared dead in the Redis membership", FailoverTimeout, async ct =>
            {
                var hosts = await throughSilo2.Grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true, ct);
                return hosts.Count == 1 && hosts.Keys.Single().Endpoint.Port == silo2.SiloPort;
            });
        }
        catch
        {
            Report(silo1, silo2);
            throw;
        }
    }

    static Dictionary<string, string?> With(string key, string value) => new(FastFailureDetection) { [key] = value };

    void Report(params HostProcess[] processes) => HostProcess.Report(output, processes);

    static TitleInfo Title(string titleId) => new(
        TitleId: titleId,
        Name: "The Long Failover",
        Year: 2025,
        Genres: ["documentary"],
        Cast: ["N. Arrator"],
        Synopsis: "A silo dies; its titles do not.",
        MaturityRating: 0,
        RuntimeMinutes: 88,
        Tags: ["distributed-systems"],
        Artwork: [new ArtworkVariant("poster", "https://img.example/poster.jpg", ["light"])],
        Renditions: [new Rendition(1280, 720, 3000, "h264"), new Rendition(1920, 1080, 5800, "h264")],
        LicensedCountries: [],
        SizeGb: 2.5);
}
