using Marquee.Catalog;
using Marquee.Hosting;
using Microsoft.Extensions.Logging;

namespace Marquee.Grains.Catalog;

/// <summary>A title in the index and the version of its last change.</summary>
[GenerateSerializer, Immutable, Alias("catalog.indexed-title")]
public sealed record IndexedTitle([property: Id(0)] TitleSummary Summary, [property: Id(1)] long Version);

/// <summary>The stored catalogue index: every title's summary, the removed ids, the last version handed out.</summary>
[GenerateSerializer, Alias("catalog.index-state")]
public sealed class CatalogIndexState
{
    [Id(0)] public Dictionary<string, IndexedTitle> Titles { get; set; } = new(StringComparer.Ordinal);
    [Id(1)] public Dictionary<string, long> Removed { get; set; } = new(StringComparer.Ordinal);
    [Id(2)] public long Version { get; set; }
    /// <summary>Tombstones at or below this version were forgotten: a reader older than that needs a snapshot.</summary>
    [Id(3)] public long ForgottenUpTo { get; set; }
}

/// <summary>
/// The catalogue's table of contents and its change feed. One grain for the whole catalogue: it holds summaries
/// (a few hundred bytes a title), is written only when titles change, and is read by each API's replica a few times
/// a second, so it is no hot spot for members' requests (those are served from the replicas).
/// </summary>
/// <remarks>
/// State is written behind (at most once a second, and on deactivation) so that importing thousands of titles does not
/// rewrite the whole index per title. The epoch changes with every activation: a reader whose cursor belongs to
/// another activation gets a snapshot, so versions handed out but never written cannot leave a replica behind.
/// </remarks>
public sealed partial class CatalogIndexGrain(
    [PersistentState("catalog-index", StorageNames.Default)] IPersistentState<CatalogIndexState> state,
    ILogger<CatalogIndexGrain> logger) : Grain, ICatalogIndexGrain
{
    static readonly TimeSpan FlushPeriod = TimeSpan.FromSeconds(1);
    const int MaxTombstones = 10_000;
    static readonly TimeSpan DeactivationFlushTimeout = TimeSpan.FromSeconds(5);

    readonly Guid _epoch = Guid.NewGuid();
    bool _dirty;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        this.RegisterGrainTimer(FlushAsync, FlushPeriod, FlushPeriod);
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // Bounded: when the whole silo stops, a storage that lives in grains (memory storage) may already be gone,
        // and waiting for it would hold the shutdown. What is lost is re-read by replicas as a snapshot (new epoch).
        try
        {
            await FlushAsync(cancellationToken).WaitAsync(DeactivationFlushTimeout, cancellationToken);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException or OrleansException)
        {
            LogFlushAbandoned(logger, reason.ReasonCode, ex);
        }
    }

    public Task UpsertAsync(TitleSummary title, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(title);
        var version = ++state.State.Version;
        state.State.Titles[title.TitleId] = new IndexedTitle(title, version);
        state.State.Removed.Remove(title.TitleId);
        _dirty = true;
        return Task.CompletedTask;
    }

    public Task RemoveAsync(string titleId, CancellationToken ct = default)
    {
        if (state.State.Titles.Remove(titleId))
        {
            state.State.Removed[titleId] = ++state.State.Version;
            if (state.State.Removed.Count > MaxTombstones)
            {
                var oldest = state.State.Removed.MinBy(r => r.Value);
                state.State.Removed.Remove(oldest.Key);
                state.State.ForgottenUpTo = Math.Max(state.State.ForgottenUpTo, oldest.Value);
            }

            _dirty = true;
        }

        return Task.CompletedTask;
    }

    public Task<CatalogChanges> GetChangesAsync(Guid epoch, long afterVersion, int max, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        var snapshot = epoch != _epoch || afterVersion < state.State.ForgottenUpTo;
        var after = snapshot ? 0 : afterVersion;
        var current = state.State.Version;
        if (!snapshot && after >= current)
        {
            return Task.FromResult(new CatalogChanges(_epoch, current, [], [], false, false));
        }

        var changes = state.State.Titles.Values
            .Where(t => t.Version > after)
            .Select(t => (t.Version, Title: (TitleSummary?)t.Summary, Id: t.Summary.TitleId))
            .Concat(snapshot ? [] : state.State.Removed.Where(r => r.Value > after).Select(r => (Version: r.Value, Title: (TitleSummary?)null, Id: r.Key)))
            .OrderBy(c => c.Version)
            .Take(max + 1)
            .ToList();
        var hasMore = changes.Count > max;
        if (hasMore)
        {
            changes.RemoveAt(max);
        }

        var version = hasMore ? changes[^1].Version : current;
        return Task.FromResult(new CatalogChanges(
            _epoch,
            version,
            [.. changes.Where(c => c.Title is not null).Select(c => c.Title!)],
            [.. changes.Where(c => c.Title is null).Select(c => c.Id)],
            snapshot,
            hasMore));
    }

    async Task FlushAsync(CancellationToken ct)
    {
        if (!_dirty)
        {
            return;
        }

        _dirty = false;
        try
        {
            await state.WriteStateAsync(ct);
        }
        catch
        {
            _dirty = true;
            throw;
        }

        LogFlushed(logger, state.State.Titles.Count, state.State.Version);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Catalogue index not written on deactivation ({Reason}); changes since the last write are lost")]
    static partial void LogFlushAbandoned(ILogger logger, DeactivationReasonCode reason, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Catalogue index written: {Count} titles at version {Version}")]
    static partial void LogFlushed(ILogger logger, int count, long version);
}
