using System.Net;
using Marquee.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Dashboard;

namespace Marquee.Grains.Hosting;

/// <summary>The silo's composition: one place that says which grains, storage and streams a silo has.</summary>
public static class SiloHosting
{
    /// <summary>Everything every silo has whatever the hosting mode (test silos too): services grains need, streams.</summary>
    public static ISiloBuilder AddMarqueeGrains(this ISiloBuilder silo, IConfiguration configuration)
    {
        silo.Services.TryAddSingleton(TimeProvider.System);
        silo.AddMemoryStreams(StreamNames.Provider);
        silo.Services.AddMarqueeDomain(configuration);
        return silo;
    }

    /// <summary>In-process silo: localhost clustering on free ports, memory storage, in-memory reminders.</summary>
    public static ISiloBuilder UseEmbeddedHosting(this ISiloBuilder silo, OrleansHostingOptions options)
    {
        var siloPort = options.SiloPort == 0 ? FreePort.Next() : options.SiloPort;
        var gatewayPort = options.GatewayPort == 0 ? FreePort.Next() : options.GatewayPort;
        silo.UseLocalhostClustering(siloPort, gatewayPort, serviceId: options.ServiceId, clusterId: options.ClusterId);
        silo.AddMemoryGrainStorage(StorageNames.Default);
        silo.AddMemoryGrainStorage(StorageNames.PubSub);
        silo.UseInMemoryReminderService();
        silo.AddDashboard();
        return silo;
    }

    /// <summary>Cluster silo: Redis membership, PostgreSQL grain state, ports from configuration.</summary>
    public static ISiloBuilder UseClusterHosting(this ISiloBuilder silo, OrleansHostingOptions options)
    {
        silo.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = options.ClusterId;
            o.ServiceId = options.ServiceId;
        });
        silo.ConfigureEndpoints(IPAddress.Parse(options.AdvertisedAddress), options.SiloPort, options.GatewayPort, listenOnAnyHostAddress: false);
        silo.UseRedisClustering(options.Redis!);
        silo.AddAdoNetGrainStorage(StorageNames.Default, o =>
        {
            o.Invariant = "Npgsql";
            o.ConnectionString = options.Postgres;
        });
        silo.AddAdoNetGrainStorage(StorageNames.PubSub, o =>
        {
            o.Invariant = "Npgsql";
            o.ConnectionString = options.Postgres;
        });
        silo.UseInMemoryReminderService();
        silo.AddDashboard();
        return silo;
    }
}
