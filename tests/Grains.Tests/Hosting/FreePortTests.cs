using Marquee.Grains.Hosting;

namespace Marquee.Grains.Tests.Hosting;

public sealed class FreePortTests
{
    [Fact]
    public void Next_NeverHandsOutTheSamePortTwiceInAProcess()
    {
        // The kernel readily offers a port that was just released again; three ports asked for one silo once came back
        // with two equal, and the silo could not bind both.
        var ports = Enumerable.Range(0, 500).Select(_ => FreePort.Next()).ToList();

        Assert.Equal(ports.Count, ports.Distinct().Count());
        Assert.All(ports, p => Assert.InRange(p, 1, 65535));
    }
}
