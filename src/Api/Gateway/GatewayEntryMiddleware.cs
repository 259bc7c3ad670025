using System.Globalization;
using Microsoft.AspNetCore.Http.Features;

namespace Marquee.Api.Gateway;

/// <summary>
/// The outermost gateway filter: accepts or makes the request id, and on the way out echoes it, adds
/// <c>Server-Timing</c> and <c>X-Cohort</c>, and records the per-route metrics.
/// </summary>
internal sealed class GatewayEntryMiddleware
{
    public const string ServerTimingHeader = "Server-Timing";
    public const string CohortHeader = "X-Cohort";

    readonly RequestDelegate _next;
    readonly GatewayMetrics _metrics;
    readonly CohortService _cohorts;
    readonly TimeProvider _clock;
    readonly Func<object, Task> _onStarting;

    public GatewayEntryMiddleware(RequestDelegate next, GatewayMetrics metrics, CohortService cohorts, TimeProvider clock)
    {
        _next = next;
        _metrics = metrics;
        _cohorts = cohorts;
        _clock = clock;
        _onStarting = OnStarting;
    }

    public async Task InvokeAsync(HttpContext context)
    {
        var feature = new GatewayFeature(RequestIds.AcceptOrCreate(context.Request.Headers[RequestIds.Header]), _clock.GetTimestamp());
        context.Features.Set(feature);
        context.TraceIdentifier = feature.RequestId;
        context.Response.OnStarting(_onStarting, context);

        var statusCode = 500;
        try
        {
            await _next(context);
            statusCode = context.Response.StatusCode;
        }
        finally
        {
            // An exception that got this far is answered 500 by the server (or the request was aborted).
            _metrics.RequestFinished(feature.Route, context.Request.Method, statusCode, feature.Priority, _clock.GetElapsedTime(feature.StartTimestamp));
        }
    }

    Task OnStarting(object state)
    {
        var context = (HttpContext)state;
        var feature = context.Features.GetRequiredFeature<GatewayFeature>();
        var headers = context.Response.Headers;
        headers[RequestIds.Header] = feature.RequestId;
        var elapsed = _clock.GetElapsedTime(feature.StartTimestamp);
        headers[ServerTimingHeader] = string.Create(CultureInfo.InvariantCulture, $"app;dur={elapsed.TotalMilliseconds:0.###}");

        if (feature.Cohort is null && MemberIds.TryGet(context.User, out var accountId))
        {
            feature.Cohort = _cohorts.For(accountId);
        }

        if (feature.Cohort is { } cohort)
        {
            headers[CohortHeader] = CohortService.Name(cohort);
            _metrics.CohortRequest(cohort);
        }

        return Task.CompletedTask;
    }
}
