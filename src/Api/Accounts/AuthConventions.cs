using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace Marquee.Api.Accounts;

/// <summary>Authorization on a route together with the answers it adds (401 without a token, 403 without the role), so OpenAPI lists them.</summary>
public static class AuthConventions
{
    /// <summary>Any signed-in caller.</summary>
    public static TBuilder RequireMember<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization().WithMetadata(new ProducesResponseTypeMetadata(StatusCodes.Status401Unauthorized, typeof(ProblemDetails), ["application/problem+json"]));

    /// <summary>A caller with the policy's role (<see cref="AuthSetup.AdminPolicy"/>, <see cref="AuthSetup.SupportPolicy"/>).</summary>
    public static TBuilder RequireStaff<TBuilder>(this TBuilder builder, string policy)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(policy)
            .WithMetadata(new ProducesResponseTypeMetadata(StatusCodes.Status401Unauthorized, typeof(ProblemDetails), ["application/problem+json"]))
            .WithMetadata(new ProducesResponseTypeMetadata(StatusCodes.Status403Forbidden, typeof(ProblemDetails), ["application/problem+json"]));
}
