using System.ComponentModel.DataAnnotations;

namespace Marquee.Api.Edge;

/// <summary>The edge data plane this process hosts; bound from the <c>EdgeCache</c> section.</summary>
public sealed class EdgeCacheOptions
{
    public const string Section = "EdgeCache";

    /// <summary>Where each hosted node keeps its cache (one sub-folder per node); defaults to <c>{Ingest:DataFolder}/edge</c>.</summary>
    public string? Folder { get; set; }

    /// <summary>
    /// The nodes this process serves at <c>/edge/{nodeId}</c>: <c>*</c> for every registered node (embedded mode, where
    /// the API hosts the whole demo fleet), or a comma-separated list of node ids.
    /// </summary>
    [Required] public string HostedNodes { get; set; } = "*";

    /// <summary>How long a node serves a cached playlist before asking its parent again (segments never change).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan PlaylistTtl { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a node's registration (tier, region, capacity) is reused before it is read again.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan NodeInfoTtl { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often each node's traffic is reported to its health.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan ReportInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The link speed a node's load is measured against in its health reports.</summary>
    [Range(1, 1_000_000)] public double NodeBandwidthMbps { get; set; } = 10_000;

    public bool Hosts(string nodeId) =>
        HostedNodes.Trim() == "*"
        || HostedNodes.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Contains(nodeId, StringComparer.Ordinal);
}
