using Marquee.Accounts;
using Marquee.Api.Gateway;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Marquee.Api.Accounts;

/// <summary>Sign-in: <c>POST /api/auth/token</c> trades an email and password for an access token.</summary>
public static class AuthEndpoints
{
    public static IEndpointRouteBuilder MapAuth(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/auth/token", IssueTokenAsync)
            .WithTags("Accounts").WithName("IssueToken").AllowAnonymous()
            .WithPriority(RoutePriority.Critical).RequireRateLimiting(RateLimitPolicies.Login)
            .WithSummary("Signs in: a JWT with the account's roles. 401 for a wrong email or password alike; 429 after five failures.")
            .WithMetadata(new RequestSizeLimitAttribute(AccountEndpoints.MaxBodyBytes))
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        return app;
    }

    static async Task<Results<Ok<TokenResponse>, ValidationProblem, UnauthorizedHttpResult, ProblemHttpResult>> IssueTokenAsync(
        TokenRequest request, IGrainFactory grains, TokenIssuer issuer, HttpResponse response, CancellationToken ct)
    {
        // Not through the accounts pipeline: checking a password is deliberately slow (PBKDF2), see SignUpAsync.
        var result = await grains.Grain<IEmailGrain>(AccountEmail.Normalize(request.Email)).SignInAsync(request.Password, ct);
        switch (result.Status)
        {
            case SignInStatus.Succeeded:
                var account = result.Account!;
                var token = issuer.Issue(account.AccountId, account.Email, account.Roles);
                return TypedResults.Ok(new TokenResponse(token.Token, token.ExpiresAt, "Bearer"));
            case SignInStatus.LockedOut:
                var seconds = (int)Math.Ceiling(result.RetryAfter.TotalSeconds);
                response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                return TypedResults.Problem(
                    title: "Too many failed sign-ins",
                    detail: $"Sign-in for this email is locked; try again in {seconds} seconds.",
                    statusCode: StatusCodes.Status429TooManyRequests);
            default:
                // One answer for an unknown email and a wrong password: the caller cannot tell which it was.
                return TypedResults.Unauthorized();
        }
    }
}
