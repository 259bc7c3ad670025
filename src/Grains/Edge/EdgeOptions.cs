using System.ComponentModel.DataAnnotations;

namespace Marquee.Grains.Edge;

/// <summary>Health thresholds, eviction and steering settings of the delivery network; bound from the <c>Edge</c> section.</summary>
public sealed class EdgeOptions
{
    public const string Section = "Edge";

    /// <summary>A node whose last report is older than this is stale, hence unhealthy (Traffic Monitor's poll window).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan HealthTtl { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Above this load a node is overloaded.</summary>
    [Range(1, 100)] public double MaxLoadPercent { get; set; } = 90;

    /// <summary>Below this much free bandwidth a node has no headroom.</summary>
    [Range(0, 10_000_000)] public double MinAvailableMbps { get; set; } = 500;

    /// <summary>Above this share of failed requests (0..1) a node is failing.</summary>
    [Range(0, 1)] public double MaxErrorRate { get; set; } = 0.05;

    /// <summary>This many client-reported failures inside <see cref="FailureWindow"/> make a node unhealthy (passive health).</summary>
    [Range(1, 1000)] public int FailureThreshold { get; set; } = 3;

    /// <summary>How long a client-reported failure counts against a node.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan FailureWindow { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Which title an edge node drops when it is full: <c>lru</c> (least recently requested) or <c>lfu</c> (least often).</summary>
    [Required, RegularExpression("^(lru|lfu)$", ErrorMessage = "Edge:Eviction must be lru or lfu.")]
    public string Eviction { get; set; } = "lru";

    /// <summary>Nodes this close (km) to the nearest choice count as near-equal and share the load by title hash.</summary>
    [Range(0, 20_000)] public double DistanceBandKm { get; set; } = 50;

    /// <summary>How many cache nodes a steering answer ranks (a primary and the alternates), before the origin.</summary>
    [Range(3, 16)] public int RankedNodes { get; set; } = 3;

    /// <summary>At most this many left-out nodes are explained in an answer, nearest first.</summary>
    [Range(0, 64)] public int MaxSkipped { get; set; } = 8;

    /// <summary>Side of the spatial index cells (km); a decision only looks at cells that can beat what it has.</summary>
    [Range(10, 5_000)] public double CellSizeKm { get; set; } = 100;

    /// <summary>The origin's base URL, the last resort of every answer; empty turns the origin off.</summary>
    public string? OriginBaseUrl { get; set; } = "https://origin.marquee.local";

    /// <summary>How long a steering grain waits for one node's snapshot when it rebuilds its table at activation.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan BootstrapTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
