using Marquee.Edge;
using Microsoft.Extensions.Options;

namespace Marquee.Api.Edge;

/// <summary>Where a client is, and how that was decided.</summary>
public sealed record ClientLocation(GeoPoint Point, string Source);

/// <summary>
/// Localises a client like Traffic Router: the client's own coordinates when it sends them, else the coverage zone of
/// its address (X-Forwarded-For counts only from configured proxies: the forwarded-headers middleware has already
/// rewritten the remote address when it does), else the configured default.
/// </summary>
public sealed class ClientLocator(CoverageZoneMap zones, IOptions<ClientLocationOptions> options)
{
    public ClientLocation Locate(HttpContext context, double? latitude, double? longitude)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (latitude is { } lat && longitude is { } lon)
        {
            return new ClientLocation(new GeoPoint(lat, lon), "client");
        }

        var zone = zones.Find(context.Connection.RemoteIpAddress);
        if (zone is not null)
        {
            return new ClientLocation(zone.Location, $"coverage-zone:{zone.Name}");
        }

        return new ClientLocation(new GeoPoint(options.Value.DefaultLatitude, options.Value.DefaultLongitude), "default");
    }
}
