namespace Marquee.Api.Gateway;

/// <summary>How much a route matters when the API is overloaded: lower priorities are refused first.</summary>
public enum RoutePriority
{
    /// <summary>Operations routes (health, metrics, docs, dashboard): never shed, never rate limited.</summary>
    Ops = 0,

    /// <summary>What a member cannot do without (start playback, log in, home, search): shed last.</summary>
    Critical = 1,

    /// <summary>Useful but able to wait (history, trending); also the default of a route that does not say.</summary>
    Degraded = 2,

    /// <summary>Nice to have (artwork feedback, admin lists): shed first.</summary>
    NonCritical = 3,
}

/// <summary>Endpoint metadata carrying the route's <see cref="RoutePriority"/>.</summary>
public sealed class RoutePriorityMetadata(RoutePriority priority)
{
    public RoutePriority Priority { get; } = priority;

    public override string ToString() => $"Priority: {Priority}";
}

/// <summary>Annotations endpoints (or route groups) put on themselves for the gateway.</summary>
public static class GatewayEndpointConventions
{
    /// <summary>Sets the route's priority for load shedding; the innermost annotation wins (endpoint over group).</summary>
    public static TBuilder WithPriority<TBuilder>(this TBuilder builder, RoutePriority priority)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.WithMetadata(new RoutePriorityMetadata(priority));
    }

    /// <summary>Raises or lowers the request body limit of a route (the global one is <c>Gateway:MaxRequestBodyBytes</c>).</summary>
    /// <remarks>Routing applies it to the server's body-size feature; the gateway also answers 413 up front on Content-Length.</remarks>
    public static TBuilder WithRequestBodyLimit<TBuilder>(this TBuilder builder, long maxBytes)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytes);
        return builder.WithMetadata(new RequestBodyLimitMetadata(maxBytes));
    }
}

/// <summary>Per-route body limit, read by routing (it implements the framework's <see cref="Microsoft.AspNetCore.Http.Metadata.IRequestSizeLimitMetadata"/>).</summary>
internal sealed class RequestBodyLimitMetadata(long maxBytes) : Microsoft.AspNetCore.Http.Metadata.IRequestSizeLimitMetadata
{
    public long? MaxRequestBodySize { get; } = maxBytes;
}
