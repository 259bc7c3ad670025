namespace Marquee.Accounts;

/// <summary>A subscription plan: it sets the concurrent stream limit and the highest resolution.</summary>
public enum Plan
{
    /// <summary>One stream, up to 720p.</summary>
    Basic = 0,
    /// <summary>Two streams, up to 1080p.</summary>
    Standard = 1,
    /// <summary>Four streams, up to 2160p.</summary>
    Premium = 2,
}

/// <summary>Whether the account's payments are current; a past-due account cannot start playback.</summary>
public enum BillingState
{
    /// <summary>Payments are current.</summary>
    Active = 0,
    /// <summary>A payment failed; playback is refused until it is settled.</summary>
    PastDue = 1,
}

/// <summary>What a plan allows.</summary>
public static class PlanLimits
{
    /// <summary>How many streams may play at once on the plan.</summary>
    public static int MaxStreams(Plan plan) => plan switch
    {
        Plan.Basic => 1,
        Plan.Standard => 2,
        Plan.Premium => 4,
        _ => 1,
    };

    /// <summary>The tallest rendition (in pixels of height) the plan may stream.</summary>
    public static int MaxHeight(Plan plan) => plan switch
    {
        Plan.Basic => 720,
        Plan.Standard => 1080,
        Plan.Premium => 2160,
        _ => 720,
    };
}

/// <summary>Role names carried as claims in access tokens.</summary>
public static class Roles
{
    /// <summary>Every signed-up account.</summary>
    public const string Member = "member";
    /// <summary>Operators of the service.</summary>
    public const string Admin = "admin";
    /// <summary>Customer support staff.</summary>
    public const string Support = "support";
}

/// <summary>One viewer of an account; history, recommendations and artwork are per profile.</summary>
[GenerateSerializer, Immutable, Alias("accounts.profile")]
public sealed record ProfileInfo(
    [property: Id(0)] Guid ProfileId,
    [property: Id(1)] string Name,
    [property: Id(2)] int MaturityLevel,
    [property: Id(3)] bool IsKids,
    [property: Id(4)] IReadOnlyList<string> FavouriteGenres);

/// <summary>A view of an account that is safe to hand to other parts (never the password hash).</summary>
[GenerateSerializer, Immutable, Alias("accounts.account")]
public sealed record AccountInfo(
    [property: Id(0)] Guid AccountId,
    [property: Id(1)] string Email,
    [property: Id(2)] string DisplayName,
    [property: Id(3)] Plan Plan,
    [property: Id(4)] string Country,
    [property: Id(5)] BillingState BillingState,
    [property: Id(6)] IReadOnlyList<string> Roles,
    [property: Id(7)] IReadOnlyList<ProfileInfo> Profiles,
    [property: Id(8)] DateTimeOffset CreatedAt);
