using System.Globalization;
using System.Text;

namespace Marquee.Grains.Recommendations;

/// <summary>
/// Reader of the MovieLens 100K files (u.data, u.item, u.genre) into interactions and title metadata, for the
/// offline evaluation and for seeding a demo catalogue. Every rating is an interaction (implicit feedback); the
/// timestamps are UTC, so their hour stands in for the local hour.
/// </summary>
public sealed record MovieLensDataset(IReadOnlyList<Interaction> Interactions, IReadOnlyList<TitleMetadata> Titles)
{
    /// <summary>The 19 genre flags of u.item, in file order, used when u.genre is absent.</summary>
    private static readonly string[] DefaultGenres =
    [
        "unknown", "Action", "Adventure", "Animation", "Children's", "Comedy", "Crime", "Documentary", "Drama",
        "Fantasy", "Film-Noir", "Horror", "Musical", "Mystery", "Romance", "Sci-Fi", "Thriller", "War", "Western",
    ];

    /// <summary>Reads the folder; throws with the missing file's name when the folder is not a MovieLens 100K copy.</summary>
    public static MovieLensDataset Load(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        var ratingsPath = Path.Combine(directory, "u.data");
        var itemsPath = Path.Combine(directory, "u.item");
        foreach (var path in new[] { ratingsPath, itemsPath })
        {
            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"MovieLens 100K file not found: {path}.", path);
            }
        }

        // The files are Latin-1 (accented titles); the data itself is ASCII.
        var latin1 = Encoding.Latin1;
        var genres = ReadGenres(Path.Combine(directory, "u.genre"), latin1);
        var interactions = new List<Interaction>(100_000);
        foreach (var line in File.ReadLines(ratingsPath, latin1))
        {
            var fields = line.Split('\t');
            if (fields.Length < 4)
            {
                continue;
            }

            var at = DateTimeOffset.FromUnixTimeSeconds(long.Parse(fields[3], CultureInfo.InvariantCulture));
            interactions.Add(new Interaction(fields[0], fields[1], at, 1.0, null, at.Hour));
        }

        var titles = new List<TitleMetadata>(1_700);
        foreach (var line in File.ReadLines(itemsPath, latin1))
        {
            var fields = line.Split('|');
            if (fields.Length < 5 + genres.Count)
            {
                continue;
            }

            var titleGenres = new List<string>();
            for (var g = 0; g < genres.Count; g++)
            {
                if (fields[5 + g] == "1")
                {
                    titleGenres.Add(genres[g]);
                }
            }

            var year = DateTime.TryParseExact(fields[2], "dd-MMM-yyyy", CultureInfo.InvariantCulture, DateTimeStyles.None, out var released)
                ? released.Year
                : 0;
            titles.Add(new TitleMetadata(fields[0], titleGenres, Year: year));
        }

        return new MovieLensDataset(interactions, titles);
    }

    private static List<string> ReadGenres(string path, Encoding encoding)
    {
        if (!File.Exists(path))
        {
            return [.. DefaultGenres];
        }

        return [.. File.ReadLines(path, encoding)
            .Select(l => l.Split('|'))
            .Where(f => f.Length == 2 && int.TryParse(f[1], CultureInfo.InvariantCulture, out _))
            .OrderBy(f => int.Parse(f[1], CultureInfo.InvariantCulture))
            .Select(f => f[0])];
    }
}
