using System.IO.Compression;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Marquee.Api.Gateway;

/// <summary>The gateway filters (inbound and outbound) and their order in the request pipeline.</summary>
public static class GatewaySetup
{
    public static WebApplicationBuilder AddMarqueeGateway(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<GatewayOptions>().BindConfiguration(GatewayOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<LoadSheddingOptions>().BindConfiguration(LoadSheddingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<CohortOptions>().BindConfiguration(CohortOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        services.AddSingleton<LoadShedder>();
        services.AddSingleton<CohortService>();
        services.AddSingleton<GatewayMetrics>();

        // No Server header; the body limit applies before the endpoint reads anything (routes can change it).
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<GatewayOptions>>(
            (kestrel, gateway) => kestrel.Limits.MaxRequestBodySize = gateway.Value.MaxRequestBodyBytes);

        // Malformed input (bad JSON, a missing body, an unparsable route value) throws, so the exception handler can
        // answer problem details that say what was wrong instead of an empty 400.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddExceptionHandler<GatewayExceptionHandler>();
        services.Configure<ProblemDetailsOptions>(o =>
        {
            var previous = o.CustomizeProblemDetails;
            o.CustomizeProblemDetails = context =>
            {
                previous?.Invoke(context);
                context.ProblemDetails.Extensions["requestId"] = context.HttpContext.GetRequestId();
            };
        });

        services.AddMarqueeRateLimiting();

        // JSON only. Not over HTTPS: compressing secrets (tokens) beside reflected input invites BREACH; TLS ends at
        // the load balancer in front of the API, which talks plain HTTP to it.
        services.AddResponseCompression(o =>
        {
            o.EnableForHttps = false;
            o.Providers.Add<BrotliCompressionProvider>();
            o.Providers.Add<GzipCompressionProvider>();
            o.MimeTypes = ["application/json", "application/problem+json"];
        });
        // Routes can opt out (small answers on a hot path: playback); cached pages bring their own compressed bytes (SerializedJson).
        services.Replace(ServiceDescriptor.Singleton<IResponseCompressionProvider, GatewayCompressionProvider>());
        services.Configure<BrotliCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        services.Configure<GzipCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        return builder;
    }

    /// <summary>
    /// The inbound order: request id and outbound headers/metrics first (they see every answer), compression, the
    /// exception handler, routing, admission (body size, load shedding), the member fast path, authentication, rate
    /// limits (per member needs the user), authorization.
    /// </summary>
    public static WebApplication UseMarqueeGatewayFilters(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseMiddleware<GatewayEntryMiddleware>();
        app.UseResponseCompression();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseRouting();
        app.UseMiddleware<AdmissionMiddleware>();
        // Plain member routes with an already-validated token: authentication, rate limit, authorization and the
        // endpoint in one step (MemberFastPath says which requests); everything else goes on through the three below.
        app.UseMiddleware<MemberFastPath>();
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        return app;
    }
}
