using System.ComponentModel.DataAnnotations;
using Marquee.Accounts;
using Marquee.Catalog;

namespace Marquee.Api.Accounts;

/// <summary>A sign-up.</summary>
/// <param name="Email">The address to sign in with; unique across accounts (case-insensitive).</param>
/// <param name="Password">8 to 128 characters; stored only as a salted PBKDF2 hash.</param>
/// <param name="DisplayName">What the account is called; the first profile takes this name.</param>
/// <param name="Plan">Basic, Standard or Premium.</param>
/// <param name="Country">ISO 3166 alpha-2 code of where the member watches (licensing).</param>
/// <param name="FavouriteGenres">Optional genres for the first profile (cold-start recommendations).</param>
public sealed record SignUpRequest(
    [property: Required, EmailAddress, MaxLength(254)] string Email,
    [property: Required, StringLength(128, MinimumLength = 8)] string Password,
    [property: Required, StringLength(60, MinimumLength = 1)] string DisplayName,
    [property: Required, PlanName] string Plan,
    [property: Required, CountryCode] string Country,
    [property: MaxLength(10)] IReadOnlyList<string>? FavouriteGenres = null);

/// <summary>A sign-in.</summary>
public sealed record TokenRequest(
    [property: Required, MaxLength(254)] string Email,
    [property: Required, MaxLength(128)] string Password);

/// <summary>An access token: send it as <c>Authorization: Bearer ...</c>.</summary>
public sealed record TokenResponse(string AccessToken, DateTimeOffset ExpiresAt, string TokenType);

/// <summary>A plan change; it applies from the next play.</summary>
public sealed record PlanChangeRequest([property: Required, PlanName] string Plan);

/// <summary>A profile to add.</summary>
/// <param name="Name">1 to 40 characters.</param>
/// <param name="MaturityLevel">0, 7, 13, 16 or 18 (the highest rating the profile sees); 18 by default, 7 for kids.</param>
/// <param name="IsKids">A kids profile sees titles rated 7 or lower.</param>
/// <param name="FavouriteGenres">Up to 10 genres picked at creation, for cold-start recommendations.</param>
public sealed record NewProfileRequest(
    [property: Required, StringLength(40, MinimumLength = 1)] string Name,
    int? MaturityLevel = null,
    bool IsKids = false,
    [property: MaxLength(10)] IReadOnlyList<string>? FavouriteGenres = null);

/// <summary>A billing state change by support staff.</summary>
public sealed record BillingRequest([property: Required, BillingStateName] string State);

/// <summary>The roles granted to an account besides <c>member</c>; only <c>support</c> can be granted.</summary>
public sealed record RolesRequest([property: Required, MaxLength(4)] IReadOnlyList<string> Roles);

/// <summary>An account as its owner (or support staff) sees it.</summary>
public sealed record AccountView(
    Guid AccountId,
    string Email,
    string DisplayName,
    string Plan,
    int MaxStreams,
    int MaxHeight,
    string Country,
    string BillingState,
    IReadOnlyList<string> Roles,
    IReadOnlyList<ProfileView> Profiles,
    DateTimeOffset CreatedAt)
{
    public static AccountView From(AccountInfo account)
    {
        ArgumentNullException.ThrowIfNull(account);
        return new AccountView(
            account.AccountId, account.Email, account.DisplayName, account.Plan.ToString(), PlanLimits.MaxStreams(account.Plan),
            PlanLimits.MaxHeight(account.Plan), account.Country, BillingStateNameAttribute.Format(account.BillingState),
            account.Roles, [.. account.Profiles.Select(ProfileView.From)], account.CreatedAt);
    }
}

/// <summary>One profile of an account.</summary>
public sealed record ProfileView(Guid ProfileId, string Name, int MaturityLevel, bool IsKids, IReadOnlyList<string> FavouriteGenres)
{
    public static ProfileView From(ProfileInfo profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return new ProfileView(profile.ProfileId, profile.Name, profile.MaturityLevel, profile.IsKids, profile.FavouriteGenres);
    }
}

/// <summary>A plan name: Basic, Standard or Premium (any casing).</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class PlanNameAttribute() : ValidationAttribute("The {0} field must be Basic, Standard or Premium.")
{
    public override bool IsValid(object? value) => value is null || (value is string s && TryParse(s, out _));

    /// <summary>The plan of a name this attribute accepted.</summary>
    public static Plan Parse(string value) =>
        TryParse(value, out var plan) ? plan : throw new ArgumentException($"'{value}' is not a plan.", nameof(value));

    public static bool TryParse(string value, out Plan plan) =>
        Enum.TryParse(value, ignoreCase: true, out plan) && Enum.IsDefined(plan) && !value.Trim().All(char.IsAsciiDigit);
}

/// <summary>A billing state: <c>active</c> or <c>past_due</c>.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class BillingStateNameAttribute() : ValidationAttribute("The {0} field must be active or past_due.")
{
    public override bool IsValid(object? value) => value is null || (value is string s && TryParse(s, out _));

    /// <summary>The billing state of a name this attribute accepted.</summary>
    public static BillingState Parse(string value) =>
        TryParse(value, out var state) ? state : throw new ArgumentException($"'{value}' is not a billing state.", nameof(value));

    public static bool TryParse(string value, out BillingState state)
    {
        switch (value?.Trim().ToLowerInvariant())
        {
            case "active":
                state = BillingState.Active;
                return true;
            case "past_due":
                state = BillingState.PastDue;
                return true;
            default:
                state = default;
                return false;
        }
    }

    public static string Format(BillingState state) => state == BillingState.PastDue ? "past_due" : "active";
}

/// <summary>An ISO 3166 alpha-2 country code (two letters, any casing).</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class CountryCodeAttribute() : ValidationAttribute("The {0} field must be a two-letter country code (ISO 3166 alpha-2), e.g. US.")
{
    public override bool IsValid(object? value) => value is null || (value is string s && s.Length == 2 && s.All(char.IsAsciiLetter));
}

/// <summary>Checks of a profile request that attributes cannot express.</summary>
internal static class ProfileRules
{
    /// <summary>The profile to create, or the field errors that stop it.</summary>
    public static (NewProfile? Profile, Dictionary<string, string[]> Errors) Check(NewProfileRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        var maturity = request.MaturityLevel ?? (request.IsKids ? MaturityRatings.KidsMax : MaturityRatings.Adult);
        if (!MaturityRatings.IsValid(maturity))
        {
            errors["maturityLevel"] = ["The maturityLevel field must be one of 0, 7, 13, 16 or 18."];
        }
        else if (request.IsKids && maturity > MaturityRatings.KidsMax)
        {
            errors["maturityLevel"] = [$"A kids profile has a maturityLevel of at most {MaturityRatings.KidsMax}."];
        }

        var genres = Genres(request.FavouriteGenres, "favouriteGenres", errors);
        return errors.Count > 0
            ? (null, errors)
            : (new NewProfile(request.Name.Trim(), maturity, request.IsKids, genres), errors);
    }

    /// <summary>Trimmed distinct genres; an error when one is blank or longer than 40 characters.</summary>
    public static List<string> Genres(IReadOnlyList<string>? genres, string field, Dictionary<string, string[]> errors)
    {
        var list = (genres ?? []).Select(g => g?.Trim() ?? "").ToList();
        if (list.Any(g => g.Length is 0 or > 40))
        {
            errors[field] = [$"Each entry of {field} must be 1 to 40 characters."];
        }

        return [.. list.Distinct(StringComparer.OrdinalIgnoreCase)];
    }
}
