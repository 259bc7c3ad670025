using Marquee.Edge;
using Marquee.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Marquee.Grains.Edge;

/// <summary>
/// One cache node: its registration and inventory are persisted; its health (reports and client failures) is live
/// state. Every change is pushed to the steering grain of the node's region, which replicates it to the others.
/// </summary>
public sealed partial class EdgeNodeGrain(
    [PersistentState("edge-node", StorageNames.Default)] IPersistentState<EdgeNodeState> state,
    IOptions<EdgeOptions> options,
    TimeProvider clock,
    ILogger<EdgeNodeGrain> logger) : Grain, IEdgeNodeGrain
{
    const int MaxFailuresKept = 64;
    readonly List<DateTimeOffset> _failures = [];
    EdgeHealthSample? _health;

    string NodeId => this.GetPrimaryKeyString();

    EdgeOptions Options => options.Value;

    public async Task<EdgeNodeRegistered> RegisterAsync(EdgeNodeRegistration registration, bool rotateKey = false, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(registration);
        var created = state.State.Registration is null;
        string? key = null;
        if (created || rotateKey || state.State.KeyHash is null)
        {
            key = NodeKeys.Create();
            state.State.KeyHash = NodeKeys.Hash(key);
        }

        var previousRegion = state.State.Registration?.Region;
        state.State.Registration = registration;
        if (registration.Tier == EdgeTier.Storage)
        {
            state.State.Inventory.Clear();
        }
        else
        {
            // A smaller capacity evicts down to it, in the configured order.
            var evicted = InventoryPlanner.Evictions(state.State.Inventory, registration.CapacityGb, 0, Options.Eviction) ?? [];
            foreach (var titleId in evicted)
            {
                state.State.Inventory.Remove(titleId);
            }
        }

        state.State.Version++;
        await state.WriteStateAsync(ct);
        await GrainFactory.Grain<IEdgeFleetGrain>(0).AddNodeAsync(NodeId, registration.Region, registration.Location, ct);
        await PushSnapshotAsync(ct);
        LogRegistered(logger, NodeId, registration.Region, registration.Tier, registration.AdminState, created, previousRegion);
        return new EdgeNodeRegistered(NodeId, created, key);
    }

    public async Task<HealthReportOutcome> ReportHealthAsync(string nodeKey, EdgeHealthReport report, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (state.State.Registration is null)
        {
            DeactivateOnIdle();
            return HealthReportOutcome.UnknownNode;
        }

        if (!NodeKeys.Matches(nodeKey, state.State.KeyHash))
        {
            LogWrongKey(logger, NodeId);
            return HealthReportOutcome.WrongKey;
        }

        _health = new EdgeHealthSample(report.LoadPercent, report.AvailableMbps, report.ErrorRate, clock.GetUtcNow());
        await PushHealthAsync(ct);
        return HealthReportOutcome.Accepted;
    }

    public async Task<bool> ReportFailureAsync(CancellationToken ct = default)
    {
        if (state.State.Registration is null)
        {
            DeactivateOnIdle();
            return false;
        }

        var now = clock.GetUtcNow();
        _failures.RemoveAll(f => f <= now - Options.FailureWindow);
        _failures.Add(now);
        if (_failures.Count > MaxFailuresKept)
        {
            _failures.RemoveAt(0);
        }

        LogFailure(logger, NodeId, _failures.Count);
        await PushHealthAsync(ct);
        return true;
    }

    public async Task<PlacementResult> PlaceTitleAsync(string titleId, double sizeGb, CancellationToken ct = default)
    {
        var registration = state.State.Registration;
        var inventory = state.State.Inventory;
        if (registration is null)
        {
            DeactivateOnIdle();
            return new PlacementResult(PlacementOutcome.UnknownNode, [], 0, 0);
        }

        if (registration.Tier == EdgeTier.Storage)
        {
            return new PlacementResult(PlacementOutcome.StorageTier, [], 0, registration.CapacityGb);
        }

        if (inventory.ContainsKey(titleId))
        {
            return new PlacementResult(PlacementOutcome.AlreadyPresent, [], UsedGb(), registration.CapacityGb);
        }

        var evicted = InventoryPlanner.Evictions(inventory, registration.CapacityGb, sizeGb, Options.Eviction);
        if (evicted is null)
        {
            return new PlacementResult(PlacementOutcome.TooLarge, [], UsedGb(), registration.CapacityGb);
        }

        foreach (var victim in evicted)
        {
            inventory.Remove(victim);
        }

        var now = clock.GetUtcNow();
        inventory[titleId] = new InventoryItem { SizeGb = sizeGb, PlacedAt = now, LastRequestedAt = now };
        state.State.Version++;
        await state.WriteStateAsync(ct);
        await PushSnapshotAsync(ct);
        return new PlacementResult(PlacementOutcome.Placed, evicted, UsedGb(), registration.CapacityGb);
    }

    public async Task<bool> RemoveTitleAsync(string titleId, CancellationToken ct = default)
    {
        if (state.State.Registration is null)
        {
            DeactivateOnIdle();
            return false;
        }

        if (!state.State.Inventory.Remove(titleId))
        {
            return false;
        }

        state.State.Version++;
        await state.WriteStateAsync(ct);
        await PushSnapshotAsync(ct);
        return true;
    }

    public Task RecordRequestAsync(string titleId)
    {
        // Request counts are soft state: written with the next inventory change, never on the play path.
        if (state.State.Inventory.TryGetValue(titleId, out var item))
        {
            item.LastRequestedAt = clock.GetUtcNow();
            item.Requests++;
        }

        return Task.CompletedTask;
    }

    public Task<EdgeNodeStatus?> GetStatusAsync(CancellationToken ct = default)
    {
        var registration = state.State.Registration;
        if (registration is null)
        {
            DeactivateOnIdle();
            return Task.FromResult<EdgeNodeStatus?>(null);
        }

        var now = clock.GetUtcNow();
        var problems = EdgeHealthRules.Problems(_health, _failures, now, Options);
        var reasons = new List<string>(problems.Count + 1);
        if (problems.Count == 0 && _health is not null)
        {
            reasons.Add(EdgeHealthRules.HealthySummary(_health, now));
        }

        reasons.AddRange(problems);
        if (registration.AdminState != EdgeAdminState.Online)
        {
            reasons.Add(registration.AdminState == EdgeAdminState.Draining
                ? "draining: finishes current sessions, takes no new ones"
                : "offline: out of service");
        }

        var titles = state.State.Inventory.Keys.Order(StringComparer.Ordinal).ToList();
        return Task.FromResult<EdgeNodeStatus?>(new EdgeNodeStatus(
            NodeId, registration, problems.Count == 0, reasons, _health,
            EdgeHealthRules.RecentFailures(_failures, now, Options), titles, UsedGb(),
            state.State.Inventory.Values.Sum(item => item.Requests)));
    }

    public Task<EdgeNodeSnapshot?> GetSnapshotAsync(CancellationToken ct = default) => Task.FromResult(Snapshot());

    EdgeNodeSnapshot? Snapshot()
    {
        var registration = state.State.Registration;
        return registration is null
            ? null
            : new EdgeNodeSnapshot(NodeId, registration, [.. state.State.Inventory.Keys], _health, [.. _failures], state.State.Version);
    }

    Task PushSnapshotAsync(CancellationToken ct) =>
        GrainFactory.Grain<IRegionSteeringGrain>(state.State.Registration!.Region).UpsertNodeAsync(Snapshot()!, ct);

    Task PushHealthAsync(CancellationToken ct) =>
        GrainFactory.Grain<IRegionSteeringGrain>(state.State.Registration!.Region).UpdateHealthAsync(new EdgeHealthUpdate(NodeId, _health, [.. _failures]), ct);

    double UsedGb() => state.State.Inventory.Values.Sum(i => i.SizeGb);

    [LoggerMessage(Level = LogLevel.Information, Message = "Edge node {NodeId} registered in {Region} ({Tier}, {AdminState}; new: {Created}, previous region: {PreviousRegion})")]
    static partial void LogRegistered(ILogger logger, string nodeId, string region, EdgeTier tier, EdgeAdminState adminState, bool created, string? previousRegion);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Edge node {NodeId}: health report with a wrong node key")]
    static partial void LogWrongKey(ILogger logger, string nodeId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Edge node {NodeId}: a client reported a failure ({Failures} in the window)")]
    static partial void LogFailure(ILogger logger, string nodeId, int failures);
}
