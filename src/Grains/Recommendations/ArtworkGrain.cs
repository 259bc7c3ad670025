using System.IO.Hashing;
using System.Text;
using Marquee.Hosting;
using Marquee.Recommendations;
using Microsoft.Extensions.Options;

namespace Marquee.Grains.Recommendations;

/// <summary>Saved state of one segment's artwork bandit: the arms' counts (pending impressions are not saved).</summary>
[GenerateSerializer, Alias("recommendations.artwork-state")]
public sealed class ArtworkState
{
    /// <summary>(title, variant, impressions, rewards) per arm.</summary>
    [Id(0)] public List<ArtworkArmState> Arms { get; set; } = [];
}

/// <summary>One arm's counts.</summary>
[GenerateSerializer, Alias("recommendations.artwork-arm-state")]
public sealed record ArtworkArmState(
    [property: Id(0)] string TitleId,
    [property: Id(1)] string VariantId,
    [property: Id(2)] long Impressions,
    [property: Id(3)] long Rewards);

/// <summary>
/// Artwork personalisation for one taste segment (key: the segment): an <see cref="ArtworkBandit"/> over every title's
/// variants. Per segment rather than per profile, because one profile sees a title's card too rarely to learn from.
/// Draws are seeded per segment, so a run is reproducible; counts are saved every save interval when changed.
/// </summary>
public sealed class ArtworkGrain(
    [PersistentState("artwork", StorageNames.Default)] IPersistentState<ArtworkState> state,
    IOptions<RecommendationServiceOptions> options,
    TimeProvider clock) : Grain, IArtworkGrain
{
    ArtworkBandit _bandit = null!;
    Random _random = null!;
    string _segment = "";
    bool _dirty;
    int _sincePrune;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _segment = this.GetPrimaryKeyString();
        var settings = options.Value;
        _bandit = new ArtworkBandit(
            new ArtworkBanditOptions(settings.ArtworkExploreImpressions, RewardWindow: settings.ArtworkRewardWindow),
            state.State.Arms.Select(a => new ArtworkArm(_segment, a.TitleId, a.VariantId, a.Impressions, a.Rewards)));
        var hash = (int)XxHash32.HashToUInt32(Encoding.UTF8.GetBytes(_segment));
        _random = new Random(settings.ArtworkSeed ^ hash);
        this.RegisterGrainTimer(SaveIfChangedAsync, settings.SaveInterval, settings.SaveInterval);
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) =>
        SaveIfChangedAsync(cancellationToken);

    public Task<IReadOnlyList<string?>> ChooseAsync(Guid profileId, IReadOnlyList<ArtworkChoice> titles, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(titles);
        var now = clock.GetUtcNow();
        var profile = profileId.ToString("N");
        var chosen = new string?[titles.Count];
        for (var i = 0; i < titles.Count; i++)
        {
            var title = titles[i];
            if (title.VariantIds.Count == 0)
            {
                continue;
            }

            var variant = _bandit.Choose(_segment, title.TitleId, title.VariantIds, _random);
            _bandit.Shown(profile, _segment, title.TitleId, variant, now);
            chosen[i] = variant;
        }

        _dirty |= titles.Count > 0;
        PruneNowAndThen(now, titles.Count);
        return Task.FromResult<IReadOnlyList<string?>>(chosen);
    }

    public Task ShownAsync(Guid profileId, string titleId, string variantId, CancellationToken ct = default)
    {
        _bandit.Shown(profileId.ToString("N"), _segment, titleId, variantId, clock.GetUtcNow());
        _dirty = true;
        PruneNowAndThen(clock.GetUtcNow(), 1);
        return Task.CompletedTask;
    }

    public Task<bool> PlayedAsync(Guid profileId, string titleId, DateTimeOffset at, CancellationToken ct = default)
    {
        var rewarded = _bandit.Played(profileId.ToString("N"), titleId, at) is not null;
        _dirty |= rewarded;
        return Task.FromResult(rewarded);
    }

    public Task<IReadOnlyList<ArtworkArmStats>> GetArmsAsync(string titleId, CancellationToken ct = default) =>
        Task.FromResult<IReadOnlyList<ArtworkArmStats>>(
        [
            .. _bandit.Snapshot()
                .Where(a => a.TitleId == titleId)
                .OrderBy(a => a.VariantId, StringComparer.Ordinal)
                .Select(a => new ArtworkArmStats(a.VariantId, a.Impressions, a.Rewards)),
        ]);

    // Pending impressions older than the reward window can no longer be rewarded: drop them every few thousand.
    void PruneNowAndThen(DateTimeOffset now, int added)
    {
        _sincePrune += added;
        if (_sincePrune >= 4096)
        {
            _bandit.Prune(now);
            _sincePrune = 0;
        }
    }

    async Task SaveIfChangedAsync(CancellationToken ct)
    {
        if (!_dirty)
        {
            return;
        }

        state.State.Arms = [.. _bandit.Snapshot().Select(a => new ArtworkArmState(a.TitleId, a.VariantId, a.Impressions, a.Rewards))];
        await state.WriteStateAsync(ct);
        _dirty = false;
    }
}
