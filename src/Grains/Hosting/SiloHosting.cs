using System.Net;
using Marquee.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Dashboard;
using Orleans.Runtime.MembershipService.SiloMetadata;
using Orleans.Serialization;
using Orleans.Storage;
using StackExchange.Redis;

namespace Marquee.Grains.Hosting;

/// <summary>The silo's composition: one place that says which grains, storage and streams a silo has.</summary>
public static class SiloHosting
{
    /// <summary>The silo metadata key that carries the delivery region a silo serves (Orleans:Region).</summary>
    public const string RegionMetadataKey = "cloud.region";

    /// <summary>The ADO.NET invariant of the PostgreSQL provider (Npgsql).</summary>
    public const string PostgresInvariant = "Npgsql";

    /// <summary>Everything every silo has whatever the hosting mode (test silos too): services grains need, streams.</summary>
    public static ISiloBuilder AddMarqueeGrains(this ISiloBuilder silo, IConfiguration configuration)
    {
        silo.Services.TryAddSingleton(TimeProvider.System);
        silo.AddMemoryStreams(StreamNames.Provider);
        silo.Services.AddDatabaseExceptionSerialization();
        silo.Services.AddMarqueeDomain(configuration);
        return silo;
    }

    /// <summary>
    /// Lets PostgreSQL's exceptions (Npgsql) cross between silos and clients. Orleans serializes only exceptions of the
    /// Microsoft, System and Azure namespaces by default: a storage failure behind a grain reached the caller as a
    /// <c>CodecNotFoundException</c> (the API answered 500) instead of the database error it was (503 and fallbacks).
    /// Silos and clients both need it.
    /// </summary>
    public static IServiceCollection AddDatabaseExceptionSerialization(this IServiceCollection services) =>
        services.Configure<ExceptionSerializationOptions>(o => o.SupportedNamespacePrefixes.Add("Npgsql"));

    /// <summary>In-process silo: localhost clustering on free ports, memory storage, in-memory reminders.</summary>
    public static ISiloBuilder UseEmbeddedHosting(this ISiloBuilder silo, OrleansHostingOptions options)
    {
        var siloPort = options.SiloPort == 0 ? FreePort.Next() : options.SiloPort;
        var gatewayPort = options.GatewayPort == 0 ? FreePort.Next() : options.GatewayPort;
        silo.UseLocalhostClustering(siloPort, gatewayPort, serviceId: options.ServiceId, clusterId: options.ClusterId);
        silo.UseMemoryPersistence();
        silo.AddDashboard();
        return silo;
    }

    /// <summary>
    /// Grain state, stream subscriptions and reminders in the silo's memory: the embedded mode's persistence, and that of
    /// the test clusters and benchmarks, so they store state exactly as the embedded service does.
    /// </summary>
    /// <remarks>
    /// Orleans' serializer, as for PostgreSQL: the default JSON one refuses compiler-made collection types, so a
    /// deactivated grain whose state holds one (an account's profiles) could not be read back.
    /// </remarks>
    public static ISiloBuilder UseMemoryPersistence(this ISiloBuilder silo)
    {
        silo.AddMemoryGrainStorage(StorageNames.Default, (OptionsBuilder<MemoryGrainStorageOptions> storage) => storage.Configure<Serializer>(
            (o, serializer) => o.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer)));
        silo.AddMemoryGrainStorage(StorageNames.PubSub);
        silo.UseInMemoryReminderService();
        return silo;
    }

    /// <summary>
    /// Cluster silo: Redis membership and reminders, PostgreSQL grain state (the schema must be applied first, see
    /// <see cref="PostgresSchema"/>), ports from configuration, the region as silo metadata.
    /// </summary>
    public static ISiloBuilder UseClusterHosting(this ISiloBuilder silo, OrleansHostingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Redis);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Postgres);
        silo.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = options.ClusterId;
            o.ServiceId = options.ServiceId;
        });
        var siloPort = options.SiloPort == 0 ? FreePort.Next() : options.SiloPort;
        var gatewayPort = options.GatewayPort == 0 ? FreePort.Next() : options.GatewayPort;
        silo.ConfigureEndpoints(IPAddress.Parse(options.AdvertisedAddress), siloPort, gatewayPort, listenOnAnyHostAddress: false);

        // Failure detection can be tuned per deployment (Orleans:Membership:ProbeTimeout, NumMissedProbesLimit, ...).
        silo.Services.Configure<ClusterMembershipOptions>(silo.Configuration.GetSection(OrleansHostingOptions.Section).GetSection("Membership"));
        silo.UseRedisClustering(options.Redis);
        silo.UseRedisReminderService(o => o.ConfigurationOptions = ConfigurationOptions.Parse(options.Redis));
        silo.AddPostgresGrainStorage(StorageNames.Default, options.Postgres);
        silo.AddPostgresGrainStorage(StorageNames.PubSub, options.Postgres);

        // Published to every silo through membership; region-aware placement reads it (Orleans:Metadata:* adds more).
        var metadata = silo.Configuration.GetSection(OrleansHostingOptions.Section).GetSection("Metadata").Get<Dictionary<string, string>>() ?? [];
        if (!string.IsNullOrWhiteSpace(options.Region))
        {
            metadata[RegionMetadataKey] = options.Region;
        }

        silo.UseSiloMetadata(metadata);
        silo.AddDashboard();
        return silo;
    }

    /// <summary>
    /// A grain storage provider on PostgreSQL (ADO.NET provider, Marquee's schema, see <see cref="PostgresSchema"/>),
    /// state serialized with Orleans' own serializer.
    /// </summary>
    /// <remarks>
    /// Not the provider's default JSON serializer: that one writes CLR type names into each row, so a renamed type
    /// breaks stored state, and its type allow-list refuses compiler-made collection types (a collection expression
    /// assigned to an IReadOnlyList). Orleans' serializer reads what the contracts already promise: stable [Alias]
    /// names and [Id] fields that may be added at the end.
    /// </remarks>
    public static ISiloBuilder AddPostgresGrainStorage(this ISiloBuilder silo, string name, string connectionString, bool deleteStateOnClear = false) =>
        silo.AddAdoNetGrainStorage(name, (OptionsBuilder<AdoNetGrainStorageOptions> storage) => storage.Configure<Serializer>((o, serializer) =>
        {
            o.Invariant = PostgresInvariant;
            o.ConnectionString = connectionString;
            o.DeleteStateOnClear = deleteStateOnClear;
            o.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer);
        }));
}
