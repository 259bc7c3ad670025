using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Marquee.Grains.Playback;

/// <summary>The silo-side services of playback: options and where lifecycle events go.</summary>
public static class PlaybackServices
{
    public static IServiceCollection AddMarqueePlayback(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PlaybackOptions>()
            .Bind(configuration.GetSection(PlaybackOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton<IViewingEventSink, HistoryViewingEventSink>();
        return services;
    }
}
