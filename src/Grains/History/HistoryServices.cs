using Marquee.Grains.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Marquee.Grains.History;

/// <summary>The silo-side services of viewing history and trending.</summary>
public static class HistoryServices
{
    /// <summary>
    /// Options, the silo's fan-in batching (<see cref="ViewingFanIn"/>), and the history store: PostgreSQL (batched writer) when the silo runs in cluster mode with
    /// <c>Orleans:Postgres</c> set, memory otherwise.
    /// </summary>
    public static IServiceCollection AddViewingHistory(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<HistoryOptions>().BindConfiguration(HistoryOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<TrendingOptions>().BindConfiguration(TrendingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<FanInOptions>().BindConfiguration(FanInOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IFanInTargets, GrainFanInTargets>();
        services.AddSingleton<ViewingFanIn>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<ViewingFanIn>());

        var hosting = configuration.GetSection(OrleansHostingOptions.Section).Get<OrleansHostingOptions>() ?? new();
        if (!hosting.IsEmbedded && !string.IsNullOrWhiteSpace(hosting.Postgres))
        {
            services.AddSingleton<IViewingEventStore>(sp => new PostgresViewingEventStore(
                hosting.Postgres,
                sp.GetRequiredService<IOptions<HistoryOptions>>(),
                sp.GetRequiredService<ILogger<PostgresViewingEventStore>>()));
        }
        else
        {
            services.AddSingleton<IViewingEventStore, MemoryViewingEventStore>();
        }

        return services;
    }
}
