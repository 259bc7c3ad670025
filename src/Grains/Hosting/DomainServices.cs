using Marquee.Grains.Accounts;
using Marquee.Grains.Edge;
using Marquee.Grains.Playback;
using Marquee.Grains.History;
using Marquee.Grains.Recommendations;
using Marquee.Grains.Ingest;
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
        services.AddMarqueeAccounts(configuration);
        services.AddMarqueeEdge(configuration);
        services.AddMarqueePlayback(configuration);
        services.AddViewingHistory(configuration);
        services.AddMarqueeRecommendations(configuration);
        services.AddMarqueeIngest(configuration);
        return services;
    }
}
