using System.Collections.Concurrent;
using Marquee.Edge;
using Microsoft.Extensions.Options;

namespace Marquee.Api.Edge;

/// <summary>
/// The data plane's view of the fleet, read from the node grains (<see cref="IEdgeNodeGrain"/>) and the fleet directory
/// (<see cref="IEdgeFleetGrain"/>). A node's registration is reused for <see cref="EdgeCacheOptions.NodeInfoTtl"/>, so a
/// segment request does not cost a grain call; an inventory change through this directory refreshes the node at once.
/// The list of node ids is read on every listing (only misses and fill runs list), so a new node is seen at once.
/// </summary>
public sealed partial class GrainEdgeNodeDirectory(
    IGrainFactory grains,
    EdgeNodeKeys keys,
    IOptions<EdgeCacheOptions> options,
    TimeProvider clock,
    ILogger<GrainEdgeNodeDirectory> logger) : IEdgeNodeDirectory
{
    readonly ConcurrentDictionary<string, (DataPlaneNode? View, DateTimeOffset ReadAt)> _nodes = new(StringComparer.Ordinal);

    public async Task<DataPlaneNode?> GetAsync(string nodeId, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        if (_nodes.TryGetValue(nodeId, out var cached) && now - cached.ReadAt < options.Value.NodeInfoTtl)
        {
            return cached.View;
        }

        var status = await grains.Grain<IEdgeNodeGrain>(nodeId).GetStatusAsync(ct);
        var view = status is null ? null : new DataPlaneNode(
            status.NodeId, status.Registration.Region, status.Registration.Tier, status.Registration.CapacityGb,
            status.Registration.AdminState, status.Titles);
        _nodes[nodeId] = (view, now);
        return view;
    }

    public async Task<IReadOnlyList<DataPlaneNode>> ListAsync(CancellationToken ct = default)
    {
        var ids = await grains.Grain<IEdgeFleetGrain>(0).GetNodeIdsAsync(ct);
        var views = await Task.WhenAll(ids.Select(id => GetAsync(id, ct)));
        return views.OfType<DataPlaneNode>().ToList();
    }

    public async Task<IReadOnlyList<string>> PlaceAsync(string nodeId, string titleId, double sizeGb, CancellationToken ct = default)
    {
        var result = await grains.Grain<IEdgeNodeGrain>(nodeId).PlaceTitleAsync(titleId, sizeGb, ct);
        _nodes.TryRemove(nodeId, out _);
        return result.Evicted;
    }

    public async Task RemoveAsync(string nodeId, string titleId, CancellationToken ct = default)
    {
        await grains.Grain<IEdgeNodeGrain>(nodeId).RemoveTitleAsync(titleId, ct);
        _nodes.TryRemove(nodeId, out _);
    }

    public async Task ReportTrafficAsync(string nodeId, EdgeTraffic traffic, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(traffic);
        var key = keys.Get(nodeId);
        if (key is null)
        {
            LogNoKey(logger, nodeId);
            return;
        }

        var seconds = Math.Max(1, traffic.Interval.TotalSeconds);
        var servedMbps = traffic.BytesServed * 8 / 1e6 / seconds;
        var link = options.Value.NodeBandwidthMbps;
        var requests = traffic.Hits + traffic.Misses + traffic.Errors;
        var report = new EdgeHealthReport(
            LoadPercent: Math.Min(100, servedMbps / link * 100),
            AvailableMbps: Math.Max(0, link - servedMbps),
            ErrorRate: requests == 0 ? 0 : (double)traffic.Errors / requests);
        if (await grains.Grain<IEdgeNodeGrain>(nodeId).ReportHealthAsync(key, report, ct) == HealthReportOutcome.WrongKey)
        {
            keys.Forget(nodeId);
            LogWrongKey(logger, nodeId);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "No key for edge node {NodeId}: its traffic is not reported to its health")]
    private static partial void LogNoKey(ILogger logger, string nodeId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Edge node {NodeId} refused its data plane's key (rotated elsewhere?); traffic reports stop until it is given again")]
    private static partial void LogWrongKey(ILogger logger, string nodeId);
}

/// <summary>
/// The node keys this process holds for the nodes its data plane serves: given to it (<see cref="Remember"/>), or
/// those of the demo nodes this process registered (embedded mode).
/// </summary>
public sealed class EdgeNodeKeys(DemoFleetKeys demo)
{
    readonly ConcurrentDictionary<string, string> _keys = new(StringComparer.Ordinal);

    public void Remember(string nodeId, string key) => _keys[nodeId] = key;

    public string? Get(string nodeId) =>
        _keys.GetValueOrDefault(nodeId) ?? demo.All().FirstOrDefault(p => p.Key == nodeId).Value;

    public void Forget(string nodeId) => _keys.TryRemove(nodeId, out _);
}
