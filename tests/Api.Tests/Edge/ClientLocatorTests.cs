using System.Net;
using Marquee.Api.Edge;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Marquee.Api.Tests.Edge;

public sealed class ClientLocatorTests
{
    static readonly string ZoneFile = Path.Combine(AppContext.BaseDirectory, "coverage-zones.json");

    static ClientLocator Locator(CoverageZoneMap? zones = null) =>
        new(zones ?? CoverageZoneMap.Load(ZoneFile), Options.Create(new ClientLocationOptions { DefaultLatitude = 1, DefaultLongitude = 2 }));

    static DefaultHttpContext From(string? address) => new() { Connection = { RemoteIpAddress = address is null ? null : IPAddress.Parse(address) } };

    [Fact]
    public void Locate_WithClientCoordinates_UsesThem()
    {
        var location = Locator().Locate(From("198.51.100.7"), 10, 20);

        Assert.Equal("client", location.Source);
        Assert.Equal(10, location.Point.Latitude);
    }

    [Theory]
    [InlineData("192.0.2.10", "coverage-zone:us-east-newyork")]
    [InlineData("198.51.100.7", "coverage-zone:eu-west-london")]
    [InlineData("2001:db8:3::1", "coverage-zone:ap-south-mumbai")]
    [InlineData("::ffff:192.0.2.10", "coverage-zone:us-east-newyork")]
    [InlineData("127.0.0.1", "default")]
    [InlineData(null, "default")]
    public void Locate_WithoutCoordinates_UsesTheCoverageZoneElseTheDefault(string? address, string source)
    {
        var location = Locator().Locate(From(address), null, null);

        Assert.Equal(source, location.Source);
    }

    [Fact]
    public void CoverageZoneMap_LongestPrefixWins()
    {
        var map = new CoverageZoneMap(
        [
            new CoverageZone("wide", new(0, 0), [IPNetwork.Parse("192.0.2.0/24")]),
            new CoverageZone("narrow", new(1, 1), [IPNetwork.Parse("192.0.2.128/25")]),
        ]);

        Assert.Equal("narrow", map.Find(IPAddress.Parse("192.0.2.200"))!.Name);
        Assert.Equal("wide", map.Find(IPAddress.Parse("192.0.2.3"))!.Name);
    }

    [Fact]
    public void CoverageZoneMap_MalformedZone_SaysWhichOne()
    {
        var path = Path.Combine(Path.GetTempPath(), $"czf-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, """{"coverageZones": {"broken": {"network": ["10.0.0.0/8"]}}}""");
        try
        {
            var error = Assert.Throws<InvalidDataException>(() => CoverageZoneMap.Load(path));
            Assert.Contains("broken", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
