using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Marquee.Api.Gateway;

/// <summary>
/// The gateway's instruments on the "Marquee" meter (exported on /metrics): per-route request count and latency by
/// status class, shed and rate-limited requests, requests per cohort, dependency fallbacks and refusals.
/// </summary>
public sealed class GatewayMetrics
{
    public const string MeterName = "Marquee";

    static readonly string[] StatusClasses = ["1xx", "2xx", "3xx", "4xx", "5xx"];

    // Seconds; the same boundaries ASP.NET uses for http.server.request.duration.
    static readonly double[] LatencyBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

    readonly Counter<long> _requests;
    readonly Histogram<double> _duration;
    readonly Counter<long> _shed;
    readonly Counter<long> _rateLimited;
    readonly Counter<long> _cohortRequests;
    readonly Counter<long> _fallbacks;
    readonly Counter<long> _unavailable;

    public GatewayMetrics(IMeterFactory meters, LoadShedder shedder)
    {
        ArgumentNullException.ThrowIfNull(meters);
        ArgumentNullException.ThrowIfNull(shedder);
        var meter = meters.Create(MeterName);
        _requests = meter.CreateCounter<long>("marquee.gateway.requests", "{request}", "Requests answered, by route, method, status class and priority.");
        _duration = meter.CreateHistogram("marquee.gateway.request.duration", "s", "Time to answer a request, by route, method and status class.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });
        _shed = meter.CreateCounter<long>("marquee.gateway.shed", "{request}", "Requests refused with 503 by priority load shedding.");
        _rateLimited = meter.CreateCounter<long>("marquee.gateway.rate_limited", "{request}", "Requests refused with 429 by a rate limit.");
        _cohortRequests = meter.CreateCounter<long>("marquee.cohort.requests", "{request}", "Member requests by cohort (the beta/stable split).");
        _fallbacks = meter.CreateCounter<long>("marquee.dependency.fallbacks", "{call}", "Dependency calls answered by their fallback, by dependency and reason.");
        _unavailable = meter.CreateCounter<long>("marquee.dependency.unavailable", "{call}", "Dependency calls refused with 503, by dependency and reason.");
        meter.CreateObservableGauge("marquee.gateway.in_flight", () => shedder.InFlight, "{request}", "Requests admitted by load shedding and not yet finished.");
    }

    internal void RequestFinished(string? route, string method, int statusCode, RoutePriority? priority, TimeSpan elapsed)
    {
        var tags = new TagList
        {
            { "route", route ?? "(unmatched)" },
            { "method", CanonicalMethod(method) },
            { "status_class", StatusClass(statusCode) },
        };
        _duration.Record(elapsed.TotalSeconds, tags);
        tags.Add("priority", PriorityName(priority));
        _requests.Add(1, tags);
    }

    internal void Shed(string? route, RoutePriority priority) =>
        _shed.Add(1, new KeyValuePair<string, object?>("route", route ?? "(unmatched)"), new("priority", PriorityName(priority)));

    internal void RateLimited(string? route) => _rateLimited.Add(1, new KeyValuePair<string, object?>("route", route ?? "(unmatched)"));

    internal void CohortRequest(Cohort cohort) => _cohortRequests.Add(1, new KeyValuePair<string, object?>("cohort", CohortService.Name(cohort)));

    internal void Fallback(string dependency, string reason) =>
        _fallbacks.Add(1, new KeyValuePair<string, object?>("dependency", dependency), new("reason", reason));

    internal void Unavailable(string dependency, string reason) =>
        _unavailable.Add(1, new KeyValuePair<string, object?>("dependency", dependency), new("reason", reason));

    static string StatusClass(int statusCode) => statusCode is >= 100 and < 600 ? StatusClasses[(statusCode / 100) - 1] : "other";

    static string PriorityName(RoutePriority? priority) => priority switch
    {
        RoutePriority.Ops => "ops",
        RoutePriority.Critical => "critical",
        RoutePriority.Degraded => "degraded",
        RoutePriority.NonCritical => "non_critical",
        _ => "none",
    };

    // Known methods keep their interned name; anything else is one bucket, so a client cannot blow up cardinality.
    static string CanonicalMethod(string method)
    {
        var canonical = HttpMethods.GetCanonicalizedValue(method);
        return HttpMethods.IsGet(canonical) || HttpMethods.IsPost(canonical) || HttpMethods.IsPut(canonical)
            || HttpMethods.IsDelete(canonical) || HttpMethods.IsPatch(canonical) || HttpMethods.IsHead(canonical)
            || HttpMethods.IsOptions(canonical)
            ? canonical
            : "_OTHER";
    }
}
