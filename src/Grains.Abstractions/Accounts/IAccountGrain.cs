namespace Marquee.Accounts;

/// <summary>One member account, keyed by its account id: plan, billing state, roles and profiles.</summary>
[Alias("accounts.account-grain")]
public interface IAccountGrain : IGrainWithGuidKey
{
    /// <summary>The account as other parts may see it, or null when it does not exist.</summary>
    [Alias("get")] Task<AccountInfo?> GetAsync(CancellationToken ct = default);

    /// <summary>Creates the account with its first profile; only the email grain that owns the address calls it.</summary>
    /// <remarks>The password is hashed here and only the hash is kept. Throws when the account already exists.</remarks>
    [Alias("create")] Task<AccountInfo> CreateAsync(NewAccount account, string password, CancellationToken ct = default);

    /// <summary>True when the password matches the stored hash; false also when the account does not exist.</summary>
    [Alias("verify-password")] Task<bool> VerifyPasswordAsync(string password, CancellationToken ct = default);

    /// <summary>Adds a profile, up to <see cref="AccountLimits.MaxProfiles"/>.</summary>
    [Alias("add-profile")] Task<ProfileChange> AddProfileAsync(NewProfile profile, CancellationToken ct = default);

    /// <summary>Removes a profile; the last one stays.</summary>
    [Alias("remove-profile")] Task<ProfileChange> RemoveProfileAsync(Guid profileId, CancellationToken ct = default);

    /// <summary>Changes the plan (it applies from the next play); null when the account does not exist.</summary>
    [Alias("change-plan")] Task<AccountInfo?> ChangePlanAsync(Plan plan, CancellationToken ct = default);

    /// <summary>Sets the billing state (support staff and the billing system); null when the account does not exist.</summary>
    [Alias("set-billing")] Task<AccountInfo?> SetBillingStateAsync(BillingState billing, CancellationToken ct = default);

    /// <summary>Replaces the account's roles; <see cref="Roles.Member"/> is always kept. Null when the account does not exist.</summary>
    /// <remarks>Tokens carry roles from the moment they are issued: a change shows in the next token.</remarks>
    [Alias("set-roles")] Task<AccountInfo?> SetRolesAsync(IReadOnlyList<string> roles, CancellationToken ct = default);
}
