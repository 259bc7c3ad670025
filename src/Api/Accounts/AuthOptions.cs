using System.ComponentModel.DataAnnotations;

namespace Marquee.Api.Accounts;

/// <summary>Access-token settings; bound from the <c>Auth</c> section.</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    [Required] public string Issuer { get; set; } = "marquee";

    [Required] public string Audience { get; set; } = "marquee-api";

    /// <summary>
    /// HMAC-SHA256 key, at least 32 characters. Every API instance of a cluster must share it (the API is stateless).
    /// Left empty in embedded mode, a random key is made at start (tokens then die with the process).
    /// </summary>
    public string? SigningKey { get; set; }

    /// <summary>How long an access token lives.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Tolerated clock difference when checking expiry (the issue caps it at 30 s).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:30")]
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);
}
