using Marquee.Grains.Edge;
using Marquee.Grains.Hosting;
using Marquee.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;

namespace Marquee.Grains.Tests.Hosting;

/// <summary>
/// One in-process Orleans cluster (one silo, memory storage and streams) shared by the grain tests of a collection.
/// Time is a <see cref="FakeTimeProvider"/>: tests move it instead of sleeping. A test that advances the clock
/// affects every grain of this cluster, so such tests use their own keys and assert only on their own grains.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IClusterClient Client => Cluster.Client;

    /// <summary>Extra configuration for the silo (section:key = value), set before the cluster starts.</summary>
    public static IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Orleans:Mode"] = "Embedded",
    };

    public async ValueTask InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(Settings).Build();
        builder.ConfigureSilo((_, silo) =>
        {
            silo.UseMemoryPersistence();
            silo.Services.AddSingleton<TimeProvider>(Clock);
            silo.AddMarqueeGrains(configuration);
            // Short-lived media URLs, so a test sees a session's manifest signed again within minutes of fake time.
            silo.Services.Configure<MediaUrlOptions>(o => o.Lifetime = TimeSpan.FromMinutes(10));
        });
        // The test client publishes on the same stream provider as the silo (tests feed streams directly).
        builder.ConfigureClient(client => client.AddMemoryStreams(StreamNames.Provider));
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
    }
}

/// <summary>Grain tests that share one cluster.</summary>
[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
