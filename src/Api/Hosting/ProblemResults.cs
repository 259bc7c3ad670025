using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace Marquee.Api.Hosting;

/// <summary>
/// Typed results for error answers that are RFC 7807 on the wire (<c>application/problem+json</c>, which
/// <c>NotFound&lt;ProblemDetails&gt;</c> is not) and still declare their status code to OpenAPI from the handler's
/// signature, as the other typed results do.
/// </summary>
public abstract class StatusProblem(int statusCode, ProblemDetails details) : IResult, IStatusCodeHttpResult, IValueHttpResult<ProblemDetails>, IValueHttpResult
{
    public int StatusCode { get; } = statusCode;

    int? IStatusCodeHttpResult.StatusCode => StatusCode;

    public ProblemDetails Value { get; } = Stamp(details, statusCode);

    object? IValueHttpResult.Value => Value;

    public Task ExecuteAsync(HttpContext httpContext) => TypedResults.Problem(Value).ExecuteAsync(httpContext);

    static ProblemDetails Stamp(ProblemDetails details, int statusCode)
    {
        ArgumentNullException.ThrowIfNull(details);
        details.Status = statusCode;
        return details;
    }

    protected static void Declare(int statusCode, EndpointBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Metadata.Add(new ProducesResponseTypeMetadata(statusCode, typeof(ProblemDetails), ["application/problem+json"]));
    }
}

/// <summary>404 with problem details.</summary>
public sealed class NotFoundProblem(ProblemDetails details) : StatusProblem(StatusCodes.Status404NotFound, details), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Declare(StatusCodes.Status404NotFound, builder);
}

/// <summary>409 with problem details.</summary>
public sealed class ConflictProblem(ProblemDetails details) : StatusProblem(StatusCodes.Status409Conflict, details), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Declare(StatusCodes.Status409Conflict, builder);
}

/// <summary>Shorthands that read like <see cref="TypedResults"/>.</summary>
public static class Problems
{
    public static NotFoundProblem NotFound(string title, string detail) => new(new ProblemDetails { Title = title, Detail = detail });

    public static ConflictProblem Conflict(string title, string detail) => new(new ProblemDetails { Title = title, Detail = detail });
}
