using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Polly.CircuitBreaker;
using Polly.RateLimiting;
using Polly.Timeout;

namespace Marquee.Api.Gateway;

/// <summary>
/// Maps the failures the gateway owns to problem details: an unavailable dependency (open breaker, full bulkhead,
/// timeout, cluster fault, database down) is 503 with Retry-After, never a hang or a 500, also when the call did not go
/// through a pipeline; a malformed request is 400 (413 when too large).
/// Anything else is left to the default handler (500).
/// </summary>
internal sealed class GatewayExceptionHandler : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        switch (exception)
        {
            case DependencyUnavailableException unavailable:
                await GatewayProblems.WriteAsync(context, StatusCodes.Status503ServiceUnavailable,
                    $"The {unavailable.DependencyName} service is unavailable", unavailable.Message, unavailable.RetryAfter, exception,
                    new Dictionary<string, object?> { ["dependency"] = unavailable.DependencyName, ["reason"] = unavailable.ReasonName });
                return true;

            // A pipeline used directly rather than through DependencyResilience still answers 503.
            case BrokenCircuitException or RateLimiterRejectedException or TimeoutRejectedException:
                await GatewayProblems.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "A dependency is unavailable",
                    exception.Message, RetryAfterOf(exception), exception);
                return true;

            case BadHttpRequestException bad:
                await GatewayProblems.WriteAsync(context, bad.StatusCode, TitleFor(bad.StatusCode), DetailFor(bad), exception: exception);
                return true;

            // A call made outside the pipelines (sign-up and sign-in hash passwords on the request's own time) that
            // failed for a dependency's reason (the cluster unreachable, the database down): still a 503, not a 500.
            case var other when !cancellationToken.IsCancellationRequested && DependencyFailures.Classify(other) is { } reason:
                await GatewayProblems.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "A dependency is unavailable",
                    "The service could not reach a part it needs for this request; retry shortly.", UnpipedRetryAfter, exception,
                    new Dictionary<string, object?> { ["reason"] = Dependencies.Name(reason) });
                return true;

            default:
                return false;
        }
    }

    static readonly TimeSpan UnpipedRetryAfter = TimeSpan.FromSeconds(2);

    static TimeSpan RetryAfterOf(Exception exception) => exception switch
    {
        BrokenCircuitException { RetryAfter: { } wait } => wait,
        RateLimiterRejectedException { RetryAfter: { } wait } => wait,
        _ => TimeSpan.FromSeconds(1),
    };

    static string TitleFor(int status) => status switch
    {
        StatusCodes.Status413PayloadTooLarge => "The request body is too large",
        StatusCodes.Status415UnsupportedMediaType => "The request body has an unsupported media type",
        _ => "The request is malformed",
    };

    // The JSON reader's position is the useful part ("at $.name, line 0, byte 9"); the binder's message names the parameter.
    static string DetailFor(BadHttpRequestException bad) => bad.InnerException switch
    {
        JsonException { Path: var path, LineNumber: var line, BytePositionInLine: var position } =>
            $"{bad.Message} The JSON is invalid at {path ?? "$"} (line {line}, byte {position}).",
        _ => bad.Message,
    };
}
