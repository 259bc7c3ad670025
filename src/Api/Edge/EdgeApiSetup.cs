using System.Net;
using Marquee.Api.Playback;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace Marquee.Api.Edge;

/// <summary>The API side of the delivery network and playback: client location, region map, demo fleet, endpoints.</summary>
public static class EdgeApiSetup
{
    public static IServiceCollection AddMarqueeEdgeApi(this IServiceCollection services)
    {
        services.AddOptions<ClientLocationOptions>()
            .BindConfiguration(ClientLocationOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => o.KnownProxies.All(p => IPAddress.TryParse(p, out _)), "ClientLocation:KnownProxies must be IP addresses.")
            .Validate(o => o.KnownNetworks.All(n => System.Net.IPNetwork.TryParse(n, out _)), "ClientLocation:KnownNetworks must be CIDR networks (e.g. 10.0.0.0/8).")
            .ValidateOnStart();
        services.AddOptions<FleetSimulatorOptions>().BindConfiguration(FleetSimulatorOptions.Section);
        services.AddSingleton(sp => LoadZones(sp.GetRequiredService<IOptions<ClientLocationOptions>>().Value, sp.GetRequiredService<IHostEnvironment>()));
        services.AddSingleton<ClientLocator>();
        services.AddSingleton<EdgeRegionDirectory>();
        services.AddSingleton<DemoFleetKeys>();
        services.AddSingleton<DemoFleetSeeder>();
        services.AddHostedService<FleetSimulator>();

        // X-Forwarded-For is believed only from the configured proxies (none by default, loopback included).
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ClientLocationOptions>>((forwarded, location) =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var proxy in location.Value.KnownProxies)
            {
                forwarded.KnownProxies.Add(IPAddress.Parse(proxy));
            }

            foreach (var network in location.Value.KnownNetworks)
            {
                forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });
        return services;
    }

    /// <summary>Rewrites the remote address from X-Forwarded-For when the connection comes from a known proxy.</summary>
    public static WebApplication UseMarqueeForwardedHeaders(this WebApplication app)
    {
        app.UseForwardedHeaders();
        return app;
    }

    public static IEndpointRouteBuilder MapMarqueeEdge(this IEndpointRouteBuilder app)
    {
        app.MapEdges();
        app.MapPlayback();
        return app;
    }

    static CoverageZoneMap LoadZones(ClientLocationOptions options, IHostEnvironment environment)
    {
        if (string.IsNullOrWhiteSpace(options.CoverageZoneFile))
        {
            return CoverageZoneMap.Empty;
        }

        var path = Path.IsPathRooted(options.CoverageZoneFile)
            ? options.CoverageZoneFile
            : Path.Combine(environment.ContentRootPath, options.CoverageZoneFile);
        if (!File.Exists(path))
        {
            throw new OptionsValidationException(ClientLocationOptions.Section, typeof(ClientLocationOptions),
                [$"ClientLocation:CoverageZoneFile points at {path}, which does not exist: fix the path or leave it empty."]);
        }

        return CoverageZoneMap.Load(path);
    }
}
