using Marquee.Api.Catalog;
using Marquee.Catalog;
using Marquee.Grains.Catalog;

namespace Marquee.Api.Tests.Catalog;

public sealed class TitleSearchIndexTests : IDisposable
{
    readonly TitleSearchIndex _index = new();

    public TitleSearchIndexTests() => _index.Apply(DemoCatalog.Titles.Select(TitleSummary.From), [], reset: true);

    public void Dispose() => _index.Dispose();

    static TitleSummary Summary(string id, string name, int maturity = 0, string[]? countries = null, string[]? cast = null) =>
        new(id, name, 2000, ["Drama"], cast ?? [], [], maturity, 90, countries ?? [], null, 1080);

    string? Top(string text, string country = "US", int maturity = 18) =>
        _index.Search(text, country, maturity, 5) is [var first, ..] ? first.TitleId : null;

    [Theory]
    [InlineData("Nebula Protocol", "demo-082")]
    [InlineData("nebula protcol", "demo-082")]
    [InlineData("nebul", "demo-082")]
    [InlineData("star war", "demo-081")]
    [InlineData("the wittch of hollow fen", "demo-060")]
    public void Search_FindsTitlesDespiteTyposAndUnfinishedWords(string text, string expected)
    {
        Assert.Equal(expected, Top(text));
    }

    [Fact]
    public void Search_FoldsAccentsAndCase()
    {
        _index.Apply([Summary("t-amelie", "Le Fabuleux Destin d'Amélie Poulain")], [], reset: false);

        Assert.Equal("t-amelie", Top("AMELIE poulain"));
    }

    [Fact]
    public void Search_FiltersByMaturityAndCountry()
    {
        _index.Apply([Summary("t-adult", "Zephyrine Nights", maturity: 18), Summary("t-local", "Zephyrine Mornings", countries: ["FR"])], [], reset: false);

        Assert.Equal(["t-local"], _index.Search("zephyrine", "FR", 7, 5).Select(h => h.TitleId));
        Assert.Equal(["t-adult"], _index.Search("zephyrine", "US", 18, 5).Select(h => h.TitleId));
    }

    [Fact]
    public void Apply_ReplacesAndRemovesTitles()
    {
        _index.Apply([Summary("t-x", "Quorvath Rising")], [], reset: false);
        _index.Apply([Summary("t-x", "Brindlemoor")], [], reset: false);

        Assert.Null(Top("quorvath"));
        Assert.Equal("t-x", Top("brindlemoor"));

        _index.Apply([], ["t-x"], reset: false);

        Assert.Null(Top("brindlemoor"));
    }

    [Fact]
    public void Apply_WithReset_DropsEverythingElse()
    {
        _index.Apply([Summary("t-only", "Solitary Title")], [], reset: true);

        Assert.Null(Top("nebula protocol"));
        Assert.Equal("t-only", Top("solitary"));
    }

    [Fact]
    public void Search_RanksNameMatchesAboveCastMatches()
    {
        _index.Apply([Summary("t-name", "Velloran"), Summary("t-cast", "Other Film", cast: ["Velloran Smith"])], [], reset: false);

        Assert.Equal(["t-name", "t-cast"], _index.Search("velloran", "US", 18, 5).Select(h => h.TitleId));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("?!*")]
    public void Search_WithNoWords_FindsNothing(string text)
    {
        Assert.Empty(_index.Search(text, "US", 18, 5));
    }
}
