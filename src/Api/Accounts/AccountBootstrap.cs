using System.ComponentModel.DataAnnotations;
using Marquee.Accounts;
using Microsoft.Extensions.Options;

namespace Marquee.Api.Accounts;

/// <summary>The administrator made at start; bound from the <c>Admin</c> section. Leave both empty for none.</summary>
public sealed class AdminOptions : IValidatableObject
{
    public const string Section = "Admin";

    [EmailAddress] public string? Email { get; set; }

    public string? Password { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrWhiteSpace(Email) && (Password is null || Password.Length < 8))
        {
            yield return new ValidationResult("Admin:Password must be at least 8 characters when Admin:Email is set.", [nameof(Password)]);
        }
    }
}

/// <summary>Makes sure an account exists for an email (idempotent, safe from several API instances at once).</summary>
public static class AccountBootstrap
{
    /// <summary>The account that owns the email, created when none does, with at least the given roles.</summary>
    public static async Task<AccountInfo> EnsureAsync(
        IGrainFactory grains, NewAccount account, string password, IReadOnlyList<string> roles, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(roles);
        var email = grains.Grain<IEmailGrain>(AccountEmail.Normalize(account.Email));
        var existing = await email.GetOwnerAsync(ct) is { } owner ? await grains.Grain<IAccountGrain>(owner).GetAsync(ct) : null;
        if (existing is null)
        {
            var registration = await email.RegisterAsync(account, password, ct);
            // Another instance may have won the race for the address: then read what it made.
            existing = registration.Account
                ?? await grains.Grain<IAccountGrain>((await email.GetOwnerAsync(ct))!.Value).GetAsync(ct)
                ?? throw new InvalidOperationException("The email is owned by an account that does not exist.");
        }

        var missing = roles.Except(existing.Roles, StringComparer.Ordinal).ToList();
        return missing.Count == 0
            ? existing
            : await grains.Grain<IAccountGrain>(existing.AccountId).SetRolesAsync([.. existing.Roles, .. missing], ct) ?? existing;
    }
}

/// <summary>Creates the configured administrator at start (every hosting mode); a password change in configuration does not reset an existing one.</summary>
internal sealed partial class AdminBootstrapper(IGrainFactory grains, IOptions<AdminOptions> options, ILogger<AdminBootstrapper> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var admin = options.Value;
        if (string.IsNullOrWhiteSpace(admin.Email) || string.IsNullOrEmpty(admin.Password))
        {
            return;
        }

        var account = new NewAccount(admin.Email, "Administrator", Plan.Premium, "US", new NewProfile("Administrator", 18, false, []));
        try
        {
            var made = await AccountBootstrap.EnsureAsync(grains, account, admin.Password, [Roles.Admin], cancellationToken);
            LogReady(logger, made.AccountId);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The API still serves members without an administrator; the log says why there is none.
            LogFailed(logger, ex);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Administrator account {AccountId} is ready (Admin:Email)")]
    static partial void LogReady(ILogger logger, Guid accountId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not create the administrator account from Admin:Email; admin routes have no user until the next start")]
    static partial void LogFailed(ILogger logger, Exception exception);
}

/// <summary>The API side of accounts: options and the administrator bootstrap.</summary>
public static class AccountsApiSetup
{
    public static IServiceCollection AddMarqueeAccountsApi(this IServiceCollection services)
    {
        services.AddOptions<AdminOptions>()
            .BindConfiguration(AdminOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddHostedService<AdminBootstrapper>();
        return services;
    }

    public static IEndpointRouteBuilder MapMarqueeAccounts(this IEndpointRouteBuilder app) =>
        app.MapAccounts().MapAuth().MapProfiles().MapAccountAdmin();
}
