using Marquee.History;

namespace Marquee.Grains.History;

/// <summary>
/// A stream consumer's place in one profile's viewing events. The stream is a notification that may replay or drop
/// events; the history store is the truth. Feed every delivered event to <see cref="AcceptAsync"/>: it returns what to
/// process, in order, exactly once per sequence number: nothing for a replay, the event itself when it is the next one,
/// and the missed events read back from the history (then the event) when the sequence jumped.
/// </summary>
/// <remarks>
/// A cursor that starts at 0 takes the first event it sees as its starting point; start it at a saved
/// <see cref="LastSequence"/> to catch up on everything since. A jump can also be a hole that holds nothing (a sequence
/// number spent on an event that turned out to be a replay): the read then simply returns nothing for it.
/// </remarks>
public sealed class ViewingStreamCursor(long lastSequence = 0)
{
    /// <summary>How many missed events one read asks for (the read repeats until the gap is filled).</summary>
    public const int ReadPageSize = 500;

    /// <summary>The highest sequence number processed so far (0: none yet).</summary>
    public long LastSequence { get; private set; } = lastSequence;

    /// <summary>What to process for a delivered event; <paramref name="readSince"/> reads stored events after a sequence, oldest first.</summary>
    public async Task<IReadOnlyList<ViewingEvent>> AcceptAsync(
        ViewingEvent delivered, Func<long, Task<IReadOnlyList<ViewingEvent>>> readSince)
    {
        ArgumentNullException.ThrowIfNull(delivered);
        ArgumentNullException.ThrowIfNull(readSince);
        if (delivered.Sequence <= 0)
        {
            // Not recorded through a history grain: nothing to order it by; pass it on.
            return [delivered];
        }

        if (LastSequence == 0 || delivered.Sequence == LastSequence + 1)
        {
            LastSequence = delivered.Sequence;
            return [delivered];
        }

        if (delivered.Sequence <= LastSequence)
        {
            return [];
        }

        var missed = new List<ViewingEvent>();
        while (LastSequence < delivered.Sequence - 1)
        {
            var page = await readSince(LastSequence).ConfigureAwait(false);
            var fresh = page.Where(e => e.Sequence > LastSequence).OrderBy(e => e.Sequence).ToList();
            if (fresh.Count == 0)
            {
                break;
            }

            missed.AddRange(fresh);
            LastSequence = fresh[^1].Sequence;
            if (page.Count < ReadPageSize)
            {
                break;
            }
        }

        if (delivered.Sequence > LastSequence)
        {
            missed.Add(delivered);
            LastSequence = delivered.Sequence;
        }

        return missed;
    }
}
