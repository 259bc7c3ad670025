using Marquee.Catalog;
using Marquee.Edge;

namespace Marquee.Api.Edge;

/// <summary>One demo node: where it is and how big.</summary>
public sealed record DemoNode(string NodeId, string Region, string City, GeoPoint Location, EdgeTier Tier, double CapacityGb);

/// <summary>
/// The demo delivery network: three regions, each a storage node (the whole catalogue) and capacity-bounded edge
/// nodes in real cities, filled with the demo catalogue by popularity (catalogue order, most popular first) as far
/// as each node's capacity and the region's licences allow.
/// </summary>
public static class DemoFleet
{
    public static IReadOnlyList<DemoNode> Nodes { get; } =
    [
        new("use-storage-ashburn", "us-east", "Ashburn", new(39.04, -77.49), EdgeTier.Storage, 0),
        new("use-edge-newyork", "us-east", "New York", new(40.71, -74.01), EdgeTier.Edge, 60),
        new("use-edge-boston", "us-east", "Boston", new(42.36, -71.06), EdgeTier.Edge, 30),
        new("use-edge-atlanta", "us-east", "Atlanta", new(33.75, -84.39), EdgeTier.Edge, 40),
        new("use-edge-toronto", "us-east", "Toronto", new(43.65, -79.38), EdgeTier.Edge, 30),
        new("euw-storage-amsterdam", "eu-west", "Amsterdam", new(52.37, 4.90), EdgeTier.Storage, 0),
        new("euw-edge-london", "eu-west", "London", new(51.51, -0.13), EdgeTier.Edge, 60),
        new("euw-edge-paris", "eu-west", "Paris", new(48.86, 2.35), EdgeTier.Edge, 40),
        new("euw-edge-frankfurt", "eu-west", "Frankfurt", new(50.11, 8.68), EdgeTier.Edge, 40),
        new("euw-edge-dublin", "eu-west", "Dublin", new(53.35, -6.26), EdgeTier.Edge, 20),
        new("aps-storage-mumbai", "ap-south", "Mumbai", new(19.08, 72.88), EdgeTier.Storage, 0),
        new("aps-edge-delhi", "ap-south", "Delhi", new(28.61, 77.21), EdgeTier.Edge, 50),
        new("aps-edge-bengaluru", "ap-south", "Bengaluru", new(12.97, 77.59), EdgeTier.Edge, 40),
        new("aps-edge-chennai", "ap-south", "Chennai", new(13.08, 80.27), EdgeTier.Edge, 25),
        new("aps-edge-singapore", "ap-south", "Singapore", new(1.35, 103.82), EdgeTier.Edge, 40),
    ];

    /// <summary>Countries each demo region serves (an edge only holds titles licensed in one of them).</summary>
    public static IReadOnlyDictionary<string, string[]> RegionCountries { get; } = new Dictionary<string, string[]>
    {
        ["us-east"] = ["US", "CA"],
        ["eu-west"] = ["GB", "IE", "FR", "DE", "NL"],
        ["ap-south"] = ["IN", "SG"],
    };

    /// <summary>The demo base URL of a node: the edge data plane this API hosts for it (<c>{api}/edge/{nodeId}</c>).</summary>
    public static string BaseUrl(DemoNode node, string apiBaseUrl)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(apiBaseUrl);
        return $"{apiBaseUrl.TrimEnd('/')}/edge/{node.NodeId}";
    }

    /// <summary>
    /// Which titles an edge holds: walking the catalogue by popularity, every licensed title that still fits. Edges
    /// of a region skip by a node-dependent stride past the top ten, so neighbours do not all hold the same tail.
    /// </summary>
    public static IReadOnlyList<TitleInfo> Placement(DemoNode node, IReadOnlyList<TitleInfo> catalogueByPopularity)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(catalogueByPopularity);
        if (node.Tier == EdgeTier.Storage)
        {
            return [];
        }

        var countries = RegionCountries.GetValueOrDefault(node.Region, []);
        var stride = 2 + (Math.Abs(StableHash(node.NodeId)) % 3);
        var placed = new List<TitleInfo>();
        var used = 0.0;
        for (var rank = 0; rank < catalogueByPopularity.Count; rank++)
        {
            var title = catalogueByPopularity[rank];
            if (rank >= 10 && rank % stride == 0)
            {
                continue;
            }

            if (countries.Length > 0 && !countries.Any(title.IsLicensedIn))
            {
                continue;
            }

            if (used + title.SizeGb <= node.CapacityGb)
            {
                placed.Add(title);
                used += title.SizeGb;
            }
        }

        return placed;
    }

    static int StableHash(string value)
    {
        var hash = 17;
        foreach (var c in value)
        {
            hash = unchecked((hash * 31) + c);
        }

        return hash == int.MinValue ? 0 : hash;
    }
}
