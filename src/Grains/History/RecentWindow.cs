using Marquee.History;

namespace Marquee.Grains.History;

/// <summary>
/// The last N events of a profile in memory: what the grain answers recent-events calls from, and how it drops a
/// replay of a recent event without a database round trip (older replays are dropped by the store).
/// </summary>
public sealed class RecentWindow(int capacity)
{
    readonly Queue<ViewingEvent> _events = new();
    readonly Dictionary<Guid, long> _sequenceById = [];

    public int Count => _events.Count;

    /// <summary>True, with its sequence number, when the event id is in the window.</summary>
    public bool TryGetSequence(Guid eventId, out long sequence) => _sequenceById.TryGetValue(eventId, out sequence);

    /// <summary>Adds a stored event, forgetting the oldest one past the capacity.</summary>
    public void Add(ViewingEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (!_sequenceById.TryAdd(e.EventId, e.Sequence))
        {
            return;
        }

        _events.Enqueue(e);
        while (_events.Count > capacity)
        {
            _sequenceById.Remove(_events.Dequeue().EventId);
        }
    }

    /// <summary>Up to <paramref name="limit"/> events, newest first (by when they happened, then sequence).</summary>
    public IReadOnlyList<ViewingEvent> Newest(int limit)
    {
        var all = _events.ToArray();
        Array.Sort(all, ViewingEventKinds.NewestFirst);
        return all.Length <= limit ? all : all[..limit];
    }
}
