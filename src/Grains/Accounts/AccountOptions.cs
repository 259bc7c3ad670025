using System.ComponentModel.DataAnnotations;

namespace Marquee.Grains.Accounts;

/// <summary>Sign-in throttling; bound from the <c>Accounts</c> section.</summary>
public sealed class AccountOptions
{
    public const string Section = "Accounts";

    /// <summary>Wrong passwords in a row (within <see cref="FailureWindow"/>) that lock an address.</summary>
    [Range(1, 100)] public int MaxFailedSignIns { get; set; } = 5;

    /// <summary>How long a locked address refuses every attempt.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "1.00:00:00")]
    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Failures older than this are forgotten, so a few typos a week apart never lock anyone out.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan FailureWindow { get; set; } = TimeSpan.FromMinutes(15);
}
