namespace Marquee.Edge;

/// <summary>What kind of cache a node is.</summary>
public enum EdgeTier
{
    /// <summary>A small node that holds what is popular in its region, bounded by capacity.</summary>
    Edge = 0,
    /// <summary>A big node that holds the whole catalogue.</summary>
    Storage = 1,
}

/// <summary>The operator's intent for a node.</summary>
public enum EdgeAdminState
{
    /// <summary>Takes new sessions.</summary>
    Online = 0,
    /// <summary>Finishes current sessions, takes no new ones.</summary>
    Draining = 1,
    /// <summary>Out of service.</summary>
    Offline = 2,
}

/// <summary>A point on the globe in degrees.</summary>
[GenerateSerializer, Immutable, Alias("edge.geo")]
public readonly record struct GeoPoint(
    [property: Id(0)] double Latitude,
    [property: Id(1)] double Longitude);
