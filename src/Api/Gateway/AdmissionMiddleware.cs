using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;

namespace Marquee.Api.Gateway;

/// <summary>
/// Runs right after routing: notes the route and its priority, refuses oversized bodies (413) before anything reads
/// them, and admits the request against the load-shedding budget (503 with Retry-After when its priority's share is used).
/// </summary>
internal sealed class AdmissionMiddleware(
    RequestDelegate next,
    LoadShedder shedder,
    GatewayMetrics metrics,
    IOptionsMonitor<GatewayOptions> options)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var feature = context.Features.GetRequiredFeature<GatewayFeature>();
        var endpoint = context.GetEndpoint();
        var priority = endpoint?.Metadata.GetMetadata<RoutePriorityMetadata>()?.Priority ?? shedder.DefaultPriority;
        feature.Route = (endpoint as RouteEndpoint)?.RoutePattern.RawText;
        feature.Priority = priority;

        if (context.Request.ContentLength is { } length)
        {
            var limit = endpoint?.Metadata.GetMetadata<IRequestSizeLimitMetadata>() is { } routeLimit
                ? routeLimit.MaxRequestBodySize
                : options.CurrentValue.MaxRequestBodyBytes;
            if (length > limit)
            {
                await GatewayProblems.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, "The request body is too large",
                    $"The body has {length} bytes; this route accepts at most {limit}.");
                return;
            }
        }

        if (priority == RoutePriority.Ops)
        {
            await next(context);
            return;
        }

        if (!shedder.TryEnter(priority))
        {
            metrics.Shed(feature.Route, priority);
            await GatewayProblems.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "The service is overloaded",
                $"Requests of {priority} priority are being shed to keep critical ones (playback) fast; retry shortly.",
                shedder.RetryAfter);
            return;
        }

        try
        {
            await next(context);
        }
        finally
        {
            shedder.Exit();
        }
    }
}
