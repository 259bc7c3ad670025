using System.ComponentModel;
using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Net.Http.Headers;

namespace Marquee.Api.Hosting;

/// <summary>
/// A 200 JSON answer serialized once, for a cache to hold: every hit writes the same UTF-8 bytes instead of serializing
/// the value again (a home page is some fifteen kilobytes of JSON, and serializing it was a fifth of a warm home
/// request's allocations). OpenAPI describes it as <typeparamref name="T"/>, as <c>Ok&lt;T&gt;</c> would.
/// </summary>
[ImmutableObject(true)]
public sealed class SerializedJson<T> : IResult, IEndpointMetadataProvider, IStatusCodeHttpResult, IValueHttpResult<T>
{
    internal SerializedJson(T value, byte[] utf8)
    {
        Value = value;
        Utf8 = utf8;
    }

    /// <summary>The value the bytes were serialized from.</summary>
    public T Value { get; }

    /// <summary>The JSON, as the API's own serializer options write <see cref="Value"/>.</summary>
    public ReadOnlyMemory<byte> Utf8 { get; }

    // The compressed forms made so far, one per encoding (br, gzip); replaced whole, never changed in place.
    volatile (string Encoding, byte[] Bytes)[] _compressed = [];

    /// <inheritdoc />
    public int? StatusCode => StatusCodes.Status200OK;

    /// <inheritdoc />
    /// <remarks>
    /// To an app that accepts compression (apps send <c>Accept-Encoding: gzip</c> on every request), by the gateway's
    /// rule (<see cref="IResponseCompressionProvider"/>), the answer is these bytes compressed once per encoding and
    /// kept with them, not compressed again on every hit: a cached home page is some fifteen kilobytes, and compressing
    /// it on each request tripled a warm home request's CPU (docs/performance.md).
    /// </remarks>
    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json; charset=utf-8";
        var body = Utf8;
        if (httpContext.RequestServices.GetService<IResponseCompressionProvider>() is { } compression
            && compression.CheckRequestAcceptsCompression(httpContext)
            && compression.ShouldCompressResponse(httpContext)
            && compression.GetCompressionProvider(httpContext) is { } provider)
        {
            body = CompressedWith(provider);
            response.Headers.ContentEncoding = provider.EncodingName;
            response.Headers.Vary = HeaderNames.AcceptEncoding;
        }

        response.ContentLength = body.Length;
        return response.BodyWriter.WriteAsync(body).AsTask();
    }

    /// <summary>The JSON compressed by <paramref name="provider"/>, made on first use and kept with this answer.</summary>
    internal ReadOnlyMemory<byte> CompressedWith(ICompressionProvider provider)
    {
        foreach (var (encoding, bytes) in _compressed)
        {
            if (encoding == provider.EncodingName)
            {
                return bytes;
            }
        }

        using var buffer = new MemoryStream();
        using (var stream = provider.CreateStream(buffer))
        {
            stream.Write(Utf8.Span);
        }

        var made = buffer.ToArray();
        // Two first requests at once may both compress; the later copy wins and either one is right.
        _compressed = [.. _compressed, (provider.EncodingName, made)];
        return made;
    }

    /// <inheritdoc />
#pragma warning disable CA1000 // The metadata hook is a static interface member: it has to live on the generic type.
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(T), ["application/json"]));
    }
#pragma warning restore CA1000
}

/// <summary>Makes <see cref="SerializedJson{T}"/> answers.</summary>
public static class SerializedJson
{
    /// <summary>Serializes <paramref name="value"/> once with the API's JSON options.</summary>
    public static SerializedJson<T> From<T>(T value, JsonSerializerOptions options) =>
        new(value, JsonSerializer.SerializeToUtf8Bytes(value, options));
}
