namespace Marquee.Grains.Edge;

/// <summary>One title on an edge node, with what the eviction order needs.</summary>
[GenerateSerializer, Alias("edge.inventory-item")]
public sealed class InventoryItem
{
    [Id(0)] public double SizeGb { get; set; }
    [Id(1)] public DateTimeOffset PlacedAt { get; set; }
    [Id(2)] public DateTimeOffset LastRequestedAt { get; set; }
    [Id(3)] public long Requests { get; set; }
}

/// <summary>
/// Which titles an edge node drops to make room: the least recently requested (<c>lru</c>) or the least often
/// requested (<c>lfu</c>, ties to the least recent). A title never requested counts from when it was placed.
/// </summary>
public static class InventoryPlanner
{
    /// <summary>The titles to evict so that <paramref name="sizeGb"/> more fits in <paramref name="capacityGb"/>; null when it never can.</summary>
    public static IReadOnlyList<string>? Evictions(IReadOnlyDictionary<string, InventoryItem> inventory, double capacityGb, double sizeGb, string policy)
    {
        ArgumentNullException.ThrowIfNull(inventory);
        if (sizeGb > capacityGb)
        {
            return null;
        }

        var used = inventory.Values.Sum(i => i.SizeGb);
        if (used + sizeGb <= capacityGb)
        {
            return [];
        }

        var order = string.Equals(policy, "lfu", StringComparison.OrdinalIgnoreCase)
            ? inventory.OrderBy(p => p.Value.Requests).ThenBy(p => p.Value.LastRequestedAt).ThenBy(p => p.Key, StringComparer.Ordinal)
            : inventory.OrderBy(p => p.Value.LastRequestedAt).ThenBy(p => p.Key, StringComparer.Ordinal);
        var evicted = new List<string>();
        foreach (var (titleId, item) in order)
        {
            if (used + sizeGb <= capacityGb)
            {
                break;
            }

            evicted.Add(titleId);
            used -= item.SizeGb;
        }

        return evicted;
    }
}
