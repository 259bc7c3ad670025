namespace Marquee.Grains.Edge;

/// <summary>
/// A daily off-peak window in a region's local time, e.g. 02:00 to 06:00 Europe/London. A window whose end is before
/// its start runs over midnight (22:00 to 04:00).
/// </summary>
public sealed record FillWindow(TimeZoneInfo TimeZone, TimeOnly Start, TimeOnly End)
{
    /// <summary>The region's local time at an instant.</summary>
    public DateTimeOffset LocalTime(DateTimeOffset now) => TimeZoneInfo.ConvertTime(now, TimeZone);

    /// <summary>True when the window is open at an instant.</summary>
    public bool IsOpen(DateTimeOffset now)
    {
        var local = TimeOnly.FromDateTime(LocalTime(now).DateTime);
        return Start == End || (Start < End ? local >= Start && local < End : local >= Start || local < End);
    }

    /// <summary>When the window next opens after <paramref name="now"/> (now itself when it is open), in the region's local time.</summary>
    public DateTimeOffset NextOpening(DateTimeOffset now)
    {
        if (IsOpen(now))
        {
            return LocalTime(now);
        }

        var local = LocalTime(now);
        var candidate = local.Date + Start.ToTimeSpan();
        if (candidate <= local.DateTime)
        {
            candidate = candidate.AddDays(1);
        }

        return new DateTimeOffset(candidate, TimeZone.GetUtcOffset(candidate));
    }
}
