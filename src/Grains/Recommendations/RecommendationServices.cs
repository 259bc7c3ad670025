using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Marquee.Grains.Recommendations;

/// <summary>The silo-side services of recommendations: options, the model holder, the catalogue copy, the trainer.</summary>
public static class RecommendationServices
{
    /// <summary>Registers the recommendation services of a silo (the trainer runs as a hosted service).</summary>
    public static IServiceCollection AddMarqueeRecommendations(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<RecommendationServiceOptions>()
            .BindConfiguration(RecommendationServiceOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<ModelHolder>();
        services.AddSingleton<TitleCatalogCache>();
        services.AddSingleton<ModelTrainer>();
        services.AddHostedService(sp => sp.GetRequiredService<ModelTrainer>());
        return services;
    }
}
