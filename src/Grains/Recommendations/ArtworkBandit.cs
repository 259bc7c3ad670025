using Beta = MathNet.Numerics.Distributions.Beta;

namespace Marquee.Grains.Recommendations;

/// <summary>Settings of the artwork bandit.</summary>
/// <param name="ExploreImpressions">Impressions every variant gets (least-shown first) before Thompson sampling takes over.</param>
/// <param name="PriorAlpha">Beta prior's pseudo-plays.</param>
/// <param name="PriorBeta">Beta prior's pseudo-impressions without a play.</param>
/// <param name="RewardWindow">A play counts as the impression's reward when it comes this soon after it.</param>
public sealed record ArtworkBanditOptions(
    int ExploreImpressions = 20,
    double PriorAlpha = 1,
    double PriorBeta = 1,
    TimeSpan RewardWindow = default)
{
    /// <summary>The reward window, 30 minutes when left at its default.</summary>
    public TimeSpan EffectiveRewardWindow => RewardWindow > TimeSpan.Zero ? RewardWindow : TimeSpan.FromMinutes(30);
}

/// <summary>What the bandit knows of one arm: a variant of a title's artwork shown to a segment.</summary>
/// <param name="Segment">The audience the statistics are kept for: a segment name, or a profile id for per-profile arms.</param>
/// <param name="TitleId">The title.</param>
/// <param name="VariantId">The artwork variant.</param>
/// <param name="Impressions">Times shown.</param>
/// <param name="Rewards">Times a play followed within the reward window.</param>
public sealed record ArtworkArm(string Segment, string TitleId, string VariantId, long Impressions, long Rewards)
{
    /// <summary>Observed take fraction (plays per impression).</summary>
    public double TakeFraction => Impressions == 0 ? 0 : (double)Rewards / Impressions;
}

/// <summary>
/// Chooses which artwork variant of a title to show, per (segment, title): Thompson sampling over Beta posteriors of
/// each variant's take fraction, after an exploration phase in which every variant is shown a few times. An
/// impression is rewarded when the same profile plays the title within the reward window. Not thread-safe: one
/// owner (a grain) drives it; <see cref="Snapshot"/> and the constructor carry its state across activations.
/// </summary>
public sealed class ArtworkBandit
{
    private readonly ArtworkBanditOptions _options;
    private readonly Dictionary<(string Segment, string Title, string Variant), (long Impressions, long Rewards)> _arms = [];
    private readonly Dictionary<(string Profile, string Title), PendingImpression> _pending = [];

    /// <summary>Creates a bandit, optionally from a previous <see cref="Snapshot"/>.</summary>
    public ArtworkBandit(ArtworkBanditOptions? options = null, IEnumerable<ArtworkArm>? arms = null)
    {
        _options = options ?? new ArtworkBanditOptions();
        foreach (var arm in arms ?? [])
        {
            _arms[(arm.Segment, arm.TitleId, arm.VariantId)] = (arm.Impressions, arm.Rewards);
        }
    }

    /// <summary>Picks the variant to show: least-shown while exploring, else the best of one posterior draw per variant.</summary>
    public string Choose(string segment, string titleId, IReadOnlyList<string> variants, Random random)
    {
        ArgumentNullException.ThrowIfNull(variants);
        ArgumentNullException.ThrowIfNull(random);
        if (variants.Count == 0)
        {
            throw new ArgumentException("A title needs at least one artwork variant.", nameof(variants));
        }

        if (variants.Count == 1)
        {
            return variants[0];
        }

        // Explore first: any variant still under its quota is shown, least-shown first, ties at random.
        var fewest = long.MaxValue;
        var under = new List<string>();
        foreach (var variant in variants)
        {
            var (impressions, _) = _arms.GetValueOrDefault((segment, titleId, variant));
            if (impressions >= _options.ExploreImpressions)
            {
                continue;
            }

            if (impressions < fewest)
            {
                fewest = impressions;
                under.Clear();
            }

            if (impressions == fewest)
            {
                under.Add(variant);
            }
        }

        if (under.Count > 0)
        {
            return under[random.Next(under.Count)];
        }

        // Then exploit, with exploration proportional to the remaining uncertainty (Thompson sampling).
        var best = variants[0];
        var bestDraw = double.NegativeInfinity;
        foreach (var variant in variants)
        {
            var (impressions, rewards) = _arms.GetValueOrDefault((segment, titleId, variant));
            var draw = Beta.Sample(random, _options.PriorAlpha + rewards, _options.PriorBeta + impressions - rewards);
            if (draw > bestDraw)
            {
                bestDraw = draw;
                best = variant;
            }
        }

        return best;
    }

    /// <summary>Counts an impression of a variant (no reward attribution; see <see cref="Shown"/>).</summary>
    public void RecordImpression(string segment, string titleId, string variantId)
    {
        var key = (segment, titleId, variantId);
        var (impressions, rewards) = _arms.GetValueOrDefault(key);
        _arms[key] = (impressions + 1, rewards);
    }

    /// <summary>Counts a reward for a variant already shown.</summary>
    public void RecordReward(string segment, string titleId, string variantId)
    {
        var key = (segment, titleId, variantId);
        var (impressions, rewards) = _arms.GetValueOrDefault(key);
        _arms[key] = (Math.Max(impressions, rewards + 1), rewards + 1);
    }

    /// <summary>Counts an impression shown to a profile and remembers it so a later play can reward it.</summary>
    public void Shown(string profileId, string segment, string titleId, string variantId, DateTimeOffset at)
    {
        RecordImpression(segment, titleId, variantId);
        _pending[(profileId, titleId)] = new PendingImpression(segment, variantId, at);
    }

    /// <summary>
    /// A profile played a title: rewards the last impression of it to that profile when it was within the reward
    /// window before the play. Returns the rewarded variant, or null when no impression earned it.
    /// </summary>
    public string? Played(string profileId, string titleId, DateTimeOffset at)
    {
        if (!_pending.Remove((profileId, titleId), out var shown))
        {
            return null;
        }

        if (at < shown.At || at - shown.At > _options.EffectiveRewardWindow)
        {
            return null;
        }

        RecordReward(shown.Segment, titleId, shown.VariantId);
        return shown.VariantId;
    }

    /// <summary>Forgets impressions too old to be rewarded; returns how many were dropped.</summary>
    public int Prune(DateTimeOffset now)
    {
        var stale = _pending.Where(p => now - p.Value.At > _options.EffectiveRewardWindow).Select(p => p.Key).ToArray();
        foreach (var key in stale)
        {
            _pending.Remove(key);
        }

        return stale.Length;
    }

    /// <summary>Statistics of one arm.</summary>
    public ArtworkArm Arm(string segment, string titleId, string variantId)
    {
        var (impressions, rewards) = _arms.GetValueOrDefault((segment, titleId, variantId));
        return new ArtworkArm(segment, titleId, variantId, impressions, rewards);
    }

    /// <summary>Every arm's statistics, to persist and restore the bandit.</summary>
    public IReadOnlyList<ArtworkArm> Snapshot() =>
        [.. _arms.Select(a => new ArtworkArm(a.Key.Segment, a.Key.Title, a.Key.Variant, a.Value.Impressions, a.Value.Rewards))];

    private readonly record struct PendingImpression(string Segment, string VariantId, DateTimeOffset At);
}
