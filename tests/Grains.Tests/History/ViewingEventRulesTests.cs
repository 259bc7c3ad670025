using Marquee.Grains.History;
using Marquee.History;

namespace Marquee.Grains.Tests.History;

public sealed class ViewingEventRulesTests
{
    static readonly DateTimeOffset T0 = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
    static readonly Guid Profile = Guid.NewGuid();
    static readonly ViewingEvent Valid = Events.Playback(Profile, ViewingEventKind.Heartbeat, "a", T0, 100, 0.5);

    public static TheoryData<string, ViewingEvent> Malformed => new()
    {
        { "EventId", Valid with { EventId = Guid.Empty } },
        { "ProfileId", Valid with { ProfileId = Guid.NewGuid() } },
        { "AccountId", Valid with { AccountId = Guid.Empty } },
        { "Kind", Valid with { Kind = (ViewingEventKind)99 } },
        { "TitleId", Valid with { TitleId = null } },
        { "Query", Valid with { Kind = ViewingEventKind.Search, TitleId = null, Query = " " } },
        { "PositionSeconds", Valid with { PositionSeconds = -1 } },
        { "SecondsWatched", Valid with { SecondsWatched = double.NaN } },
        { "Completion", Valid with { Completion = 1.5 } },
        { "LocalHour", Valid with { LocalHour = 24 } },
        { "Country", Valid with { Country = "GBR" } },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Check_MalformedEvent_NamesTheField(string field, ViewingEvent e)
    {
        var problem = ViewingEventRules.Check(e, Profile);

        Assert.NotNull(problem);
        Assert.StartsWith(field, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_WellFormedEvents_Pass()
    {
        Assert.Null(ViewingEventRules.Check(Valid, Profile));
        Assert.Null(ViewingEventRules.Check(Valid with { Country = "" }, Profile));
        Assert.Null(ViewingEventRules.Check(Events.Search(Profile, "space", T0), Profile));
    }
}
