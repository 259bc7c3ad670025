using System.ComponentModel;
using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Metadata;

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

    /// <inheritdoc />
    public int? StatusCode => StatusCodes.Status200OK;

    /// <inheritdoc />
    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json; charset=utf-8";
        response.ContentLength = Utf8.Length;
        return response.BodyWriter.WriteAsync(Utf8).AsTask();
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
