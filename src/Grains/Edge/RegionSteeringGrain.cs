using Marquee.Edge;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Orleans.Runtime.MembershipService.SiloMetadata;

namespace Marquee.Grains.Edge;

/// <summary>
/// Steering for one region, on a silo of that region. Holds the whole fleet table in memory: a decision is a
/// synchronous computation over it, never a storage read. Node grains push changes to their region's grain, which
/// replicates them to the other regions' grains; at activation the table is rebuilt from the node grains.
/// </summary>
/// <remarks>
/// Reentrant: every turn changes the table synchronously, and replication waits on peers that may be replicating
/// to this grain at the same moment (two non-reentrant grains awaiting each other would deadlock).
/// </remarks>
[Reentrant]
[RegionKeyPlacementFilter]
public sealed partial class RegionSteeringGrain(
    IOptions<EdgeOptions> options,
    TimeProvider clock,
    IServiceProvider services,
    ILocalSiloDetails silo,
    ILogger<RegionSteeringGrain> logger) : Grain, IRegionSteeringGrain
{
    readonly SteeringTable _table = new(options.Value);
    List<string> _peers = [];

    string Region => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var fleet = GrainFactory.Grain<IEdgeFleetGrain>(0);
        var regions = await fleet.GetRegionsAsync(cancellationToken);
        SetPeers(regions.Select(r => r.Region));
        var nodeIds = await fleet.GetNodeIdsAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.BootstrapTimeout);
        foreach (var batch in nodeIds.Chunk(256))
        {
            var snapshots = await Task.WhenAll(batch.Select(id => GrainFactory.Grain<IEdgeNodeGrain>(id).GetSnapshotAsync(timeout.Token)));
            foreach (var snapshot in snapshots)
            {
                if (snapshot is not null)
                {
                    _table.Upsert(snapshot);
                }
            }
        }

        LogActivated(logger, Region, silo.SiloAddress, _table.Count, _peers.Count);
    }

    public Task<SteeringDecision> SteerAsync(SteeringRequest request, CancellationToken ct = default) =>
        Task.FromResult(_table.Decide(request, clock.GetUtcNow()));

    public async Task UpsertNodeAsync(EdgeNodeSnapshot node, CancellationToken ct = default)
    {
        if (_table.Upsert(node))
        {
            AddPeer(node.Registration.Region);
            await Task.WhenAll(Peers().Select(p => p.ApplyNodeAsync(node, ct)));
        }
    }

    public async Task UpdateHealthAsync(EdgeHealthUpdate update, CancellationToken ct = default)
    {
        if (_table.UpdateHealth(update))
        {
            await Task.WhenAll(Peers().Select(p => p.ApplyHealthAsync(update, ct)));
        }
    }

    public Task ApplyNodeAsync(EdgeNodeSnapshot node, CancellationToken ct = default)
    {
        _table.Upsert(node);
        AddPeer(node.Registration.Region);
        return Task.CompletedTask;
    }

    public Task ApplyHealthAsync(EdgeHealthUpdate update, CancellationToken ct = default)
    {
        _table.UpdateHealth(update);
        return Task.CompletedTask;
    }

    public Task RegionsChangedAsync(IReadOnlyList<string> regions)
    {
        SetPeers(regions);
        return Task.CompletedTask;
    }

    public Task<SteeringGrainInfo> DescribeAsync(CancellationToken ct = default)
    {
        var metadata = services.GetService<ISiloMetadataCache>()?.GetSiloMetadata(silo.SiloAddress).Metadata;
        var siloRegion = metadata?.GetValueOrDefault(SiloMetadataKeys.Region);
        return Task.FromResult(new SteeringGrainInfo(Region, silo.SiloAddress.ToString(), siloRegion, _table.Count, _peers));
    }

    void SetPeers(IEnumerable<string> regions) =>
        _peers = [.. regions.Where(r => !string.Equals(r, Region, StringComparison.Ordinal)).Distinct(StringComparer.Ordinal)];

    void AddPeer(string region)
    {
        if (!string.Equals(region, Region, StringComparison.Ordinal) && !_peers.Contains(region))
        {
            _peers = [.. _peers, region];
        }
    }

    IEnumerable<IRegionSteeringGrain> Peers() => _peers.Select(p => GrainFactory.Grain<IRegionSteeringGrain>(p));

    [LoggerMessage(Level = LogLevel.Information, Message = "Steering for {Region} active on {Silo} with {Nodes} nodes, replicating to {Peers} other regions")]
    static partial void LogActivated(ILogger logger, string region, SiloAddress silo, int nodes, int peers);
}
