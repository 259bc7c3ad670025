using Marquee.Accounts;
using Marquee.Api.Gateway;
using Marquee.Api.Hosting;
using Marquee.Catalog;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Marquee.Api.Accounts;

/// <summary>Sign-up and the member's own account: <c>/api/accounts</c>, <c>/api/me</c>, <c>/api/me/plan</c>.</summary>
public static class AccountEndpoints
{
    /// <summary>JSON bodies of account routes are small; anything bigger is refused with 413 before it is read.</summary>
    internal const long MaxBodyBytes = 16 * 1024;

    public static IEndpointRouteBuilder MapAccounts(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/accounts", SignUpAsync)
            .WithTags("Accounts").WithName("SignUp").AllowAnonymous()
            .RequireRateLimiting(RateLimitPolicies.Login)
            .WithSummary("Creates an account (with a first profile); 409 when the email is taken.")
            .WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes)).ProducesProblem(StatusCodes.Status413PayloadTooLarge);

        var me = app.MapGroup("/api/me").WithTags("Accounts").RequireMember();
        me.MapGet("/", GetMeAsync).WithName("GetMe").WithSummary("The caller's account: plan, limits, billing state, profiles.");
        me.MapPut("/plan", ChangePlanAsync).WithName("ChangePlan")
            .WithSummary("Changes the plan; it applies from the next play.")
            .WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes)).ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        return app;
    }

    static async Task<Results<Created<AccountView>, ValidationProblem, ConflictProblem>> SignUpAsync(
        SignUpRequest request, IGrainFactory grains, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var genres = ProfileRules.Genres(request.FavouriteGenres, "favouriteGenres", errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var plan = PlanNameAttribute.Parse(request.Plan);
        var displayName = request.DisplayName.Trim();
        var account = new NewAccount(
            request.Email.Trim(), displayName, plan, request.Country.ToUpperInvariant(),
            new NewProfile(displayName.Length > 40 ? displayName[..40] : displayName, MaturityRatings.Adult, false, genres));
        // Not through the accounts pipeline: hashing a password is deliberately slow (PBKDF2), and its time belongs to
        // this request rather than to the pipeline's timeout, which is sized for reads.
        var registration = await grains.Grain<IEmailGrain>(AccountEmail.Normalize(request.Email))
            .RegisterAsync(account, request.Password, ct);
        return registration.Status == RegistrationStatus.Created
            ? TypedResults.Created("/api/me", AccountView.From(registration.Account!))
            : new ConflictProblem(new ProblemDetails
            {
                Title = "The email is already registered",
                Detail = "An account with this email exists; sign in instead.",
            });
    }

    static async Task<Results<Ok<AccountView>, NotFoundProblem>> GetMeAsync(
        CurrentMember member, IGrainFactory grains, DependencyResilience resilience, CancellationToken ct)
    {
        var account = await resilience.ExecuteAsync(Dependency.Accounts, (grains, member.AccountId),
            static (s, token) => s.grains.Grain<IAccountGrain>(s.AccountId).GetAsync(token), ct);
        return account is null ? new NotFoundProblem(AccountProblems.NoAccount()) : TypedResults.Ok(AccountView.From(account));
    }

    static async Task<Results<Ok<AccountView>, ValidationProblem, NotFoundProblem>> ChangePlanAsync(
        PlanChangeRequest request, CurrentMember member, IGrainFactory grains, DependencyResilience resilience, CancellationToken ct)
    {
        var plan = PlanNameAttribute.Parse(request.Plan);
        var account = await resilience.ExecuteAsync(Dependency.Accounts, (grains, member.AccountId, plan),
            static (s, token) => s.grains.Grain<IAccountGrain>(s.AccountId).ChangePlanAsync(s.plan, token), ct);
        return account is null ? new NotFoundProblem(AccountProblems.NoAccount()) : TypedResults.Ok(AccountView.From(account));
    }
}

/// <summary>Problem details the account routes share.</summary>
internal static class AccountProblems
{
    public static ProblemDetails NoAccount() => new()
    {
        Title = "No such account",
        Detail = "The account of this token does not exist (it may never have been created).",
    };

    public static ProblemDetails NoProfile() => new()
    {
        Title = "No such profile",
        Detail = "The account has no profile with this id.",
    };
}
