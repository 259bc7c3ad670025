using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Marquee.Api.Edge;

/// <summary>The data plane's instruments on the "Marquee" meter, and per-node counters for health reports.</summary>
public sealed class EdgeMetrics
{
    readonly Counter<long> _requests;
    readonly Counter<long> _bytesServed;
    readonly Counter<long> _fillBytes;
    readonly Counter<long> _evictions;
    readonly ConcurrentDictionary<string, NodeCounters> _nodes = new(StringComparer.Ordinal);

    public EdgeMetrics(IMeterFactory meters, EdgeCache cache)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create("Marquee");
        _requests = meter.CreateCounter<long>("marquee.edge.requests", "{request}", "Media requests served by edge nodes, by node and result (hit, miss, not_found).");
        _bytesServed = meter.CreateCounter<long>("marquee.edge.served", "By", "Bytes of media sent to clients, by node.");
        _fillBytes = meter.CreateCounter<long>("marquee.edge.filled", "By", "Bytes copied into a node's cache, by node and source (storage, origin) and kind (miss, proactive).");
        _evictions = meter.CreateCounter<long>("marquee.edge.evictions", "{file}", "Files removed from a node's cache, by node and reason.");
        meter.CreateObservableGauge("marquee.edge.cache.used", () => cache.Usage().Select(u =>
            new Measurement<long>(u.Bytes, new KeyValuePair<string, object?>("node", u.NodeId))), "By", "Bytes held in each node's cache.");
    }

    public void Request(string nodeId, string result)
    {
        _requests.Add(1, Node(nodeId), new("result", result));
        var counters = Counters(nodeId);
        switch (result)
        {
            case "hit":
                Interlocked.Increment(ref counters.Hits);
                break;
            case "miss":
                Interlocked.Increment(ref counters.Misses);
                break;
            default:
                Interlocked.Increment(ref counters.Errors);
                break;
        }
    }

    public void Served(string nodeId, long bytes)
    {
        _bytesServed.Add(bytes, Node(nodeId));
        Interlocked.Add(ref Counters(nodeId).Bytes, bytes);
    }

    public void Filled(string nodeId, string source, string kind, long bytes) =>
        _fillBytes.Add(bytes, Node(nodeId), new("source", source), new("kind", kind));

    public void Evicted(string nodeId, string reason, int files) => _evictions.Add(files, Node(nodeId), new("reason", reason));

    /// <summary>Takes a node's counters since the last call (for its health report) and resets them.</summary>
    public (long Hits, long Misses, long Errors, long Bytes) Drain(string nodeId)
    {
        var c = Counters(nodeId);
        return (Interlocked.Exchange(ref c.Hits, 0), Interlocked.Exchange(ref c.Misses, 0),
            Interlocked.Exchange(ref c.Errors, 0), Interlocked.Exchange(ref c.Bytes, 0));
    }

    /// <summary>Nodes that saw traffic since the process started.</summary>
    public IReadOnlyCollection<string> ActiveNodes => _nodes.Keys.ToList();

    NodeCounters Counters(string nodeId) => _nodes.GetOrAdd(nodeId, _ => new NodeCounters());

    static KeyValuePair<string, object?> Node(string nodeId) => new("node", nodeId);

    sealed class NodeCounters
    {
        public long Hits;
        public long Misses;
        public long Errors;
        public long Bytes;
    }
}
