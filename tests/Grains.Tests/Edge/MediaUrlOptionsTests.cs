using Marquee.Grains.Edge;
using Marquee.Grains.Hosting;
using Marquee.Grains.Ingest;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Marquee.Grains.Tests.Edge;

/// <summary>The media URL key rules, as the API and the silo both register them (AddMarqueeMediaStorage).</summary>
public sealed class MediaUrlOptionsTests
{
    [Fact]
    public void ClusterMode_WithoutASigningKey_IsRefused()
    {
        using var services = Build("Cluster", key: null);

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<MediaUrlOptions>>().Value);
        Assert.Contains("MediaUrls:SigningKey is required in cluster mode", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EmbeddedMode_WithoutASigningKey_IsAccepted_AndClusterModeWithOne()
    {
        using var embedded = Build("Embedded", key: null);
        using var cluster = Build("Cluster", key: Convert.ToBase64String(new byte[32]));

        Assert.Null(embedded.GetRequiredService<IOptions<MediaUrlOptions>>().Value.SigningKey);
        Assert.NotNull(cluster.GetRequiredService<IOptions<MediaUrlOptions>>().Value.SigningKey);
    }

    static ServiceProvider Build(string mode, string? key)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["MediaUrls:SigningKey"] = key,
        }).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
        services.Configure<OrleansHostingOptions>(o => o.Mode = mode);
        services.AddMarqueeMediaStorage();
        return services.BuildServiceProvider();
    }
}
