using Marquee.Grains.History;
using Marquee.History;

namespace Marquee.Grains.Tests.History;

public sealed class ViewingStreamCursorTests
{
    static readonly DateTimeOffset T0 = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
    readonly Guid _profile = Guid.NewGuid();

    ViewingEvent At(long sequence) => Events.Start(_profile, $"t{sequence}", T0.AddMinutes(sequence), sequence: sequence);

    static Func<long, Task<IReadOnlyList<ViewingEvent>>> NoReads => _ => throw new InvalidOperationException("no read expected");

    [Fact]
    public async Task AcceptAsync_InOrder_PassesEachEventOnce()
    {
        var cursor = new ViewingStreamCursor();

        Assert.Single(await cursor.AcceptAsync(At(1), NoReads));
        Assert.Single(await cursor.AcceptAsync(At(2), NoReads));
        Assert.Equal(2, cursor.LastSequence);
    }

    [Fact]
    public async Task AcceptAsync_Replay_ReturnsNothing()
    {
        var cursor = new ViewingStreamCursor();
        var first = At(1);
        await cursor.AcceptAsync(first, NoReads);
        await cursor.AcceptAsync(At(2), NoReads);

        Assert.Empty(await cursor.AcceptAsync(first, NoReads));
    }

    [Fact]
    public async Task AcceptAsync_AfterGap_ReadsTheMissedEventsInOrder()
    {
        var cursor = new ViewingStreamCursor(lastSequence: 1);
        var stored = new[] { At(2), At(3), At(4) };
        var reads = new List<long>();

        var result = await cursor.AcceptAsync(stored[2], after =>
        {
            reads.Add(after);
            return Task.FromResult<IReadOnlyList<ViewingEvent>>([.. stored.Where(e => e.Sequence > after)]);
        });

        Assert.Equal([2L, 3L, 4L], result.Select(e => e.Sequence));
        Assert.Equal([1L], reads);
        Assert.Equal(4, cursor.LastSequence);
    }

    [Fact]
    public async Task AcceptAsync_GapThatHoldsNothing_PassesTheEvent()
    {
        var cursor = new ViewingStreamCursor(lastSequence: 1);
        var delivered = At(3);

        var result = await cursor.AcceptAsync(delivered, _ => Task.FromResult<IReadOnlyList<ViewingEvent>>([delivered]));

        Assert.Equal([delivered], result);
        Assert.Equal(3, cursor.LastSequence);
    }

    [Fact]
    public async Task AcceptAsync_FreshCursor_StartsFromTheFirstEventSeen()
    {
        var cursor = new ViewingStreamCursor();

        var result = await cursor.AcceptAsync(At(7), NoReads);

        Assert.Single(result);
        Assert.Equal(7, cursor.LastSequence);
    }

    [Fact]
    public async Task AcceptAsync_GapLongerThanAPage_ReadsUntilFilled()
    {
        var cursor = new ViewingStreamCursor(lastSequence: 0);
        await cursor.AcceptAsync(At(1), NoReads);
        var stored = Enumerable.Range(2, 1200).Select(i => At(i)).ToArray();

        var result = await cursor.AcceptAsync(stored[^1], after => Task.FromResult<IReadOnlyList<ViewingEvent>>(
            [.. stored.Where(e => e.Sequence > after).Take(ViewingStreamCursor.ReadPageSize)]));

        Assert.Equal(Enumerable.Range(2, 1200).Select(i => (long)i), result.Select(e => e.Sequence));
    }
}
