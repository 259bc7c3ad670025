using Marquee.Accounts;
using Marquee.Api.Gateway;
using Marquee.Api.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Marquee.Api.Accounts;

/// <summary>The caller's profiles: <c>/api/me/profiles</c> (1 to 5 per account).</summary>
public static class ProfileEndpoints
{
    public static IEndpointRouteBuilder MapProfiles(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/me/profiles").WithTags("Accounts").RequireMember();
        group.MapGet("/", ListAsync).WithName("ListProfiles").WithSummary("The caller's profiles.");
        group.MapPost("/", AddAsync).WithName("AddProfile")
            .WithSummary("Adds a profile; 409 when the account already has five.")
            .WithMetadata(new RequestSizeLimitAttribute(AccountEndpoints.MaxBodyBytes))
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        group.MapDelete("/{profileId:guid}", RemoveAsync).WithName("RemoveProfile")
            .WithSummary("Removes a profile; 409 for the last one.");
        return app;
    }

    static async Task<Results<Ok<IReadOnlyList<ProfileView>>, NotFoundProblem>> ListAsync(
        CurrentMember member, IGrainFactory grains, DependencyResilience resilience, CancellationToken ct)
    {
        var account = await resilience.ExecuteAsync(Dependency.Accounts, (grains, member.AccountId),
            static (s, token) => s.grains.Grain<IAccountGrain>(s.AccountId).GetAsync(token), ct);
        return account is null
            ? new NotFoundProblem(AccountProblems.NoAccount())
            : TypedResults.Ok<IReadOnlyList<ProfileView>>([.. account.Profiles.Select(ProfileView.From)]);
    }

    static async Task<Results<Created<ProfileView>, ValidationProblem, NotFoundProblem, ConflictProblem>> AddAsync(
        NewProfileRequest request, CurrentMember member, IGrainFactory grains, DependencyResilience resilience, CancellationToken ct)
    {
        var (profile, errors) = ProfileRules.Check(request);
        if (profile is null)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var change = await resilience.ExecuteAsync(Dependency.Accounts, (grains, member.AccountId, profile),
            static (s, token) => s.grains.Grain<IAccountGrain>(s.AccountId).AddProfileAsync(s.profile, token), ct);
        return change.Status switch
        {
            ProfileChangeStatus.Done => TypedResults.Created($"/api/me/profiles/{change.Profile!.ProfileId}", ProfileView.From(change.Profile)),
            ProfileChangeStatus.LimitReached => new ConflictProblem(new ProblemDetails
            {
                Title = "Profile limit reached",
                Detail = $"An account has at most {AccountLimits.MaxProfiles} profiles; remove one first.",
            }),
            _ => new NotFoundProblem(AccountProblems.NoAccount()),
        };
    }

    static async Task<Results<NoContent, NotFoundProblem, ConflictProblem>> RemoveAsync(
        Guid profileId, CurrentMember member, IGrainFactory grains, DependencyResilience resilience, CacheInvalidation cache, CancellationToken ct)
    {
        var change = await resilience.ExecuteAsync(Dependency.Accounts, (grains, member.AccountId, profileId),
            static (s, token) => s.grains.Grain<IAccountGrain>(s.AccountId).RemoveProfileAsync(s.profileId, token), ct);
        if (change.Status == ProfileChangeStatus.Done)
        {
            // A cached home page is served without an ownership check (CacheKeys.Home): a removed profile's goes with it,
            // on every API instance.
            await cache.RemoveByTagAsync(CacheTags.Profile(profileId), ct);
        }

        return change.Status switch
        {
            ProfileChangeStatus.Done => TypedResults.NoContent(),
            ProfileChangeStatus.LastProfile => new ConflictProblem(new ProblemDetails
            {
                Title = "The last profile stays",
                Detail = "An account has at least one profile.",
            }),
            ProfileChangeStatus.ProfileNotFound => new NotFoundProblem(AccountProblems.NoProfile()),
            _ => new NotFoundProblem(AccountProblems.NoAccount()),
        };
    }
}
