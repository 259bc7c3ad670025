using System.ComponentModel.DataAnnotations;

namespace Marquee.Api.Edge;

/// <summary>How the API finds where a client is; bound from the <c>ClientLocation</c> section.</summary>
public sealed class ClientLocationOptions
{
    public const string Section = "ClientLocation";

    /// <summary>Where a client is taken to be when it sends no coordinates and no coverage zone matches its address.</summary>
    [Range(-90, 90)] public double DefaultLatitude { get; set; } = 39.04;

    /// <summary>See <see cref="DefaultLatitude"/>.</summary>
    [Range(-180, 180)] public double DefaultLongitude { get; set; } = -77.49;

    /// <summary>The coverage-zone file (CIDR to location, Traffic Router's format), relative to the content root; empty for none.</summary>
    public string? CoverageZoneFile { get; set; }

    /// <summary>Proxies (IP addresses) whose X-Forwarded-For is believed; nobody else's is.</summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Networks (CIDR) of proxies whose X-Forwarded-For is believed.</summary>
    public string[] KnownNetworks { get; set; } = [];
}
