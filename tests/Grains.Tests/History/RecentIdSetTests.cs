using Marquee.Grains.History;

namespace Marquee.Grains.Tests.History;

public sealed class RecentIdSetTests
{
    [Fact]
    public void Add_SameIdTwice_IsNewOnlyOnce()
    {
        var set = new RecentIdSet(10);
        var id = Guid.NewGuid();

        Assert.True(set.Add(id));
        Assert.False(set.Add(id));
    }

    [Fact]
    public void Add_PastCapacity_ForgetsTheOldestAndStaysBounded()
    {
        var set = new RecentIdSet(3);
        var ids = Enumerable.Range(0, 5).Select(_ => Guid.NewGuid()).ToArray();
        foreach (var id in ids)
        {
            set.Add(id);
        }

        Assert.Equal(3, set.Count);
        Assert.True(set.Add(ids[0]));
        Assert.False(set.Add(ids[4]));
    }
}
