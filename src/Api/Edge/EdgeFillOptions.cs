using System.ComponentModel.DataAnnotations;
using Marquee.Grains.Edge;

namespace Marquee.Api.Edge;

/// <summary>Proactive fill of edge nodes in their region's off-peak window; bound from the <c>EdgeFill</c> section.</summary>
public sealed class EdgeFillOptions
{
    public const string Section = "EdgeFill";

    /// <summary>Runs the fill; off, nodes only fill on misses (the fill plan can still be read).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often the fill looks at the nodes; with <see cref="MaxGbPerRun"/> it sets the fill's top rate.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How many of a region's trending titles are considered.</summary>
    [Range(1, 10_000)] public int TopTitles { get; set; } = 100;

    /// <summary>The share of a node's capacity the fill leaves free for titles that misses pull in.</summary>
    [Range(0.0, 0.9)] public double HeadroomFraction { get; set; } = 0.1;

    /// <summary>The rate cap: the most a node receives in one run, in GB (catalogue sizes).</summary>
    [Range(0.000001, 1_000_000)] public double MaxGbPerRun { get; set; } = 200;

    /// <summary>The window of regions that have no entry in <see cref="Regions"/>.</summary>
    [Required] public RegionFillOptions Default { get; set; } = new();

    /// <summary>Per region (the name nodes register with): its time zone, window and the countries whose trending it follows.</summary>
    public Dictionary<string, RegionFillOptions> Regions { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public RegionFillOptions For(string region) => Regions.TryGetValue(region, out var r) ? r : Default;

    /// <summary>Every time zone named resolves, and every window parses; the first problem as a sentence, or null.</summary>
    public string? Problem()
    {
        foreach (var (name, region) in Regions.Append(new("(default)", Default)))
        {
            if (region.Window() is null)
            {
                return $"EdgeFill:Regions:{name}: time zone '{region.TimeZone}' is unknown or the window '{region.WindowStart}'-'{region.WindowEnd}' is not HH:mm.";
            }
        }

        return null;
    }
}

/// <summary>A region's fill settings.</summary>
public sealed class RegionFillOptions
{
    /// <summary>An IANA time zone id, e.g. Europe/London.</summary>
    [Required] public string TimeZone { get; set; } = "UTC";

    /// <summary>Local time the window opens, HH:mm.</summary>
    [Required] public string WindowStart { get; set; } = "02:00";

    /// <summary>Local time the window closes, HH:mm (before the start: over midnight).</summary>
    [Required] public string WindowEnd { get; set; } = "06:00";

    /// <summary>ISO 3166 alpha-2 countries whose trending lists make the region's popularity.</summary>
    public List<string> Countries { get; set; } = [];

    public FillWindow? Window()
    {
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out var zone)
            || !TimeOnly.TryParseExact(WindowStart, "HH:mm", out var start)
            || !TimeOnly.TryParseExact(WindowEnd, "HH:mm", out var end))
        {
            return null;
        }

        return new FillWindow(zone, start, end);
    }
}
