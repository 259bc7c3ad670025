using System.Globalization;
using Microsoft.AspNetCore.Mvc;

namespace Marquee.Api.Gateway;

/// <summary>Writes the gateway's own refusals as RFC 7807 problem details.</summary>
internal static class GatewayProblems
{
    /// <summary>Sets the status (and Retry-After, in whole seconds, at least 1) and writes the problem details.</summary>
    public static async ValueTask WriteAsync(HttpContext context, int status, string title, string detail, TimeSpan? retryAfter = null,
        Exception? exception = null, IReadOnlyDictionary<string, object?>? extensions = null)
    {
        context.Response.StatusCode = status;
        if (retryAfter is { } wait)
        {
            context.Response.Headers.RetryAfter = RetryAfterSeconds(wait).ToString(CultureInfo.InvariantCulture);
        }

        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail };
        if (extensions is not null)
        {
            foreach (var (key, value) in extensions)
            {
                problem.Extensions[key] = value;
            }
        }

        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        if (!await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception }))
        {
            await context.Response.WriteAsJsonAsync(problem, (System.Text.Json.JsonSerializerOptions?)null, "application/problem+json");
        }
    }

    public static long RetryAfterSeconds(TimeSpan wait) => Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds));
}
