using System.Net;
using System.Text.Json;
using Marquee.Edge;

namespace Marquee.Api.Edge;

/// <summary>One coverage zone: a named location and the networks whose clients are there.</summary>
public sealed record CoverageZone(string Name, GeoPoint Location, IReadOnlyList<IPNetwork> Networks);

/// <summary>
/// Client address to location, longest prefix first, from a coverage-zone file in Apache Traffic Router's shape:
/// <c>{"coverageZones": {"name": {"network": ["cidr"], "network6": ["cidr"], "coordinates": {"latitude": 0, "longitude": 0}}}}</c>.
/// </summary>
public sealed class CoverageZoneMap
{
    readonly (IPNetwork Network, CoverageZone Zone)[] _entries;

    public CoverageZoneMap(IEnumerable<CoverageZone> zones)
    {
        ArgumentNullException.ThrowIfNull(zones);
        _entries = [.. zones.SelectMany(z => z.Networks.Select(n => (n, z))).OrderByDescending(e => e.n.PrefixLength)];
    }

    public static CoverageZoneMap Empty { get; } = new([]);

    public int Count => _entries.Length;

    /// <summary>The zone of the most specific network holding the address, or null.</summary>
    public CoverageZone? Find(IPAddress? address)
    {
        if (address is null)
        {
            return null;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        foreach (var (network, zone) in _entries)
        {
            if (network.Contains(address))
            {
                return zone;
            }
        }

        return null;
    }

    /// <summary>Reads a coverage-zone file; throws <see cref="InvalidDataException"/> with the file and the zone at fault.</summary>
    public static CoverageZoneMap Load(string path)
    {
        using var stream = File.OpenRead(path);
        using var document = JsonDocument.Parse(stream);
        if (!document.RootElement.TryGetProperty("coverageZones", out var zones) || zones.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException($"{path}: expected an object \"coverageZones\" of zones.");
        }

        var list = new List<CoverageZone>();
        foreach (var zone in zones.EnumerateObject())
        {
            try
            {
                var coordinates = zone.Value.GetProperty("coordinates");
                var location = new GeoPoint(coordinates.GetProperty("latitude").GetDouble(), coordinates.GetProperty("longitude").GetDouble());
                if (location.Latitude is < -90 or > 90 || location.Longitude is < -180 or > 180)
                {
                    throw new InvalidDataException("coordinates out of range");
                }

                var networks = new List<IPNetwork>();
                foreach (var key in new[] { "network", "network6" })
                {
                    if (zone.Value.TryGetProperty(key, out var cidrs))
                    {
                        networks.AddRange(cidrs.EnumerateArray().Select(c => IPNetwork.Parse(c.GetString()!)));
                    }
                }

                list.Add(new CoverageZone(zone.Name, location, networks));
            }
            catch (Exception ex) when (ex is KeyNotFoundException or InvalidOperationException or FormatException or InvalidDataException)
            {
                throw new InvalidDataException($"{path}: coverage zone \"{zone.Name}\" is malformed ({ex.Message}); it needs coordinates.latitude/longitude and network/network6 CIDR lists.", ex);
            }
        }

        return new CoverageZoneMap(list);
    }
}
