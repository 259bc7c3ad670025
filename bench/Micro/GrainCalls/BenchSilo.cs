using Marquee.Grains.Hosting;
using Marquee.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Marquee.Micro.GrainCalls;

/// <summary>
/// One in-process silo with Marquee's grains (memory storage, localhost clustering on free ports, as the embedded
/// mode has it minus the dashboard) and an external client connected to its gateway over loopback TCP (as the API
/// in cluster mode reaches its silos).
/// </summary>
public sealed class BenchSilo : IAsyncDisposable
{
    readonly IHost _silo;
    readonly IHost _client;

    BenchSilo(IHost silo, IHost client)
    {
        _silo = silo;
        _client = client;
    }

    /// <summary>The silo's own grain factory: calls from the API co-hosted in the silo process (embedded mode).</summary>
    public IGrainFactory CoHosted => _silo.Services.GetRequiredService<IGrainFactory>();

    /// <summary>A client of the silo's gateway: calls serialized over loopback TCP (cluster mode).</summary>
    public IClusterClient Gateway => _client.Services.GetRequiredService<IClusterClient>();

    public static async Task<BenchSilo> StartAsync()
    {
        var siloPort = FreePort.Next();
        var gatewayPort = FreePort.Next();
        var settings = new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = Environments.Production };

        var siloBuilder = Host.CreateApplicationBuilder(settings);
        siloBuilder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Orleans:Mode"] = "Embedded" });
        // Critical only: a failing setup throws through its awaited calls anyway, and at each stop this one-silo
        // cluster's memory-storage grains leave before the catalogue index writes on deactivation, which Orleans,
        // Polly and the index log as errors and warnings between the benchmark's results.
        siloBuilder.Logging.SetMinimumLevel(LogLevel.Critical).AddConsole();
        siloBuilder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(siloPort, gatewayPort);
            silo.UseMemoryPersistence();
            silo.AddMarqueeGrains(siloBuilder.Configuration);
        });
        var silo = siloBuilder.Build();
        await silo.StartAsync();

        var clientBuilder = Host.CreateApplicationBuilder(settings);
        clientBuilder.Logging.SetMinimumLevel(LogLevel.Critical).AddConsole();
        clientBuilder.UseOrleansClient(client => client.UseLocalhostClustering(gatewayPort));
        var client = clientBuilder.Build();
        await client.StartAsync();
        return new BenchSilo(silo, client);
    }

    public async ValueTask DisposeAsync()
    {
        await _client.StopAsync();
        _client.Dispose();
        await _silo.StopAsync();
        _silo.Dispose();
    }
}
