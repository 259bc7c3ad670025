using Marquee.Hosting;
using Marquee.Recommendations;
using Microsoft.Extensions.Options;

namespace Marquee.Grains.Recommendations;

/// <summary>Saved state of the interaction log: the interactions and the version they make up.</summary>
[GenerateSerializer, Alias("recommendations.interaction-log-state")]
public sealed class InteractionLogState
{
    /// <summary>Moves on every change.</summary>
    [Id(0)] public long Version { get; set; }

    /// <summary>One per profile and title.</summary>
    [Id(1)] public List<InteractionRecord> Interactions { get; set; } = [];
}

/// <summary>
/// The bounded feed of interactions every silo's trainer learns from: one per (profile, title), the latest wins, the
/// least recently updated dropped beyond <see cref="RecommendationServiceOptions.MaxInteractions"/>. Saved every
/// <see cref="RecommendationServiceOptions.SaveInterval"/> when changed and on deactivation.
/// </summary>
/// <remarks>
/// A single grain is the simple choice for the demo and for catalogues of a few hundred thousand interactions; at
/// larger scale the trainer would read the history store (PostgreSQL) directly instead.
/// </remarks>
public sealed class InteractionLogGrain(
    [PersistentState("interactions", StorageNames.Default)] IPersistentState<InteractionLogState> state,
    IOptions<RecommendationServiceOptions> options) : Grain, IInteractionLogGrain
{
    readonly Dictionary<(Guid Profile, string Title), LinkedListNode<InteractionRecord>> _index = [];
    readonly LinkedList<InteractionRecord> _order = new();
    InteractionSnapshot? _snapshot;
    long _version;
    bool _dirty;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _version = state.State.Version;
        foreach (var record in state.State.Interactions.OrderBy(r => r.At))
        {
            Put(record);
        }

        var every = options.Value.SaveInterval;
        this.RegisterGrainTimer(SaveIfChangedAsync, every, every);
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) =>
        SaveIfChangedAsync(cancellationToken);

    public Task AddAsync(IReadOnlyList<InteractionRecord> interactions, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(interactions);
        var changed = false;
        foreach (var record in interactions)
        {
            if (_index.TryGetValue((record.ProfileId, record.TitleId), out var node) && node.Value == record)
            {
                continue;
            }

            Put(record);
            changed = true;
        }

        if (changed)
        {
            _version++;
            _snapshot = null;
            _dirty = true;
        }

        return Task.CompletedTask;
    }

    public Task<long> GetVersionAsync(CancellationToken ct = default) => Task.FromResult(_version);

    public Task<InteractionSnapshot> GetSnapshotAsync(CancellationToken ct = default) =>
        Task.FromResult(_snapshot ??= new InteractionSnapshot(_version, [.. _order]));

    void Put(InteractionRecord record)
    {
        var key = (record.ProfileId, record.TitleId);
        if (_index.Remove(key, out var existing))
        {
            _order.Remove(existing);
        }

        _index[key] = _order.AddLast(record);
        while (_order.Count > options.Value.MaxInteractions)
        {
            var oldest = _order.First!;
            _order.RemoveFirst();
            _index.Remove((oldest.Value.ProfileId, oldest.Value.TitleId));
        }
    }

    async Task SaveIfChangedAsync(CancellationToken ct)
    {
        if (!_dirty)
        {
            return;
        }

        state.State.Version = _version;
        state.State.Interactions = [.. _order];
        await state.WriteStateAsync(ct);
        _dirty = false;
    }
}
