using Marquee.Grains.Edge;
using Marquee.Grains.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Marquee.Grains.Ingest;

/// <summary>Registers ingest: its options and origin store (API and silo), its worker (silo).</summary>
public static class IngestServices
{
    /// <summary>Options and the origin store: what both the API (uploads, edge data plane) and the silo (ingest) read.</summary>
    public static IServiceCollection AddMarqueeMediaStorage(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(IOriginStore)))
        {
            return services;
        }

        services.AddOptions<IngestOptions>()
            .BindConfiguration(IngestOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton<IOriginStore, FileSystemOriginStore>();
        // The silo signs the media URLs of a session's manifest, the API's edge data plane and origin route check them.
        services.AddOptions<MediaUrlOptions>()
            .BindConfiguration(MediaUrlOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => string.IsNullOrWhiteSpace(o.SigningKey) || MediaUrlSigner.IsUsableKey(o.SigningKey),
                "MediaUrls:SigningKey must be base64 of at least 32 bytes (e.g. head -c 32 /dev/urandom | base64).")
            // One key for the whole cluster: the silos sign, every API instance checks. Only an embedded (single-process)
            // deployment may go without one (a random key per process).
            .Validate<IOptions<OrleansHostingOptions>>((media, orleans) => orleans.Value.IsEmbedded || !string.IsNullOrWhiteSpace(media.SigningKey),
                "MediaUrls:SigningKey is required in cluster mode: the silos sign media URLs that every API instance checks.")
            .ValidateOnStart();
        services.TryAddSingleton<MediaUrlSigner>();
        return services;
    }

    /// <summary>The silo side: probe, transcoder, the per-silo worker and its queue.</summary>
    public static IServiceCollection AddMarqueeIngest(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddMarqueeMediaStorage();
        services.AddMetrics();
        services.AddOptions<IngestOptions>()
            .Validate(o => o.ResolveFfmpeg() is not null,
                "ffmpeg was not found (Ingest:FfmpegPath): install it (apt-get install ffmpeg) or set Ingest:FfmpegPath to its full path.");
        services.TryAddSingleton<FfmpegBinaries>();
        services.TryAddSingleton<MediaProbe>();
        services.TryAddSingleton<HlsTranscoder>();
        services.TryAddSingleton<IIngestQueue, IngestQueue>();
        services.TryAddSingleton<IngestMetrics>();
        services.TryAddSingleton<IngestPipeline>();
        services.TryAddSingleton<OrphanedUploadSweeper>();
        services.AddHostedService<IngestWorker>();
        return services;
    }
}
