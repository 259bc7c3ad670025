namespace Marquee.Hosting;

/// <summary>Names of the grain storage providers a silo registers.</summary>
public static class StorageNames
{
    /// <summary>Durable grain state: memory in embedded mode, PostgreSQL in cluster mode.</summary>
    public const string Default = "Default";

    /// <summary>Stream pub-sub subscriptions (the name Orleans looks for).</summary>
    public const string PubSub = "PubSubStore";
}

/// <summary>Names of the stream providers and namespaces the silo registers.</summary>
public static class StreamNames
{
    /// <summary>The stream provider every domain event travels on.</summary>
    public const string Provider = "Events";

    /// <summary>Viewing and search events of one profile, keyed by profile id.</summary>
    public const string ViewingEvents = "viewing";
}
