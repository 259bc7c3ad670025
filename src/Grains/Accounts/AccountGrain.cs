using Marquee.Accounts;
using Marquee.Catalog;
using Marquee.Hosting;
using Microsoft.Extensions.Logging;

namespace Marquee.Grains.Accounts;

/// <summary>One account: its plan, billing state, roles, profiles and password hash.</summary>
public sealed partial class AccountGrain(
    [PersistentState("account", StorageNames.Default)] IPersistentState<AccountState> state,
    AccountPasswords passwords,
    TimeProvider clock,
    ILogger<AccountGrain> logger) : Grain, IAccountGrain
{
    AccountState Account => state.State;

    public Task<AccountInfo?> GetAsync(CancellationToken ct = default) => Task.FromResult(Snapshot());

    public async Task<AccountInfo> CreateAsync(NewAccount account, string password, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentException.ThrowIfNullOrEmpty(password);
        if (Account.Exists)
        {
            throw new InvalidOperationException($"Account {this.GetPrimaryKey()} already exists.");
        }

        Account.Exists = true;
        Account.Email = account.Email.Trim();
        Account.DisplayName = account.DisplayName;
        Account.Plan = account.Plan;
        Account.Country = account.Country.ToUpperInvariant();
        Account.BillingState = BillingState.Active;
        Account.Roles = [Roles.Member];
        Account.Profiles = [ToProfile(account.FirstProfile)];
        Account.CreatedAt = clock.GetUtcNow();
        Account.PasswordHash = passwords.Hash(password);
        await state.WriteStateAsync(ct);
        LogCreated(logger, this.GetPrimaryKey(), account.Plan, Account.Country);
        return Snapshot()!;
    }

    public async Task<bool> VerifyPasswordAsync(string password, CancellationToken ct = default)
    {
        if (!Account.Exists)
        {
            return passwords.VerifyDecoy(password ?? "");
        }

        if (string.IsNullOrEmpty(password))
        {
            return false;
        }

        var (matches, rehash) = passwords.Verify(Account.PasswordHash, password);
        if (matches && rehash)
        {
            Account.PasswordHash = passwords.Hash(password);
            await state.WriteStateAsync(ct);
        }

        return matches;
    }

    public async Task<ProfileChange> AddProfileAsync(NewProfile profile, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(profile);
        if (!Account.Exists)
        {
            return new ProfileChange(ProfileChangeStatus.AccountNotFound, null);
        }

        if (Account.Profiles.Count >= AccountLimits.MaxProfiles)
        {
            return new ProfileChange(ProfileChangeStatus.LimitReached, null);
        }

        var added = ToProfile(profile);
        Account.Profiles.Add(added);
        await state.WriteStateAsync(ct);
        return new ProfileChange(ProfileChangeStatus.Done, added);
    }

    public async Task<ProfileChange> RemoveProfileAsync(Guid profileId, CancellationToken ct = default)
    {
        if (!Account.Exists)
        {
            return new ProfileChange(ProfileChangeStatus.AccountNotFound, null);
        }

        var profile = Account.Profiles.Find(p => p.ProfileId == profileId);
        if (profile is null)
        {
            return new ProfileChange(ProfileChangeStatus.ProfileNotFound, null);
        }

        if (Account.Profiles.Count == 1)
        {
            return new ProfileChange(ProfileChangeStatus.LastProfile, profile);
        }

        Account.Profiles.Remove(profile);
        await state.WriteStateAsync(ct);
        return new ProfileChange(ProfileChangeStatus.Done, profile);
    }

    public Task<AccountInfo?> ChangePlanAsync(Plan plan, CancellationToken ct = default) =>
        ChangeAsync(a => a.Plan = plan, ct);

    public Task<AccountInfo?> SetBillingStateAsync(BillingState billing, CancellationToken ct = default) =>
        ChangeAsync(a => a.BillingState = billing, ct);

    public Task<AccountInfo?> SetRolesAsync(IReadOnlyList<string> roles, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(roles);
        var kept = roles.Append(Roles.Member).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return ChangeAsync(a => a.Roles = kept, ct);
    }

    async Task<AccountInfo?> ChangeAsync(Action<AccountState> change, CancellationToken ct)
    {
        if (!Account.Exists)
        {
            return null;
        }

        change(Account);
        await state.WriteStateAsync(ct);
        return Snapshot();
    }

    static ProfileInfo ToProfile(NewProfile profile)
    {
        if (!MaturityRatings.IsValid(profile.MaturityLevel) || (profile.IsKids && profile.MaturityLevel > MaturityRatings.KidsMax))
        {
            throw new ArgumentOutOfRangeException(nameof(profile), profile.MaturityLevel, "Not a maturity level this profile may have.");
        }

        return new ProfileInfo(Guid.NewGuid(), profile.Name.Trim(), profile.MaturityLevel, profile.IsKids, [.. profile.FavouriteGenres]);
    }

    AccountInfo? Snapshot() => Account.Exists
        ? new AccountInfo(
            this.GetPrimaryKey(), Account.Email, Account.DisplayName, Account.Plan, Account.Country, Account.BillingState,
            [.. Account.Roles], [.. Account.Profiles], Account.CreatedAt)
        : null;

    [LoggerMessage(Level = LogLevel.Information, Message = "Account {AccountId} created on plan {Plan} in {Country}")]
    static partial void LogCreated(ILogger logger, Guid accountId, Plan plan, string country);
}
