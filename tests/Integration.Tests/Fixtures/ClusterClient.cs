using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;

namespace Marquee.Integration.Tests.Fixtures;

/// <summary>An Orleans client of a test cluster that talks only to the gateways it is given (static clustering).</summary>
public sealed class ClusterClient : IAsyncDisposable
{
    readonly IHost _host;

    ClusterClient(IHost host) => _host = host;

    public IClusterClient Client => _host.Services.GetRequiredService<IClusterClient>();

    public IGrainFactory Grains => Client;

    /// <summary>Connects through exactly these gateways, so a test decides which silo its calls enter by.</summary>
    public static async Task<ClusterClient> ConnectAsync(ClusterSettings cluster, params IPEndPoint[] gateways)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = cluster.ClusterId;
                o.ServiceId = cluster.ServiceId;
            });
            client.UseStaticClustering(gateways);
            // A call to a silo that just died fails after this instead of the default 30 s.
            client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(10));
        });
        var host = builder.Build();
        await host.StartAsync();
        return new ClusterClient(host);
    }

    public async ValueTask DisposeAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await _host.StopAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            // Its gateway is gone: nothing to close gracefully.
        }

        _host.Dispose();
    }
}
