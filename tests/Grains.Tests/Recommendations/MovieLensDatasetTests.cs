using Marquee.Grains.Recommendations;

namespace Marquee.Grains.Tests.Recommendations;

public sealed class MovieLensDatasetTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "marquee-ml-" + Guid.NewGuid().ToString("N"));

    public MovieLensDatasetTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Load_ReadsRatingsAsInteractionsAndGenreFlagsAsGenres()
    {
        // A three-line fixture in the MovieLens 100K format (tab-separated ratings, pipe-separated items).
        File.WriteAllLines(Path.Combine(_folder, "u.data"), ["1\t10\t5\t881250949", "2\t10\t1\t891717742", "2\t20\t3\t878887116"]);
        var flags = string.Join('|', Enumerable.Range(0, 19).Select(g => g is 1 or 5 ? "1" : "0"));
        var none = string.Join('|', Enumerable.Repeat("0", 19));
        File.WriteAllLines(Path.Combine(_folder, "u.item"),
        [
            $"10|Some Film (1995)|01-Jan-1995||http://example.invalid/10|{flags}",
            $"20|Other Film (1997)|||http://example.invalid/20|{none}",
        ]);

        var data = MovieLensDataset.Load(_folder);

        Assert.Equal(3, data.Interactions.Count);
        var first = data.Interactions[0];
        Assert.Equal(("1", "10"), (first.ProfileId, first.TitleId));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(881250949), first.At);
        Assert.Equal(first.At.Hour, first.LocalHour);
        Assert.Equal(["Action", "Comedy"], data.Titles[0].Genres);
        Assert.Equal(1995, data.Titles[0].Year);
        Assert.Empty(data.Titles[1].Genres);
        Assert.Equal(0, data.Titles[1].Year);
    }

    [Fact]
    public void Load_WhenFilesAreMissing_NamesTheMissingFile()
    {
        var error = Assert.Throws<FileNotFoundException>(() => MovieLensDataset.Load(_folder));

        Assert.Contains("u.data", error.Message, StringComparison.Ordinal);
    }
}
