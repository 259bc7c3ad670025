using System.Threading.Channels;
using Marquee.Grains.Hosting;
using Marquee.Grains.Ingest;
using Marquee.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;

namespace Marquee.Grains.Tests.Ingest;

/// <summary>
/// A cluster for ingest grain tests whose worker queue is gated: a job offered by its grain waits until the test
/// lets it through, so a test can act as a worker that claimed the job and died before the real worker runs.
/// Folders live under a temp folder removed at the end.
/// </summary>
public sealed class IngestClusterFixture : IAsyncLifetime
{
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));

    public GatedIngestQueue Queue { get; } = new();

    public string DataFolder { get; } = Path.Combine(Path.GetTempPath(), "marquee-ingest-grain-tests", Guid.NewGuid().ToString("N"));

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IClusterClient Client => Cluster.Client;

    public IServiceProvider SiloServices => Cluster.Silos[0].ServiceProvider;

    public async ValueTask InitializeAsync()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Orleans:Mode"] = "Embedded",
            ["Ingest:DataFolder"] = DataFolder,
            ["Ingest:SegmentSeconds"] = "2",
            ["Ingest:Preset"] = "ultrafast",
        }).Build();
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.UseMemoryPersistence();
            silo.Services.AddSingleton<TimeProvider>(Clock);
            silo.Services.AddSingleton<IConfiguration>(configuration);
            silo.Services.AddSingleton<IIngestQueue>(Queue);
            silo.AddMarqueeGrains(configuration);
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        if (Directory.Exists(DataFolder))
        {
            Directory.Delete(DataFolder, recursive: true);
        }
    }
}

/// <summary>An ingest queue whose jobs wait until the test releases them.</summary>
public sealed class GatedIngestQueue : IIngestQueue
{
    readonly Channel<Guid> _released = Channel.CreateUnbounded<Guid>();
    readonly Lock _lock = new();
    readonly List<Guid> _held = [];

    public bool TryEnqueue(Guid jobId)
    {
        lock (_lock)
        {
            _held.Add(jobId);
        }

        return true;
    }

    /// <summary>Lets every offer of the job so far through to the worker; false when none was made.</summary>
    public bool Release(Guid jobId)
    {
        int count;
        lock (_lock)
        {
            count = _held.RemoveAll(j => j == jobId);
        }

        for (var i = 0; i < count; i++)
        {
            _released.Writer.TryWrite(jobId);
        }

        return count > 0;
    }

    public IAsyncEnumerable<Guid> ReadAllAsync(CancellationToken ct) => _released.Reader.ReadAllAsync(ct);
}

/// <summary>Ingest grain tests that share one gated cluster.</summary>
[CollectionDefinition(Name)]
public sealed class IngestClusterCollection : ICollectionFixture<IngestClusterFixture>
{
    public const string Name = "ingest-cluster";
}
