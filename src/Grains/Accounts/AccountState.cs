using Marquee.Accounts;

namespace Marquee.Grains.Accounts;

/// <summary>The stored account; only <see cref="AccountGrain"/> reads it (the password hash never leaves the grain).</summary>
[GenerateSerializer, Alias("accounts.account-state")]
public sealed class AccountState
{
    [Id(0)] public bool Exists { get; set; }
    [Id(1)] public string Email { get; set; } = "";
    [Id(2)] public string DisplayName { get; set; } = "";
    [Id(3)] public Plan Plan { get; set; }
    [Id(4)] public string Country { get; set; } = "";
    [Id(5)] public BillingState BillingState { get; set; }
    [Id(6)] public List<string> Roles { get; set; } = [];
    [Id(7)] public List<ProfileInfo> Profiles { get; set; } = [];
    [Id(8)] public DateTimeOffset CreatedAt { get; set; }
    [Id(9)] public string PasswordHash { get; set; } = "";
}

/// <summary>The stored side of an email address: its owner and its sign-in throttle.</summary>
[GenerateSerializer, Alias("accounts.email-state")]
public sealed class EmailState
{
    [Id(0)] public Guid? Owner { get; set; }
    [Id(1)] public ThrottleState Throttle { get; set; } = ThrottleState.Clear;
}
