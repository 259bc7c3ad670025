using Marquee.Accounts;
using Marquee.Hosting;
using Microsoft.Extensions.Logging;

namespace Marquee.Grains.Accounts;

/// <summary>
/// One normalised email address. A grain turn is the unit of mutual exclusion, so of any number of concurrent
/// sign-ups for the address exactly one claims it; sign-ins are serialised too, so the lockout cannot be outrun.
/// </summary>
public sealed partial class EmailGrain(
    [PersistentState("email", StorageNames.Default)] IPersistentState<EmailState> state,
    IGrainFactory grains,
    AccountPasswords passwords,
    SignInThrottle throttle,
    TimeProvider clock,
    ILogger<EmailGrain> logger) : Grain, IEmailGrain
{
    // The throttle of an address nobody owns is kept in memory only: guessing at random addresses must not fill storage.
    ThrottleState _unownedThrottle = ThrottleState.Clear;

    public async Task<Registration> RegisterAsync(NewAccount account, string password, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        if (!string.Equals(AccountEmail.Normalize(account.Email), this.GetPrimaryKeyString(), StringComparison.Ordinal))
        {
            throw new ArgumentException("The email does not belong to this grain.", nameof(account));
        }

        if (state.State.Owner is { } owner)
        {
            if (await grains.Grain<IAccountGrain>(owner).GetAsync(ct) is not null)
            {
                return new Registration(RegistrationStatus.EmailTaken, null);
            }

            // The claim was written but its account never was (the process died between the two): take it over.
            LogReclaimed(logger, owner);
        }

        var accountId = Guid.NewGuid();
        state.State.Owner = accountId;
        state.State.Throttle = ThrottleState.Clear;
        await state.WriteStateAsync(ct);
        var created = await grains.Grain<IAccountGrain>(accountId).CreateAsync(account, password, ct);
        return new Registration(RegistrationStatus.Created, created);
    }

    public async Task<SignInResult> SignInAsync(string password, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var owner = state.State.Owner;
        var current = owner is null ? _unownedThrottle : state.State.Throttle;
        if (SignInThrottle.LockedFor(current, now) is { } wait)
        {
            return new SignInResult(SignInStatus.LockedOut, null, wait);
        }

        var account = owner is { } id ? grains.Grain<IAccountGrain>(id) : null;
        var matches = account is not null
            ? await account.VerifyPasswordAsync(password ?? "", ct)
            : passwords.VerifyDecoy(password ?? "");
        if (matches)
        {
            if (current != ThrottleState.Clear)
            {
                await SaveThrottleAsync(owner, ThrottleState.Clear, ct);
            }

            return new SignInResult(SignInStatus.Succeeded, await account!.GetAsync(ct), TimeSpan.Zero);
        }

        var next = throttle.Fail(current, now);
        await SaveThrottleAsync(owner, next, ct);
        if (SignInThrottle.LockedFor(next, now) is { } lockout)
        {
            LogLockedOut(logger, lockout, owner);
            return new SignInResult(SignInStatus.LockedOut, null, lockout);
        }

        return new SignInResult(SignInStatus.Rejected, null, TimeSpan.Zero);
    }

    public Task<Guid?> GetOwnerAsync(CancellationToken ct = default) => Task.FromResult(state.State.Owner);

    async Task SaveThrottleAsync(Guid? owner, ThrottleState next, CancellationToken ct)
    {
        if (owner is null)
        {
            _unownedThrottle = next;
            return;
        }

        state.State.Throttle = next;
        await state.WriteStateAsync(ct);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "An email claim of account {AccountId} had no account; the new sign-up takes it over")]
    static partial void LogReclaimed(ILogger logger, Guid accountId);

    // The address itself is personal data: the log names the account (none for an address nobody owns), not the email.
    [LoggerMessage(Level = LogLevel.Warning, Message = "Sign-in locked out for {Lockout} after repeated failures (account {AccountId})")]
    static partial void LogLockedOut(ILogger logger, TimeSpan lockout, Guid? accountId);
}
