using Marquee.Accounts;
using Marquee.Api.Accounts;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Marquee.Api.History;

/// <summary>Whether the calling member may see a profile: only the profiles of their own account.</summary>
public static class ProfileAccess
{
    /// <summary>True when the profile belongs to the member's account (an unknown account owns nothing).</summary>
    public static async Task<bool> OwnsProfileAsync(this IGrainFactory grains, CurrentMember member, Guid profileId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(member);
        var account = await grains.GetGrain<IAccountGrain>(member.AccountId).GetAsync(ct);
        return account is not null && account.Profiles.Any(p => p.ProfileId == profileId);
    }

    /// <summary>The answer for a profile id that is not a GUID.</summary>
    public static ValidationProblem BadProfileId() => TypedResults.ValidationProblem(new Dictionary<string, string[]>
    {
        ["profileId"] = ["profileId must be a GUID, e.g. 3f2504e0-4f89-11d3-9a0c-0305e82c3301."],
    });

    /// <summary>The answer for a profile the member does not own: 404, so other members' profile ids are not confirmed.</summary>
    public static NotFound<ProblemDetails> ProfileNotFound(Guid profileId) => TypedResults.NotFound(new ProblemDetails
    {
        Title = "Profile not found",
        Detail = $"Your account has no profile {profileId}.",
        Status = StatusCodes.Status404NotFound,
    });
}
