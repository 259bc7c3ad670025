using Marquee.Accounts;
using Marquee.Api.Gateway;
using Marquee.Api.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Marquee.Api.Accounts;

/// <summary>Staff routes over accounts: support looks accounts up and sets billing state; admins grant roles.</summary>
public static class AccountAdminEndpoints
{
    public static IEndpointRouteBuilder MapAccountAdmin(this IEndpointRouteBuilder app)
    {
        var support = app.MapGroup("/api/support/accounts").WithTags("Support").WithPriority(RoutePriority.NonCritical).RequireStaff(AuthSetup.SupportPolicy);
        support.MapGet("/", FindByEmailAsync).WithName("FindAccountByEmail").WithSummary("Looks an account up by email (support).");
        support.MapGet("/{accountId:guid}", GetAsync).WithName("GetAccount").WithSummary("An account (support).");
        support.MapPut("/{accountId:guid}/billing", SetBillingAsync).WithName("SetBillingState")
            .WithSummary("Sets the billing state, active or past_due (support); a past-due account cannot start playback.")
            .WithMetadata(new RequestSizeLimitAttribute(AccountEndpoints.MaxBodyBytes))
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);

        app.MapPut("/api/admin/accounts/{accountId:guid}/roles", SetRolesAsync)
            .WithTags("Admin").WithName("SetAccountRoles").WithPriority(RoutePriority.NonCritical).RequireStaff(AuthSetup.AdminPolicy)
            .WithSummary("Sets the roles granted besides member: [] or [\"support\"] (admin). Shows in the account's next token.")
            .WithMetadata(new RequestSizeLimitAttribute(AccountEndpoints.MaxBodyBytes))
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        return app;
    }

    static async Task<Results<Ok<AccountView>, ValidationProblem, NotFoundProblem>> FindByEmailAsync(
        string? email, IGrainFactory grains, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(email) || email.Length > 254)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["email"] = ["The email query parameter is required (at most 254 characters)."] });
        }

        var owner = await grains.Grain<IEmailGrain>(AccountEmail.Normalize(email)).GetOwnerAsync(ct);
        var account = owner is { } id ? await grains.Grain<IAccountGrain>(id).GetAsync(ct) : null;
        return account is null ? new NotFoundProblem(AccountProblems.NoAccount()) : TypedResults.Ok(AccountView.From(account));
    }

    static async Task<Results<Ok<AccountView>, NotFoundProblem>> GetAsync(Guid accountId, IGrainFactory grains, CancellationToken ct)
    {
        var account = await grains.Grain<IAccountGrain>(accountId).GetAsync(ct);
        return account is null ? new NotFoundProblem(AccountProblems.NoAccount()) : TypedResults.Ok(AccountView.From(account));
    }

    static async Task<Results<Ok<AccountView>, ValidationProblem, NotFoundProblem>> SetBillingAsync(
        Guid accountId, BillingRequest request, IGrainFactory grains, CancellationToken ct)
    {
        var billing = BillingStateNameAttribute.Parse(request.State);
        var account = await grains.Grain<IAccountGrain>(accountId).SetBillingStateAsync(billing, ct);
        return account is null ? new NotFoundProblem(AccountProblems.NoAccount()) : TypedResults.Ok(AccountView.From(account));
    }

    static async Task<Results<Ok<AccountView>, ValidationProblem, NotFoundProblem>> SetRolesAsync(
        Guid accountId, RolesRequest request, IGrainFactory grains, CancellationToken ct)
    {
        // Only support is granted here; admin comes from configuration (Admin:Email), so it can be neither given nor taken away.
        var requested = request.Roles.Select(r => r?.Trim().ToLowerInvariant()).ToList();
        if (requested.Any(r => r is not (Roles.Support or Roles.Member)))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["roles"] = ["Only \"support\" can be granted (\"member\" is always kept; \"admin\" comes from configuration)."],
            });
        }

        var grain = grains.Grain<IAccountGrain>(accountId);
        var current = await grain.GetAsync(ct);
        if (current is null)
        {
            return new NotFoundProblem(AccountProblems.NoAccount());
        }

        var roles = requested.OfType<string>().Concat(current.Roles.Where(r => r == Roles.Admin)).ToList();
        var account = await grain.SetRolesAsync(roles, ct);
        return account is null ? new NotFoundProblem(AccountProblems.NoAccount()) : TypedResults.Ok(AccountView.From(account));
    }
}
