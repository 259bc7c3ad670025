namespace Marquee.Accounts;

/// <summary>Limits that hold for every account whatever its plan.</summary>
public static class AccountLimits
{
    /// <summary>The most profiles one account may have.</summary>
    public const int MaxProfiles = 5;
}

/// <summary>One mailbox has one key, whatever the casing or stray spaces it was typed with.</summary>
public static class AccountEmail
{
    /// <summary>The key of an email address: trimmed and lower-cased (invariant).</summary>
    public static string Normalize(string email)
    {
        ArgumentNullException.ThrowIfNull(email);
        return email.Trim().ToLowerInvariant();
    }
}

/// <summary>What a sign-up asks for; the password travels beside it, never inside a record that could be logged.</summary>
[GenerateSerializer, Immutable, Alias("accounts.new-account")]
public sealed record NewAccount(
    [property: Id(0)] string Email,
    [property: Id(1)] string DisplayName,
    [property: Id(2)] Plan Plan,
    [property: Id(3)] string Country,
    [property: Id(4)] NewProfile FirstProfile);

/// <summary>A profile to add to an account.</summary>
[GenerateSerializer, Immutable, Alias("accounts.new-profile")]
public sealed record NewProfile(
    [property: Id(0)] string Name,
    [property: Id(1)] int MaturityLevel,
    [property: Id(2)] bool IsKids,
    [property: Id(3)] IReadOnlyList<string> FavouriteGenres);

/// <summary>How a sign-up ended.</summary>
public enum RegistrationStatus
{
    /// <summary>The account was created and owns the email.</summary>
    Created = 0,
    /// <summary>Another account already owns the email.</summary>
    EmailTaken = 1,
}

/// <summary>The outcome of a sign-up; <see cref="Account"/> is set when it was created.</summary>
[GenerateSerializer, Immutable, Alias("accounts.registration")]
public sealed record Registration(
    [property: Id(0)] RegistrationStatus Status,
    [property: Id(1)] AccountInfo? Account);

/// <summary>How a sign-in attempt ended; unknown email and wrong password are one status on purpose.</summary>
public enum SignInStatus
{
    /// <summary>The password matched.</summary>
    Succeeded = 0,
    /// <summary>Unknown email or wrong password (indistinguishable to the caller).</summary>
    Rejected = 1,
    /// <summary>Too many failures: no attempt is checked until <see cref="SignInResult.RetryAfter"/> has passed.</summary>
    LockedOut = 2,
}

/// <summary>The outcome of a sign-in; <see cref="Account"/> is set only when it succeeded.</summary>
[GenerateSerializer, Immutable, Alias("accounts.sign-in")]
public sealed record SignInResult(
    [property: Id(0)] SignInStatus Status,
    [property: Id(1)] AccountInfo? Account,
    [property: Id(2)] TimeSpan RetryAfter);

/// <summary>How a change to an account's profiles ended.</summary>
public enum ProfileChangeStatus
{
    /// <summary>The change was made.</summary>
    Done = 0,
    /// <summary>No such account.</summary>
    AccountNotFound = 1,
    /// <summary>No such profile on this account.</summary>
    ProfileNotFound = 2,
    /// <summary>The account already has <see cref="AccountLimits.MaxProfiles"/> profiles.</summary>
    LimitReached = 3,
    /// <summary>The last profile of an account cannot be removed.</summary>
    LastProfile = 4,
}

/// <summary>The outcome of a profile change; <see cref="Profile"/> is the profile added or removed.</summary>
[GenerateSerializer, Immutable, Alias("accounts.profile-change")]
public sealed record ProfileChange(
    [property: Id(0)] ProfileChangeStatus Status,
    [property: Id(1)] ProfileInfo? Profile);
