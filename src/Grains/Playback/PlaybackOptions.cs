using System.ComponentModel.DataAnnotations;

namespace Marquee.Grains.Playback;

/// <summary>Playback session settings; bound from the <c>Playback</c> section.</summary>
public sealed class PlaybackOptions
{
    public const string Section = "Playback";

    /// <summary>
    /// A session's lease on its stream slot lasts this long after its last renewal; a session whose lease runs out
    /// expires and frees its slot. A heartbeat renews the lease when a third of this has passed since the last renewal
    /// (one slot call per third, not per heartbeat), so a session ends between two thirds of this and all of it after
    /// its last heartbeat: with the default 90 s, a player beating every 10-30 s never sees its session expire.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:05", "01:00:00")]
    public TimeSpan SessionTtl { get; set; } = TimeSpan.FromSeconds(90);

    /// <summary>
    /// How far playback must move (in the title's seconds, either way) before a heartbeat checkpoints the position into
    /// viewing history. Heartbeats in between only update the live session; its stop or expiry records the last
    /// position, so only a silo failure can lose progress, and no more than this. The heartbeat's answer says which
    /// position history holds (<c>savedPositionSeconds</c>).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:30:00")]
    public TimeSpan ProgressCheckpoint { get; set; } = TimeSpan.FromSeconds(60);
}
