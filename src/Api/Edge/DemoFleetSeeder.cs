using Marquee.Catalog;
using Marquee.Edge;

namespace Marquee.Api.Edge;

/// <summary>The keys of the demo nodes this process registered, so the fleet simulator can report for them.</summary>
public sealed class DemoFleetKeys
{
    readonly Dictionary<string, string> _keys = new(StringComparer.Ordinal);
    readonly Lock _lock = new();

    public void Set(string nodeId, string key)
    {
        lock (_lock)
        {
            _keys[nodeId] = key;
        }
    }

    public IReadOnlyList<KeyValuePair<string, string>> All()
    {
        lock (_lock)
        {
            return [.. _keys];
        }
    }
}

/// <summary>
/// Registers the demo fleet, places the demo catalogue on it by popularity and sends each node a fresh health report,
/// so a demo is playable from the first request. Idempotent: existing nodes keep their inventory; their key is rotated
/// (the old one died with the process that held it).
/// </summary>
public sealed partial class DemoFleetSeeder(IGrainFactory grains, DemoFleetKeys keys, IConfiguration configuration, ILogger<DemoFleetSeeder> logger)
{
    public async Task SeedAsync(IReadOnlyList<TitleInfo> catalogueByPopularity, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(catalogueByPopularity);
        var placed = 0;
        // Where players reach this API (Edge:DemoBaseUrl): demo nodes are served by its edge data plane.
        var apiBaseUrl = configuration["Edge:DemoBaseUrl"] ?? "http://127.0.0.1:5080";
        await Parallel.ForEachAsync(DemoFleet.Nodes, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = ct }, async (node, token) =>
        {
            var grain = grains.Grain<IEdgeNodeGrain>(node.NodeId);
            var registration = new EdgeNodeRegistration(node.Region, node.Location, node.Tier, node.CapacityGb, DemoFleet.BaseUrl(node, apiBaseUrl), EdgeAdminState.Online);
            var registered = await grain.RegisterAsync(registration, rotateKey: true, token);
            keys.Set(node.NodeId, registered.NodeKey!);
            if (registered.Created)
            {
                foreach (var title in DemoFleet.Placement(node, catalogueByPopularity))
                {
                    await grain.PlaceTitleAsync(title.TitleId, title.SizeGb, token);
                    Interlocked.Increment(ref placed);
                }
            }
        });
        await ReportAsync(DemoHealth.Steady, ct);
        LogSeeded(logger, DemoFleet.Nodes.Count, placed);
    }

    /// <summary>Sends every demo node a health report (the fleet simulator calls this on a timer).</summary>
    public async Task ReportAsync(Func<string, EdgeHealthReport> health, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(health);
        await Task.WhenAll(keys.All().Select(pair => grains.Grain<IEdgeNodeGrain>(pair.Key).ReportHealthAsync(pair.Value, health(pair.Key), ct)));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo edge fleet: {Nodes} nodes registered, {Placed} titles placed")]
    static partial void LogSeeded(ILogger logger, int nodes, int placed);
}

/// <summary>Plausible health figures for demo nodes.</summary>
public static class DemoHealth
{
    /// <summary>A calm node: a stable load per node between 15% and 55%.</summary>
    public static EdgeHealthReport Steady(string nodeId)
    {
        ArgumentNullException.ThrowIfNull(nodeId);
        var spread = Math.Abs(nodeId.Aggregate(7, (h, c) => unchecked((h * 31) + c)) % 40);
        return new EdgeHealthReport(15 + spread, 20_000 - (spread * 200), 0.001);
    }
}
