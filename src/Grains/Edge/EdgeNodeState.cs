using Marquee.Edge;

namespace Marquee.Grains.Edge;

/// <summary>What a node grain persists: its registration, its key's hash and its inventory (not its health: that is live).</summary>
[GenerateSerializer, Alias("edge.node-state")]
public sealed class EdgeNodeState
{
    [Id(0)] public EdgeNodeRegistration? Registration { get; set; }
    [Id(1)] public string? KeyHash { get; set; }
    [Id(2)] public Dictionary<string, InventoryItem> Inventory { get; set; } = new(StringComparer.Ordinal);
    [Id(3)] public long Version { get; set; }
}
