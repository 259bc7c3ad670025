using Marquee.Grains.Edge;

namespace Marquee.Grains.Tests.Edge;

public sealed class FillWindowTests
{
    static readonly TimeZoneInfo Tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");

    [Theory]
    [InlineData(17, 30, true)]   // 02:30 in Tokyo
    [InlineData(20, 59, true)]   // 05:59
    [InlineData(21, 0, false)]   // 06:00
    [InlineData(12, 0, false)]   // 21:00
    public void IsOpen_UsesTheRegionsLocalTime(int utcHour, int utcMinute, bool open)
    {
        var window = new FillWindow(Tokyo, new TimeOnly(2, 0), new TimeOnly(6, 0));

        Assert.Equal(open, window.IsOpen(new DateTimeOffset(2026, 11, 26, utcHour, utcMinute, 0, TimeSpan.Zero)));
    }

    [Theory]
    [InlineData(23, true)]
    [InlineData(3, true)]
    [InlineData(4, false)]
    [InlineData(21, false)]
    public void IsOpen_OverMidnight(int utcHour, bool open)
    {
        var window = new FillWindow(TimeZoneInfo.Utc, new TimeOnly(22, 0), new TimeOnly(4, 0));

        Assert.Equal(open, window.IsOpen(new DateTimeOffset(2026, 11, 26, utcHour, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void NextOpening_WhenClosed_IsTheNextLocalStart()
    {
        var window = new FillWindow(Tokyo, new TimeOnly(2, 0), new TimeOnly(6, 0));

        var next = window.NextOpening(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));

        Assert.Equal(new DateTimeOffset(2026, 11, 27, 2, 0, 0, TimeSpan.FromHours(9)), next);
    }
}
