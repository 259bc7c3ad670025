using Marquee.Accounts;
using Marquee.Api.Gateway;

namespace Marquee.Api.Catalog;

/// <summary>Who is looking at the catalogue: the profile, and what it may see (its country and maturity level).</summary>
public sealed record Viewer(Guid AccountId, Guid ProfileId, string Country, int MaturityLevel);

/// <summary>Resolves the viewer of a catalogue request with one grain call (the account, through its resilience pipeline).</summary>
public static class CatalogViewer
{
    /// <summary>The viewer, or null when the account does not exist or has no such profile (never another account's).</summary>
    /// <remarks>Without a profile id the account's first profile is the viewer. 503 (via the gateway) when accounts cannot answer.</remarks>
    public static async Task<Viewer?> ResolveAsync(IGrainFactory grains, DependencyResilience resilience, Guid accountId, Guid? profileId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(resilience);
        var account = await resilience.ExecuteAsync(Dependency.Accounts, (grains, accountId),
            static (s, token) => s.grains.Grain<IAccountGrain>(s.accountId).GetAsync(token), ct);
        var profile = account?.Profiles.FirstOrDefault(p => profileId is null || p.ProfileId == profileId);
        return account is null || profile is null
            ? null
            : new Viewer(account.AccountId, profile.ProfileId, account.Country, profile.MaturityLevel);
    }
}
