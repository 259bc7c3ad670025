using Marquee.Grains.History;

namespace Marquee.Grains.Tests.History;

public sealed class TrendingBoardTests
{
    static readonly DateTimeOffset T0 = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
    static readonly TimeSpan HalfLife = TimeSpan.FromHours(6);

    [Fact]
    public void Top_OneHalfLifeAfterAPlay_ScoresHalf()
    {
        var board = new TrendingBoard(HalfLife, T0);
        board.Add("a", T0, 1, T0);

        var top = board.Top(10, T0 + HalfLife);

        Assert.Equal(0.5, Assert.Single(top).Score, precision: 9);
    }

    [Fact]
    public void Top_WhenTimeMoves_OldPopularTitleFallsBelowFreshOne()
    {
        var board = new TrendingBoard(HalfLife, T0);
        for (var i = 0; i < 3; i++)
        {
            board.Add("old", T0, 1, T0);
        }

        var later = T0 + TimeSpan.FromHours(24);
        board.Add("fresh", later, 1, later);

        var top = board.Top(10, later);
        Assert.Equal(["fresh", "old"], top.Select(t => t.TitleId));
        Assert.Equal(3.0 / 16, top[1].Score, precision: 9);
        Assert.Equal([1, 2], top.Select(t => t.Rank));
    }

    [Fact]
    public void Add_PlayThatHappenedEarlier_CountsDecayedFromWhenItHappened()
    {
        var board = new TrendingBoard(HalfLife, T0);
        var now = T0 + TimeSpan.FromHours(12);

        board.Add("a", T0 + TimeSpan.FromHours(6), 1, now);

        Assert.Equal(0.5, Assert.Single(board.Top(1, now)).Score, precision: 9);
    }

    [Fact]
    public void Add_PlayInTheFuture_CountsAsNow()
    {
        var board = new TrendingBoard(HalfLife, T0);

        board.Add("a", T0 + TimeSpan.FromDays(1), 1, T0);

        Assert.Equal(1, Assert.Single(board.Top(1, T0)).Score, precision: 9);
    }

    [Fact]
    public void Add_AfterManyHalfLives_RebasesWithoutLosingTheRanking()
    {
        var board = new TrendingBoard(HalfLife, T0);
        board.Add("a", T0, 1, T0);
        var muchLater = T0 + TimeSpan.FromDays(30);

        board.Add("b", muchLater, 2, muchLater);
        board.Add("c", muchLater, 1, muchLater);

        Assert.Equal(muchLater, board.Epoch);
        Assert.Equal(["b", "c"], board.Top(10, muchLater).Select(t => t.TitleId));
        Assert.Equal(2, board.Count);
    }

    [Fact]
    public void Constructor_FromSavedScores_RestoresTheBoard()
    {
        var board = new TrendingBoard(HalfLife, T0);
        board.Add("a", T0, 2, T0);
        board.Add("b", T0, 1, T0);

        var restored = new TrendingBoard(HalfLife, board.Epoch, board.ScoresAtEpoch);

        Assert.Equal(board.Top(10, T0 + HalfLife), restored.Top(10, T0 + HalfLife));
    }

    [Fact]
    public void Top_LimitsAndBreaksTiesByTitleId()
    {
        var board = new TrendingBoard(HalfLife, T0);
        foreach (var id in new[] { "c", "a", "b" })
        {
            board.Add(id, T0, 1, T0);
        }

        Assert.Equal(["a", "b"], board.Top(2, T0).Select(t => t.TitleId));
    }
}
