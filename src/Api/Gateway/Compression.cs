using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.Options;

namespace Marquee.Api.Gateway;

/// <summary>
/// Marks routes whose answers are sent as they are, never compressed: small answers on a hot path (a heartbeat's is
/// about a hundred bytes), where compressing each one costs the server more than the bytes it saves. Apps send
/// <c>Accept-Encoding: gzip</c> on every request; without this, every heartbeat would start a Brotli encoder.
/// </summary>
public sealed class UncompressedResponses
{
    public static readonly UncompressedResponses Instance = new();

    UncompressedResponses()
    {
    }
}

/// <summary>The gateway's compression rule: ASP.NET's (Accept-Encoding, JSON types, not over HTTPS), except on routes marked <see cref="UncompressedResponses"/>.</summary>
internal sealed class GatewayCompressionProvider(IServiceProvider services, IOptions<ResponseCompressionOptions> options)
    : ResponseCompressionProvider(services, options)
{
    public override bool ShouldCompressResponse(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<UncompressedResponses>() is null && base.ShouldCompressResponse(context);
}

public static class CompressionConventions
{
    /// <summary>Answers of these routes are never compressed (<see cref="UncompressedResponses"/>).</summary>
    public static TBuilder WithUncompressedResponses<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(UncompressedResponses.Instance);
}
