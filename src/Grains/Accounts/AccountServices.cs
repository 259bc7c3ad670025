using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Marquee.Grains.Accounts;

/// <summary>What the account grains need inside a silo.</summary>
public static class AccountServices
{
    public static IServiceCollection AddMarqueeAccounts(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AccountOptions>()
            .Bind(configuration.GetSection(AccountOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IPasswordHasher<AccountState>, PasswordHasher<AccountState>>();
        services.AddSingleton<AccountPasswords>();
        services.AddSingleton<SignInThrottle>();
        return services;
    }
}
