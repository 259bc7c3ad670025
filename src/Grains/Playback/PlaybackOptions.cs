using System.ComponentModel.DataAnnotations;

namespace Marquee.Grains.Playback;

/// <summary>Playback session settings; bound from the <c>Playback</c> section.</summary>
public sealed class PlaybackOptions
{
    public const string Section = "Playback";

    /// <summary>A session without a heartbeat for this long expires and frees its stream slot.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "01:00:00")]
    public TimeSpan SessionTtl { get; set; } = TimeSpan.FromSeconds(90);
}
