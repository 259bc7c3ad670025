using System.ComponentModel.DataAnnotations;

namespace Marquee.Grains.Hosting;

/// <summary>How this process joins Orleans; bound from the <c>Orleans</c> section.</summary>
public sealed class OrleansHostingOptions
{
    public const string Section = "Orleans";

    /// <summary><c>Embedded</c> (in-process silo, memory storage, demo data) or <c>Cluster</c> (Redis + PostgreSQL).</summary>
    [Required]
    [RegularExpression("^(Embedded|Cluster)$", ErrorMessage = "Orleans:Mode must be Embedded or Cluster.")]
    public string Mode { get; set; } = "Embedded";

    [Required] public string ClusterId { get; set; } = "marquee";

    [Required] public string ServiceId { get; set; } = "marquee";

    /// <summary>Redis for membership and gateway discovery (cluster mode), e.g. <c>127.0.0.1:6379</c>.</summary>
    public string? Redis { get; set; }

    /// <summary>Npgsql connection string for grain state (cluster mode).</summary>
    public string? Postgres { get; set; }

    /// <summary>Silo-to-silo port; 0 picks a free one (embedded mode).</summary>
    [Range(0, 65535)] public int SiloPort { get; set; }

    /// <summary>Client gateway port; 0 picks a free one (embedded mode).</summary>
    [Range(0, 65535)] public int GatewayPort { get; set; }

    /// <summary>The address other silos and clients reach this silo on.</summary>
    public string AdvertisedAddress { get; set; } = "127.0.0.1";

    /// <summary>The delivery region this silo serves (silo metadata for region-aware placement).</summary>
    public string? Region { get; set; }

    /// <summary>Seed the demo catalogue, fleet and accounts at start (on by default in embedded mode).</summary>
    public bool? SeedDemoData { get; set; }

    public bool IsEmbedded => string.Equals(Mode, "Embedded", StringComparison.OrdinalIgnoreCase);

    public bool ShouldSeedDemoData => SeedDemoData ?? IsEmbedded;
}
