using Marquee.Edge;
using Marquee.Grains.Edge;

namespace Marquee.Api.Edge;

/// <summary>
/// The fleet's regions and their centres, cached in the API process, to pick the steering grain of the region nearest
/// the client. The choice only decides where the decision runs (every region's grain holds the whole table), so a map
/// a little out of date costs locality, never correctness; it refreshes in the background every half minute.
/// </summary>
public sealed partial class EdgeRegionDirectory(IGrainFactory grains, TimeProvider clock, ILogger<EdgeRegionDirectory> logger) : IDisposable
{
    static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(30);
    readonly SemaphoreSlim _refreshing = new(1, 1);
    Snapshot? _snapshot;

    /// <summary>The region whose centre is nearest the point, or null when the fleet has no node.</summary>
    public async ValueTask<string?> NearestRegionAsync(GeoPoint point, CancellationToken ct)
    {
        var snapshot = _snapshot;
        if (snapshot is null || snapshot.Regions.Length == 0)
        {
            snapshot = await RefreshAsync(ct);
        }
        else if (clock.GetUtcNow() - snapshot.FetchedAt > MaxAge)
        {
            _ = RefreshQuietlyAsync();
        }

        var (x, y, z) = GeoMath.ToUnit(point);
        string? nearest = null;
        var best = double.NegativeInfinity;
        foreach (var (name, cx, cy, cz) in snapshot.Regions)
        {
            var dot = (cx * x) + (cy * y) + (cz * z);
            if (dot > best)
            {
                best = dot;
                nearest = name;
            }
        }

        return nearest;
    }

    public void Dispose() => _refreshing.Dispose();

    /// <summary>Drops the cache (after a registration, so a new region is seen at once by this instance).</summary>
    public void Invalidate() => _snapshot = null;

    async Task<Snapshot> RefreshAsync(CancellationToken ct)
    {
        await _refreshing.WaitAsync(ct);
        try
        {
            var current = _snapshot;
            if (current is not null && current.Regions.Length > 0 && clock.GetUtcNow() - current.FetchedAt <= MaxAge)
            {
                return current;
            }

            var regions = await grains.Grain<IEdgeFleetGrain>(0).GetRegionsAsync(ct);
            var fresh = new Snapshot(
                clock.GetUtcNow(),
                [.. regions.Select(r =>
                {
                    var (x, y, z) = GeoMath.ToUnit(r.Center);
                    return (r.Region, x, y, z);
                })]);
            _snapshot = fresh;
            return fresh;
        }
        finally
        {
            _refreshing.Release();
        }
    }

    async Task RefreshQuietlyAsync()
    {
        try
        {
            _snapshot = _snapshot is { } s ? s with { FetchedAt = clock.GetUtcNow() } : null;
            var regions = await grains.Grain<IEdgeFleetGrain>(0).GetRegionsAsync();
            _snapshot = new Snapshot(clock.GetUtcNow(), [.. regions.Select(r =>
            {
                var (x, y, z) = GeoMath.ToUnit(r.Center);
                return (r.Region, x, y, z);
            })]);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogRefreshFailed(logger, ex);
        }
    }

    sealed record Snapshot(DateTimeOffset FetchedAt, (string Region, double X, double Y, double Z)[] Regions);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not refresh the edge region map; the cached one stays in use")]
    static partial void LogRefreshFailed(ILogger logger, Exception exception);
}
