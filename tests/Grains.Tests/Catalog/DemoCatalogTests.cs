using Marquee.Catalog;
using Marquee.Grains.Catalog;

namespace Marquee.Grains.Tests.Catalog;

public sealed class DemoCatalogTests
{
    readonly IReadOnlyList<TitleInfo> _titles = DemoCatalog.Titles;

    [Fact]
    public void Titles_AreAtLeastAHundredOverTenGenres_WithUniqueIdsAndNames()
    {
        Assert.True(_titles.Count >= 100);
        Assert.True(_titles.SelectMany(t => t.Genres).Distinct().Count() >= 10);
        Assert.Equal(_titles.Count, _titles.Select(t => t.TitleId).Distinct().Count());
        Assert.Equal(_titles.Count, _titles.Select(t => t.Name).Distinct().Count());
    }

    [Fact]
    public void Titles_HaveThreeToFiveArtworkVariantsAndALadderFrom240p()
    {
        Assert.All(_titles, t =>
        {
            Assert.InRange(t.Artwork.Count, 3, 5);
            Assert.Equal(t.Artwork.Count, t.Artwork.Select(a => a.Id).Distinct().Count());
            Assert.Equal(240, t.Renditions.Min(r => r.Height));
            Assert.True(t.SizeGb > 0);
        });
        Assert.Contains(_titles, t => t.Renditions.Max(r => r.Height) == 1080);
        Assert.Contains(_titles, t => t.Renditions.Max(r => r.Height) == 2160);
    }

    [Fact]
    public void Titles_MixLicencesAndMaturityRatings()
    {
        Assert.Contains(_titles, t => t.LicensedCountries.Count == 0);
        Assert.InRange(_titles.Count(t => t.LicensedCountries.Count > 0), 3, _titles.Count / 4);
        Assert.Contains(_titles, t => t.LicensedCountries.Count > 0 && !t.IsLicensedIn("US"));
        Assert.True(_titles.Select(t => t.MaturityRating).Distinct().Count() >= 4);
        Assert.All(_titles, t => Assert.True(MaturityRatings.IsValid(t.MaturityRating)));
    }

    [Fact]
    public void Titles_AreTheSameOnEveryBuild()
    {
        var first = DemoCatalog.Titles[0];

        Assert.Equal("demo-001", first.TitleId);
        Assert.Equal("Iron Verdict", first.Name);
        Assert.Equal(first.Cast, DemoCatalog.Titles[0].Cast);
        Assert.Equal("demo-120", DemoCatalog.Titles[^1].TitleId);
    }
}
