using Marquee.Grains.Hosting;
using Marquee.Hosting;
using Orleans.Configuration;

namespace Marquee.Api.Hosting;

/// <summary>Joins the API to Orleans: an in-process silo (embedded, the default) or a client of a Redis-discovered cluster.</summary>
public static class OrleansSetup
{
    public static WebApplicationBuilder AddMarqueeOrleans(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<OrleansHostingOptions>()
            .BindConfiguration(OrleansHostingOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => o.IsEmbedded || !string.IsNullOrWhiteSpace(o.Redis),
                "Orleans:Redis is required in cluster mode (e.g. 127.0.0.1:6379); set it or use Orleans:Mode=Embedded.")
            .ValidateOnStart();

        var options = builder.Configuration.GetSection(OrleansHostingOptions.Section).Get<OrleansHostingOptions>() ?? new();
        if (options.IsEmbedded)
        {
            builder.UseOrleans(silo => silo.UseEmbeddedHosting(options).AddMarqueeGrains(builder.Configuration));
        }
        else
        {
            StartupChecks.RequireRedis(options.Redis, "Orleans:Redis");
            builder.UseOrleansClient(client =>
            {
                client.Configure<ClusterOptions>(o =>
                {
                    o.ClusterId = options.ClusterId;
                    o.ServiceId = options.ServiceId;
                });
                // Gateways are discovered from the silos' Redis membership; a lost gateway is replaced by another.
                client.UseRedisClustering(options.Redis!);
                client.AddMemoryStreams(StreamNames.Provider);
                client.Services.AddDatabaseExceptionSerialization();
            });
        }

        return builder;
    }
}
