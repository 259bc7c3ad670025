using Marquee.Grains.Accounts;
using Marquee.Grains.Edge;
using Marquee.Grains.History;
using Marquee.Grains.Ingest;
using Marquee.Grains.Playback;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Marquee.Grains.Hosting;

/// <summary>Services and options the grains of each domain need inside a silo.</summary>
public static class DomainServices
{
    /// <summary>Registers each domain's silo-side services; each domain adds its own line.</summary>
    public static IServiceCollection AddMarqueeDomain(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddMarqueeIngest(configuration);
        services.AddMarqueeAccounts(configuration);
        services.AddViewingHistory(configuration);
        services.AddMarqueeEdge(configuration);
        services.AddMarqueePlayback(configuration);
        return services;
    }
}
