using Microsoft.Extensions.Options;

namespace Marquee.Api.Edge;

/// <summary>
/// Feeds each hosted node's health with what its data plane saw (hits, misses, errors, bytes served, cache use)
/// every <see cref="EdgeCacheOptions.ReportInterval"/> on the injected clock.
/// </summary>
public sealed partial class EdgeTrafficReporter(
    IEdgeNodeDirectory directory,
    EdgeMetrics metrics,
    EdgeCache cache,
    IOptions<EdgeCacheOptions> options,
    TimeProvider clock,
    ILogger<EdgeTrafficReporter> logger) : BackgroundService
{
    /// <summary>Sends one report per node that saw traffic since the last one.</summary>
    public async Task ReportOnceAsync(TimeSpan interval, CancellationToken ct)
    {
        foreach (var nodeId in metrics.ActiveNodes)
        {
            var (hits, misses, errors, bytes) = metrics.Drain(nodeId);
            if (hits + misses + errors == 0)
            {
                continue;
            }

            try
            {
                await directory.ReportTrafficAsync(nodeId, new EdgeTraffic(hits, misses, errors, bytes, interval, cache.UsedBytes(nodeId)), ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogReportFailed(logger, nodeId, ex);
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.ReportInterval;
        using var timer = new PeriodicTimer(interval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await ReportOnceAsync(interval, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not report traffic of edge node {NodeId}")]
    private static partial void LogReportFailed(ILogger logger, string nodeId, Exception exception);
}
