using Marquee.Api.Hosting;
using Marquee.Accounts;
using Marquee.Api.Accounts;
using Marquee.Api.Gateway;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Marquee.Api.History;

/// <summary>Whether the calling member may see a profile: only the profiles of their own account.</summary>
public static class ProfileAccess
{
    /// <summary>The member's account through the accounts pipeline (503 when accounts cannot answer); null when it does not exist.</summary>
    public static async Task<AccountInfo?> GetAccountAsync(this DependencyResilience resilience, IGrainFactory grains, CurrentMember member, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(resilience);
        ArgumentNullException.ThrowIfNull(member);
        return await resilience.ExecuteAsync(Dependency.Accounts, (grains, member.AccountId),
            static (s, token) => s.grains.Grain<IAccountGrain>(s.AccountId).GetAsync(token), ct);
    }

    /// <summary>True when the profile belongs to the member's account (an unknown account owns nothing).</summary>
    public static async Task<bool> OwnsProfileAsync(this DependencyResilience resilience, IGrainFactory grains, CurrentMember member, Guid profileId, CancellationToken ct)
    {
        var account = await resilience.GetAccountAsync(grains, member, ct);
        return account is not null && account.Profiles.Any(p => p.ProfileId == profileId);
    }

    /// <summary>The answer for a profile id that is not a GUID.</summary>
    public static ValidationProblem BadProfileId() => TypedResults.ValidationProblem(new Dictionary<string, string[]>
    {
        ["profileId"] = ["profileId must be a GUID, e.g. 3f2504e0-4f89-11d3-9a0c-0305e82c3301."],
    });

    /// <summary>The answer for a profile the member does not own: 404, so other members' profile ids are not confirmed.</summary>
    public static NotFoundProblem ProfileNotFound(Guid profileId) =>
        Problems.NotFound("Profile not found", $"Your account has no profile {profileId}.");
}
