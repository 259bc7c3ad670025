using Marquee.Grains.Edge;

namespace Marquee.Grains.Tests.Edge;

public sealed class FillPlannerTests
{
    static PopularTitle P(string id, int rank, double gb) => new(id, rank, 100.0 / rank, gb);

    static FillInput Input(double capacity, IReadOnlyList<PopularTitle> popular, IReadOnlyList<HeldTitle>? held = null, double cap = 1000, double headroom = 0) =>
        new("edge-1", capacity, held ?? [], popular, headroom, cap);

    [Fact]
    public void Plan_PlacesTopTitlesThatFitCapacity()
    {
        var plan = FillPlanner.Plan(Input(10, [P("a", 1, 4), P("b", 2, 4), P("c", 3, 4)]));

        Assert.Equal(["a", "b"], plan.ToPlace.Select(i => i.TitleId));
        Assert.Equal(FillAction.DoesNotFit, plan.Items.Single(i => i.TitleId == "c").Action);
        Assert.Equal(8, plan.PlannedGb);
    }

    [Fact]
    public void Plan_SkipsTitleTooBigButTakesSmallerOnesBelowIt()
    {
        var plan = FillPlanner.Plan(Input(10, [P("a", 1, 6), P("big", 2, 6), P("small", 3, 3)]));

        Assert.Equal(["a", "small"], plan.ToPlace.Select(i => i.TitleId));
    }

    [Fact]
    public void Plan_KeepsHeldPopularTitlesAndEvictsUnpopularOnes()
    {
        var plan = FillPlanner.Plan(Input(10, [P("a", 1, 4), P("b", 2, 4)], held: [new("a", 4), new("old", 5)]));

        Assert.Equal(FillAction.Keep, plan.Items.Single(i => i.TitleId == "a").Action);
        Assert.Equal(["b"], plan.ToPlace.Select(i => i.TitleId));
        var evicted = Assert.Single(plan.ToEvict);
        Assert.Equal("old", evicted.TitleId);
        Assert.Contains("no longer", evicted.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_WhenRateCapReached_DefersTheRest()
    {
        var plan = FillPlanner.Plan(Input(100, [P("a", 1, 4), P("b", 2, 4), P("c", 3, 4)], cap: 5));

        Assert.Equal(["a"], plan.ToPlace.Select(i => i.TitleId));
        Assert.All(plan.Items.Where(i => i.TitleId != "a"), i => Assert.Equal(FillAction.Deferred, i.Action));
    }

    [Fact]
    public void Plan_KeepsHeadroomFree()
    {
        var plan = FillPlanner.Plan(Input(10, [P("a", 1, 5), P("b", 2, 4)], headroom: 0.2));

        Assert.Equal(8, plan.TargetGb);
        Assert.Equal(["a"], plan.ToPlace.Select(i => i.TitleId));
    }

    [Fact]
    public void Plan_SkipsTitlesWithoutMedia()
    {
        var plan = FillPlanner.Plan(Input(10, [new PopularTitle("no-media", 1, 50, 4, HasMedia: false), P("a", 2, 1)]));

        Assert.Equal(["a"], plan.ToPlace.Select(i => i.TitleId));
        Assert.Equal(FillAction.NoMedia, plan.Items.Single(i => i.TitleId == "no-media").Action);
    }
}
