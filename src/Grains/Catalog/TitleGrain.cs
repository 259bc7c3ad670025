using Marquee.Catalog;
using Marquee.Hosting;
using Microsoft.Extensions.Logging;

namespace Marquee.Grains.Catalog;

/// <summary>The stored title.</summary>
[GenerateSerializer, Alias("catalog.title-state")]
public sealed class TitleState
{
    [Id(0)] public TitleInfo? Title { get; set; }
}

/// <summary>One title: the source of truth for its details; tells the catalogue index of every change.</summary>
public sealed partial class TitleGrain(
    [PersistentState("title", StorageNames.Default)] IPersistentState<TitleState> state,
    IGrainFactory grains,
    ILogger<TitleGrain> logger) : Grain, ITitleGrain
{
    ICatalogIndexGrain Index => grains.Grain<ICatalogIndexGrain>(CatalogIndex.Key);

    public Task<TitleInfo?> GetAsync(CancellationToken ct = default) => Task.FromResult(state.State.Title);

    public async Task UpsertAsync(TitleInfo title, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(title);
        if (!string.Equals(title.TitleId, this.GetPrimaryKeyString(), StringComparison.Ordinal))
        {
            throw new ArgumentException($"Title {title.TitleId} was sent to the grain of {this.GetPrimaryKeyString()}.", nameof(title));
        }

        state.State.Title = title;
        await state.WriteStateAsync(ct);
        // Awaited, so that when the upsert returns the change is in the feed the search replicas read.
        await Index.UpsertAsync(TitleSummary.From(title), ct);
        LogUpserted(logger, title.TitleId);
    }

    public async Task<bool> DeleteAsync(CancellationToken ct = default)
    {
        if (state.State.Title is null)
        {
            return false;
        }

        await state.ClearStateAsync(ct);
        await Index.RemoveAsync(this.GetPrimaryKeyString(), ct);
        LogDeleted(logger, this.GetPrimaryKeyString());
        return true;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Title {TitleId} stored")]
    static partial void LogUpserted(ILogger logger, string titleId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Title {TitleId} deleted")]
    static partial void LogDeleted(ILogger logger, string titleId);
}
