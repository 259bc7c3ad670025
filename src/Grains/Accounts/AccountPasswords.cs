using Microsoft.AspNetCore.Identity;

namespace Marquee.Grains.Accounts;

/// <summary>
/// Password hashing with ASP.NET Core Identity's <see cref="PasswordHasher{TUser}"/> (PBKDF2-HMAC-SHA512, per-password
/// salt, 100 000 iterations in its v3 format). Only hashes are stored; plain passwords are never kept or logged.
/// </summary>
public sealed class AccountPasswords(IPasswordHasher<AccountState> hasher)
{
    // A hash of a random password: an unknown email is checked against it, so it costs the same time as a known one.
    readonly Lazy<string> _decoy = new(() => hasher.HashPassword(new AccountState(), Guid.NewGuid().ToString("N")));

    public string Hash(string password) => hasher.HashPassword(new AccountState(), password);

    /// <summary>Whether the password matches, and whether the hash should be replaced (older format or cost).</summary>
    public (bool Matches, bool Rehash) Verify(string hash, string password) =>
        hasher.VerifyHashedPassword(new AccountState(), hash, password) switch
        {
            PasswordVerificationResult.Success => (true, false),
            PasswordVerificationResult.SuccessRehashNeeded => (true, true),
            _ => (false, false),
        };

    /// <summary>Spends the time of one verification and fails: the answer for an address no account owns.</summary>
    public bool VerifyDecoy(string password)
    {
        _ = hasher.VerifyHashedPassword(new AccountState(), _decoy.Value, password);
        return false;
    }
}
