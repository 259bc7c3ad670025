namespace Marquee.Grains.Edge;

/// <summary>A title the region is watching, with what it costs to hold.</summary>
/// <param name="TitleId">The title.</param>
/// <param name="Rank">1 for the region's most popular title.</param>
/// <param name="Score">The region's trending score (plays, decayed by age).</param>
/// <param name="SizeGb">The title's encoded size.</param>
/// <param name="HasMedia">False when the title has not been ingested yet: there is nothing to copy.</param>
public sealed record PopularTitle(string TitleId, int Rank, double Score, double SizeGb, bool HasMedia = true);

/// <summary>A title already on the node.</summary>
public sealed record HeldTitle(string TitleId, double SizeGb);

/// <summary>The inputs of one node's fill decision.</summary>
/// <param name="NodeId">The edge node.</param>
/// <param name="CapacityGb">The node's capacity.</param>
/// <param name="Held">What the node holds now.</param>
/// <param name="Popular">The region's popular titles, best first.</param>
/// <param name="HeadroomFraction">Capacity kept free for titles pulled in by misses between fills (0 to 0.9).</param>
/// <param name="MaxFillGbPerRun">The rate cap: at most this much is copied to the node in one run; the rest waits.</param>
public sealed record FillInput(
    string NodeId,
    double CapacityGb,
    IReadOnlyList<HeldTitle> Held,
    IReadOnlyList<PopularTitle> Popular,
    double HeadroomFraction,
    double MaxFillGbPerRun);

/// <summary>What happens to a title in a fill, and why.</summary>
public enum FillAction
{
    /// <summary>Copied onto the node in this run.</summary>
    Place = 0,
    /// <summary>Already on the node and still wanted.</summary>
    Keep = 1,
    /// <summary>On the node but no longer among what fits of the region's popular titles: removed.</summary>
    Evict = 2,
    /// <summary>Wanted, but the run's rate cap is used up: placed by a later run.</summary>
    Deferred = 3,
    /// <summary>Popular, but it does not fit in what is left of the capacity.</summary>
    DoesNotFit = 4,
    /// <summary>Popular, but not ingested yet: nothing in the origin to copy.</summary>
    NoMedia = 5,
}

/// <summary>One line of a fill plan.</summary>
/// <param name="TitleId">The title.</param>
/// <param name="Action">What happens to it.</param>
/// <param name="Score">Its trending score in the region.</param>
/// <param name="SizeGb">Its encoded size.</param>
/// <param name="Reason">Why, in words.</param>
/// <param name="Rank">The title's rank in the region (0 for an evicted title that is no longer ranked).</param>
public sealed record FillItem(string TitleId, FillAction Action, int Rank, double Score, double SizeGb, string Reason);

/// <summary>A node's fill plan: every line with its reason, and the node's fill after the run.</summary>
/// <param name="NodeId">The edge node.</param>
/// <param name="CapacityGb">Its capacity.</param>
/// <param name="Items">Every title considered, in rank order, then the evictions.</param>
/// <param name="TargetGb">Capacity less headroom: what the fill may use.</param>
/// <param name="PlannedGb">What the node holds once this run's placements and evictions are done.</param>
public sealed record FillPlan(
    string NodeId,
    double CapacityGb,
    double TargetGb,
    double PlannedGb,
    IReadOnlyList<FillItem> Items)
{
    public IEnumerable<FillItem> ToPlace => Items.Where(i => i.Action == FillAction.Place);

    public IEnumerable<FillItem> ToEvict => Items.Where(i => i.Action == FillAction.Evict);
}

/// <summary>
/// Decides what an edge node should hold: walking the region's popular titles best first, it takes each title that
/// still fits in the node's capacity less headroom (a big title that does not fit is skipped, and smaller ones below
/// it may still fit). Wanted titles already on the node are kept, the rest of the node is evicted, and missing ones
/// are placed in rank order until the run's rate cap is reached; the remainder waits for the next run.
/// </summary>
public static class FillPlanner
{
    public static FillPlan Plan(FillInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var target = Math.Max(0, input.CapacityGb * (1 - Math.Clamp(input.HeadroomFraction, 0, 0.9)));
        var held = input.Held.GroupBy(h => h.TitleId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().SizeGb, StringComparer.Ordinal);

        var items = new List<FillItem>();
        var wanted = new HashSet<string>(StringComparer.Ordinal);
        var wantedGb = 0.0;
        var copiedGb = 0.0;
        foreach (var title in input.Popular.DistinctBy(p => p.TitleId).OrderBy(p => p.Rank))
        {
            if (!title.HasMedia || title.SizeGb <= 0)
            {
                items.Add(Item(title, FillAction.NoMedia, $"rank {title.Rank}: not ingested yet, nothing in the origin to copy"));
                continue;
            }

            if (wantedGb + title.SizeGb > target)
            {
                items.Add(Item(title, FillAction.DoesNotFit,
                    $"rank {title.Rank}: {title.SizeGb:0.###} GB does not fit in the {target - wantedGb:0.###} GB left of {target:0.###} GB"));
                continue;
            }

            wanted.Add(title.TitleId);
            wantedGb += title.SizeGb;
            if (held.ContainsKey(title.TitleId))
            {
                items.Add(Item(title, FillAction.Keep, $"rank {title.Rank} in the region, already on the node"));
            }
            else if (copiedGb + title.SizeGb <= input.MaxFillGbPerRun)
            {
                copiedGb += title.SizeGb;
                items.Add(Item(title, FillAction.Place, $"rank {title.Rank} in the region (score {title.Score:0.##}) and fits"));
            }
            else
            {
                items.Add(Item(title, FillAction.Deferred,
                    $"rank {title.Rank}: the run's rate cap ({input.MaxFillGbPerRun:0.###} GB) is used; placed by a later run"));
            }
        }

        foreach (var (titleId, sizeGb) in held.Where(h => !wanted.Contains(h.Key)).OrderBy(h => h.Key, StringComparer.Ordinal))
        {
            var rank = input.Popular.FirstOrDefault(p => p.TitleId == titleId);
            items.Add(new FillItem(titleId, FillAction.Evict, rank?.Rank ?? 0, rank?.Score ?? 0, sizeGb,
                rank is null ? "no longer among the region's popular titles" : $"rank {rank.Rank}: more popular titles fill the node"));
        }

        var plannedGb = items.Where(i => i.Action is FillAction.Keep or FillAction.Place).Sum(i => i.SizeGb);
        return new FillPlan(input.NodeId, input.CapacityGb, target, plannedGb, items);
    }

    static FillItem Item(PopularTitle title, FillAction action, string reason) =>
        new(title.TitleId, action, title.Rank, title.Score, title.SizeGb, reason);
}
