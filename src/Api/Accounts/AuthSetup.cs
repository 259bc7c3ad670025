using Marquee.Accounts;
using Marquee.Grains.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Marquee.Api.Accounts;

/// <summary>JWT bearer authentication and the role policies.</summary>
public static class AuthSetup
{
    public const string AdminPolicy = "admin";
    public const string SupportPolicy = "support";

    public static IServiceCollection AddMarqueeAuth(this IServiceCollection services)
    {
        services.AddOptions<AuthOptions>()
            .BindConfiguration(AuthOptions.Section)
            .ValidateDataAnnotations()
            .Validate<IOptions<OrleansHostingOptions>>(
                (auth, orleans) => string.IsNullOrEmpty(auth.SigningKey) ? orleans.Value.IsEmbedded : auth.SigningKey.Length >= 32,
                "Auth:SigningKey must be at least 32 characters, and is required in cluster mode so every API instance accepts the same tokens.")
            .ValidateOnStart();
        services.AddSingleton<SigningKeyHolder>();
        services.AddSingleton<TokenIssuer>();
        services.AddSingleton<CachingTokenHandler>();

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        // The scheme's handler is JwtBearerHandler with a short cut for tokens validated before (CachingJwtBearerHandler).
        services.Configure<AuthenticationOptions>(o => o.SchemeMap[JwtBearerDefaults.AuthenticationScheme].HandlerType = typeof(CachingJwtBearerHandler));
        // A handler is made per request: from the container (a compiled factory) rather than by reflection.
        services.AddTransient<CachingJwtBearerHandler>();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<AuthOptions>, SigningKeyHolder, TimeProvider, CachingTokenHandler>((jwt, auth, key, clock, handler) =>
            {
                jwt.MapInboundClaims = false;
                // The same validation, remembered per token (CachingTokenHandler says what is cached and for how long).
                jwt.TokenHandlers.Clear();
                jwt.TokenHandlers.Add(handler);
                jwt.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = auth.Value.Issuer,
                    ValidAudience = auth.Value.Audience,
                    IssuerSigningKey = key.Key,
                    ClockSkew = auth.Value.ClockSkew,
                    NameClaimType = JwtRegisteredClaimNames.Sub,
                    RoleClaimType = CurrentMember.RoleClaim,
                    // Expiry is checked against the injected clock, so tests can move time.
                    LifetimeValidator = (notBefore, expires, _, parameters) =>
                    {
                        var now = clock.GetUtcNow().UtcDateTime;
                        return (notBefore is null || notBefore.Value - parameters.ClockSkew <= now)
                            && expires is not null && now <= expires.Value + parameters.ClockSkew;
                    },
                };
            });

        services.AddAuthorizationBuilder()
            .AddPolicy(AdminPolicy, p => p.RequireRole(Roles.Admin))
            .AddPolicy(SupportPolicy, p => p.RequireRole(Roles.Support, Roles.Admin));
        AuthorizationAsSingletons(services);
        return services;
    }

    /// <summary>
    /// ASP.NET registers the authorization services transient, so that scoped requirement handlers can be injected;
    /// this service has none (its policies are roles and "authenticated"), and every authorized request built the
    /// evaluator, the service, the policy and handler providers again. The framework's own implementations are kept,
    /// made once. A scoped handler added later would fail the container's scope validation at start, not pass silently.
    /// </summary>
    static void AuthorizationAsSingletons(IServiceCollection services)
    {
        Type[] stateless =
        [
            typeof(Microsoft.AspNetCore.Authorization.Policy.IPolicyEvaluator),
            typeof(Microsoft.AspNetCore.Authorization.IAuthorizationService),
            typeof(Microsoft.AspNetCore.Authorization.IAuthorizationPolicyProvider),
            typeof(Microsoft.AspNetCore.Authorization.IAuthorizationHandlerProvider),
            typeof(Microsoft.AspNetCore.Authorization.IAuthorizationEvaluator),
            typeof(Microsoft.AspNetCore.Authorization.IAuthorizationHandlerContextFactory),
            typeof(Microsoft.AspNetCore.Authorization.IAuthorizationHandler),
        ];
        for (var i = 0; i < services.Count; i++)
        {
            var descriptor = services[i];
            if (descriptor is { Lifetime: ServiceLifetime.Transient, IsKeyedService: false, ImplementationType: { } implementation }
                && stateless.Contains(descriptor.ServiceType))
            {
                services[i] = ServiceDescriptor.Singleton(descriptor.ServiceType, implementation);
            }
        }
    }
}
