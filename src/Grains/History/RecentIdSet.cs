namespace Marquee.Grains.History;

/// <summary>The last N ids seen, to drop replays in bounded memory: the oldest id is forgotten first.</summary>
public sealed class RecentIdSet(int capacity)
{
    readonly HashSet<Guid> _ids = new(capacity);
    readonly Queue<Guid> _order = new(capacity);

    public int Count => _ids.Count;

    /// <summary>True when the id is new (and now remembered); false when it is among the last N seen.</summary>
    public bool Add(Guid id)
    {
        if (!_ids.Add(id))
        {
            return false;
        }

        _order.Enqueue(id);
        if (_order.Count > capacity)
        {
            _ids.Remove(_order.Dequeue());
        }

        return true;
    }
}
