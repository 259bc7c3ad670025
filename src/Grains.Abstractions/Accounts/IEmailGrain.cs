namespace Marquee.Accounts;

/// <summary>
/// One email address, keyed by its normalised form (<see cref="AccountEmail.Normalize"/>): which account owns it,
/// so that sign-ups stay unique under concurrency, and its sign-in throttle, so that guessing passwords locks out.
/// </summary>
/// <remarks>The grain exists for every address, owned or not: an unknown email answers exactly like a wrong password.</remarks>
[Alias("accounts.email-grain")]
public interface IEmailGrain : IGrainWithStringKey
{
    /// <summary>Creates an account owning this address, or answers <see cref="RegistrationStatus.EmailTaken"/>.</summary>
    [Alias("register")] Task<Registration> RegisterAsync(NewAccount account, string password, CancellationToken ct = default);

    /// <summary>Checks a password for this address, counting failures and locking out after too many.</summary>
    [Alias("sign-in")] Task<SignInResult> SignInAsync(string password, CancellationToken ct = default);

    /// <summary>The account that owns this address, or null.</summary>
    [Alias("owner")] Task<Guid?> GetOwnerAsync(CancellationToken ct = default);
}
