using Marquee.Grains.Catalog;

namespace Marquee.Grains.Tests.Catalog;

public sealed class MovieLensCatalogTests
{
    // A few rows in the shape of ml-100k's u.item (the data set itself is never committed).
    const string UItem =
        "1|Toy Story (1995)|01-Jan-1995||http://us.imdb.com/M/title-exact?Toy%20Story%20(1995)|0|0|0|1|1|1|0|0|0|0|0|0|0|0|0|0|0|0|0\n" +
        "12|Usual Suspects, The (1995)|14-Aug-1995||http://us.imdb.com/x|0|0|0|0|0|0|1|0|0|0|0|0|0|0|0|0|1|0|0\n" +
        "11|Seven (Se7en) (1995)|01-01-1995||http://us.imdb.com/x|0|0|0|0|0|0|1|0|0|0|0|0|0|0|0|0|1|0|0\n" +
        "1412|Land Before Time III: The Time of the Great Giving (1995) (V)|01-01-1995||http://x|0|0|0|1|1|0|0|0|0|0|0|0|0|0|0|0|0|0|0\n" +
        "not a row\n" +
        "267|unknown||||1|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0\n";

    [Fact]
    public void ParseUItem_ReadsNamesYearsAndGenres()
    {
        var parse = MovieLensCatalog.ParseUItem(UItem);

        Assert.Equal(["ml-1", "ml-12", "ml-11", "ml-1412"], parse.Titles.Select(t => t.TitleId));
        var toyStory = parse.Titles[0];
        Assert.Equal("Toy Story", toyStory.Name);
        Assert.Equal(1995, toyStory.Year);
        Assert.Equal(["Animation", "Children's", "Comedy"], toyStory.Genres);
        Assert.Equal(0, toyStory.MaturityRating);
        Assert.Equal("The Usual Suspects", parse.Titles[1].Name);
        Assert.Equal(16, parse.Titles[1].MaturityRating);
        Assert.Equal("Seven", parse.Titles[2].Name);
        Assert.Contains("Se7en", parse.Titles[2].Tags);
        Assert.Equal("Land Before Time III: The Time of the Great Giving", parse.Titles[3].Name);
        Assert.Equal(2, parse.Skipped.Count);
    }

    [Fact]
    public void ParseUItem_GivesEveryTitleAPlayableLadderAndArtwork()
    {
        var parse = MovieLensCatalog.ParseUItem(UItem);

        Assert.All(parse.Titles, t =>
        {
            Assert.Equal(3, t.Artwork.Count);
            Assert.Contains(t.Renditions.Max(r => r.Height), new[] { 1080, 2160 });
            Assert.Empty(t.LicensedCountries);
        });
    }

    [Fact]
    public void ParseMoviesCsv_HonoursQuotesAndLinks()
    {
        const string movies = "movieId,title,genres\n" +
            "1,Toy Story (1995),Adventure|Animation|Children|Comedy|Fantasy\n" +
            "11,\"American President, The (1995)\",Comedy|Drama|Romance\n" +
            "99,\"Quote \"\"Test\"\" (2001)\",(no genres listed)\n" +
            "x,broken,row\n";
        const string links = "movieId,imdbId,tmdbId\n1,0114709,862\n";

        var parse = MovieLensCatalog.ParseMoviesCsv(movies, links);

        Assert.Equal(["ml-1", "ml-11", "ml-99"], parse.Titles.Select(t => t.TitleId));
        Assert.Contains("imdb:tt0114709", parse.Titles[0].Tags);
        Assert.Equal("The American President", parse.Titles[1].Name);
        Assert.Equal("Quote \"Test\"", parse.Titles[2].Name);
        Assert.Empty(parse.Titles[2].Genres);
        Assert.Single(parse.Skipped);
    }

    [Fact]
    public void Decode_ReadsLatin1WhenTheBytesAreNotUtf8()
    {
        byte[] latin1 = [0x43, 0x69, 0x74, 0xE9];

        Assert.Equal("Cité", MovieLensCatalog.Decode(latin1));
        Assert.Equal("Cité", MovieLensCatalog.Decode("Cité"u8));
    }
}
