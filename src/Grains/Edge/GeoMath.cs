using Marquee.Edge;

namespace Marquee.Grains.Edge;

/// <summary>
/// Points on the globe as unit vectors: the straight-line (chord) distance between two unit vectors grows with the
/// great-circle distance, so ranking compares chords (a dot product, no trigonometry) and converts to km only for display.
/// </summary>
public static class GeoMath
{
    public const double EarthRadiusKm = 6371.0088;

    public static (double X, double Y, double Z) ToUnit(GeoPoint p)
    {
        var lat = p.Latitude * Math.PI / 180;
        var lon = p.Longitude * Math.PI / 180;
        var cosLat = Math.Cos(lat);
        return (cosLat * Math.Cos(lon), cosLat * Math.Sin(lon), Math.Sin(lat));
    }

    public static GeoPoint FromUnit(double x, double y, double z)
    {
        var norm = Math.Sqrt((x * x) + (y * y) + (z * z));
        if (norm == 0)
        {
            return new GeoPoint(0, 0);
        }

        return new GeoPoint(Math.Asin(Math.Clamp(z / norm, -1, 1)) * 180 / Math.PI, Math.Atan2(y, x) * 180 / Math.PI);
    }

    /// <summary>Great-circle km for a chord between unit vectors.</summary>
    public static double ChordToKm(double chord) => 2 * EarthRadiusKm * Math.Asin(Math.Min(1, chord / 2));

    /// <summary>The chord between unit vectors that are <paramref name="km"/> apart on the surface.</summary>
    public static double KmToChord(double km) => 2 * Math.Sin(Math.Min(Math.PI, km / EarthRadiusKm) / 2);

    /// <summary>Great-circle distance in km (haversine), for tests and display.</summary>
    public static double DistanceKm(GeoPoint a, GeoPoint b)
    {
        var dLat = (b.Latitude - a.Latitude) * Math.PI / 180;
        var dLon = (b.Longitude - a.Longitude) * Math.PI / 180;
        var h = (Math.Sin(dLat / 2) * Math.Sin(dLat / 2))
            + (Math.Cos(a.Latitude * Math.PI / 180) * Math.Cos(b.Latitude * Math.PI / 180) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2));
        return 2 * EarthRadiusKm * Math.Asin(Math.Min(1, Math.Sqrt(h)));
    }
}
