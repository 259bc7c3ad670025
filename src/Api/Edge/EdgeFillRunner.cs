using Marquee.Catalog;
using Marquee.Edge;
using Marquee.Grains.Edge;
using Marquee.Ingest;
using Microsoft.Extensions.Options;

namespace Marquee.Api.Edge;

/// <summary>What one node's fill run did.</summary>
public sealed record FillRunReport(string NodeId, IReadOnlyList<string> Placed, IReadOnlyList<string> Evicted, IReadOnlyList<string> Failed, long BytesCopied);

/// <summary>
/// Runs the proactive fill: for each hosted, online edge node whose region's window is open, plans and then evicts
/// what is no longer wanted and copies the wanted titles (every rung's playlist and segments) from the region's
/// storage node or the origin, through the same path a miss takes. A placed title is recorded in the node's inventory
/// (which steering reads); titles the inventory evicts to make room leave the cache too.
/// </summary>
public sealed partial class EdgeFillRunner(
    IEdgeNodeDirectory directory,
    EdgeFillPlanner planner,
    EdgeDataPlane plane,
    EdgeCache cache,
    EdgeMetrics metrics,
    IGrainFactory grains,
    IOptions<EdgeCacheOptions> cacheOptions,
    ILogger<EdgeFillRunner> logger) : IDisposable
{
    readonly SemaphoreSlim _gate = new(1, 1);

    public void Dispose() => _gate.Dispose();

    /// <summary>Fills every node whose window is open now; one run at a time.</summary>
    public async Task<IReadOnlyList<FillRunReport>> RunOnceAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var reports = new List<FillRunReport>();
            foreach (var node in await directory.ListAsync(ct))
            {
                if (node.Tier != EdgeTier.Edge || node.AdminState != EdgeAdminState.Online || !cacheOptions.Value.Hosts(node.NodeId))
                {
                    continue;
                }

                var plan = await planner.PlanAsync(node, ct);
                if (plan.WindowOpen)
                {
                    reports.Add(await ApplyAsync(plan, ct));
                }
            }

            return reports;
        }
        finally
        {
            _gate.Release();
        }
    }

    async Task<FillRunReport> ApplyAsync(NodeFillPlan nodePlan, CancellationToken ct)
    {
        var node = nodePlan.Node;
        var evicted = new List<string>();
        foreach (var item in nodePlan.Plan.ToEvict)
        {
            await EvictAsync(node.NodeId, item.TitleId, "unpopular", ct);
            evicted.Add(item.TitleId);
        }

        var placed = new List<string>();
        var failed = new List<string>();
        var bytes = 0L;
        foreach (var item in nodePlan.Plan.ToPlace)
        {
            var copied = await CopyTitleAsync(node, item.TitleId, ct);
            if (copied is null)
            {
                failed.Add(item.TitleId);
                continue;
            }

            bytes += copied.Value;
            placed.Add(item.TitleId);
            foreach (var pushedOut in await directory.PlaceAsync(node.NodeId, item.TitleId, item.SizeGb, ct))
            {
                await EvictAsync(node.NodeId, pushedOut, "capacity", ct, inventory: false);
                evicted.Add(pushedOut);
            }
        }

        LogFilled(logger, node.NodeId, node.Region, placed.Count, evicted.Count, failed.Count, bytes);
        return new FillRunReport(node.NodeId, placed, evicted, failed, bytes);
    }

    /// <summary>Copies every file of a title's current ladder onto the node; the bytes copied, or null when a file is missing.</summary>
    async Task<long?> CopyTitleAsync(DataPlaneNode node, string titleId, CancellationToken ct)
    {
        var title = await grains.Grain<ITitleGrain>(titleId).GetAsync(ct);
        if (title is null || title.Renditions.Count == 0)
        {
            return null;
        }

        var bytes = 0L;
        foreach (var rendition in title.Renditions)
        {
            var rung = MediaLayout.RungName(rendition);
            var playlistPath = EdgeMediaPath.Parse($"{MediaLayout.Prefix}/{titleId}/{rung}/{MediaLayout.VariantPlaylistName}");
            var playlist = playlistPath is null ? null : await plane.GetOrFillAsync(node, playlistPath, "proactive", ct);
            if (playlist is null)
            {
                return null;
            }

            bytes += playlist.Hit ? 0 : playlist.Length;
            foreach (var segment in SegmentNames(await File.ReadAllLinesAsync(playlist.FullPath, ct)))
            {
                var segmentPath = EdgeMediaPath.Parse($"{MediaLayout.Prefix}/{titleId}/{rung}/{segment}");
                var file = segmentPath is null ? null : await plane.GetOrFillAsync(node, segmentPath, "proactive", ct);
                if (file is null)
                {
                    return null;
                }

                bytes += file.Hit ? 0 : file.Length;
            }
        }

        return bytes;
    }

    /// <summary>The segment URIs of a media playlist (relative names beside it).</summary>
    public static IEnumerable<string> SegmentNames(IEnumerable<string> playlistLines) =>
        playlistLines.Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#') && !l.Contains('/', StringComparison.Ordinal));

    async Task EvictAsync(string nodeId, string titleId, string reason, CancellationToken ct, bool inventory = true)
    {
        if (inventory)
        {
            await directory.RemoveAsync(nodeId, titleId, ct);
        }

        cache.RemoveTitle(nodeId, titleId);
        metrics.Evicted(nodeId, reason, 1);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Fill of {NodeId} ({Region}): placed {Placed}, evicted {Evicted}, failed {Failed}, {Bytes} bytes copied")]
    private static partial void LogFilled(ILogger logger, string nodeId, string region, int placed, int evicted, int failed, long bytes);
}

/// <summary>Ticks the <see cref="EdgeFillRunner"/> every <see cref="EdgeFillOptions.Interval"/> on the injected clock.</summary>
public sealed partial class EdgeFillService(
    EdgeFillRunner runner,
    IOptions<EdgeFillOptions> options,
    TimeProvider clock,
    ILogger<EdgeFillService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        try
        {
            using var timer = new PeriodicTimer(options.Value.Interval, clock);
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await runner.RunOnceAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogRunFailed(logger, ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "An edge fill run failed; the next tick tries again")]
    private static partial void LogRunFailed(ILogger logger, Exception exception);
}
