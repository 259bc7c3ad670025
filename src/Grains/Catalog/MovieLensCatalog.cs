using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Marquee.Catalog;

namespace Marquee.Grains.Catalog;

/// <summary>The titles read from a MovieLens file, and the lines that could not be read (line number and why).</summary>
public sealed record MovieLensParse(IReadOnlyList<TitleInfo> Titles, IReadOnlyList<string> Skipped);

/// <summary>
/// Reads MovieLens catalogues: <c>u.item</c> (ml-100k: pipe-separated, Latin-1, 19 genre flags) and
/// <c>movies.csv</c> (+ optional <c>links.csv</c>) of the newer data sets. MovieLens id <c>n</c> becomes title id
/// <c>ml-n</c>. MovieLens has no cast, runtime, maturity rating or encodings, so each title gets the defaults of
/// <see cref="CatalogDefaults"/> (a 1080p ladder, 2160p for one title in four), a rating guessed from its genres,
/// three artwork variants, and a licence for every country.
/// </summary>
public static partial class MovieLensCatalog
{
    /// <summary>The title id of a MovieLens movie id.</summary>
    public static string TitleId(int movieId) => $"ml-{movieId}";

    /// <summary>The genre flag columns of u.item, in file order (u.genre).</summary>
    static readonly string[] UItemGenres =
    [
        "unknown", "Action", "Adventure", "Animation", "Children's", "Comedy", "Crime", "Documentary", "Drama", "Fantasy",
        "Film-Noir", "Horror", "Musical", "Mystery", "Romance", "Sci-Fi", "Thriller", "War", "Western",
    ];

    // Articles MovieLens moves to the end ("Usual Suspects, The"); put back in front when reading.
    static readonly string[] Articles = ["The", "A", "An", "Les", "La", "Le", "L'", "Il", "El", "Das", "Der", "Die", "Det", "Los", "Las"];

    /// <summary>Text of a MovieLens file: UTF-8 when it is valid UTF-8, else Latin-1 (as ml-100k is).</summary>
    public static string Decode(ReadOnlySpan<byte> bytes)
    {
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes).TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException)
        {
            return Encoding.Latin1.GetString(bytes);
        }
    }

    /// <summary>Reads ml-100k's <c>u.item</c>: <c>id|title (year)|release date|video date|IMDb URL|19 genre flags</c>.</summary>
    public static MovieLensParse ParseUItem(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var titles = new List<TitleInfo>();
        var skipped = new List<string>();
        var lineNumber = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNumber++;
            var line = raw.TrimEnd('\r');
            if (line.Length == 0)
            {
                continue;
            }

            var fields = line.Split('|');
            if (fields.Length < 5 + UItemGenres.Length || !int.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var movieId) || movieId <= 0)
            {
                skipped.Add($"line {lineNumber}: not a u.item row (id|title|release date|video date|url|19 genre flags)");
                continue;
            }

            var (name, year, aka) = SplitTitle(fields[1]);
            if (year == 0 && DateTime.TryParseExact(fields[2], ["dd-MMM-yyyy", "dd-MM-yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var released))
            {
                year = released.Year;
            }

            if (name.Length == 0 || year == 0)
            {
                skipped.Add($"line {lineNumber}: movie {movieId} has no title or year");
                continue;
            }

            var genres = UItemGenres.Where((_, i) => i > 0 && fields[5 + i] == "1").ToList();
            titles.Add(Make(movieId, name, year, genres, aka, imdb: null));
        }

        return new MovieLensParse(titles, skipped);
    }

    /// <summary>Reads <c>movies.csv</c> (<c>movieId,title,genres</c>, genres pipe-separated) and, when given, <c>links.csv</c>.</summary>
    public static MovieLensParse ParseMoviesCsv(string movies, string? links = null)
    {
        ArgumentNullException.ThrowIfNull(movies);
        var imdbIds = links is null ? [] : ReadLinks(links);
        var titles = new List<TitleInfo>();
        var skipped = new List<string>();
        var lineNumber = 0;
        foreach (var raw in movies.Split('\n'))
        {
            lineNumber++;
            var line = raw.TrimEnd('\r');
            if (line.Length == 0 || (lineNumber == 1 && line.StartsWith("movieId", StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            var fields = SplitCsv(line);
            if (fields.Count < 3 || !int.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var movieId) || movieId <= 0)
            {
                skipped.Add($"line {lineNumber}: not a movies.csv row (movieId,title,genres)");
                continue;
            }

            var (name, year, aka) = SplitTitle(fields[1]);
            if (name.Length == 0 || year == 0)
            {
                skipped.Add($"line {lineNumber}: movie {movieId} has no title or year");
                continue;
            }

            var genres = fields[2] == "(no genres listed)"
                ? []
                : fields[2].Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
            titles.Add(Make(movieId, name, year, genres, aka, imdbIds.GetValueOrDefault(movieId)));
        }

        return new MovieLensParse(titles, skipped);
    }

    static Dictionary<int, string> ReadLinks(string links)
    {
        var map = new Dictionary<int, string>();
        foreach (var raw in links.Split('\n'))
        {
            var fields = SplitCsv(raw.TrimEnd('\r'));
            if (fields.Count >= 2 && int.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var movieId)
                && fields[1].Length > 0 && fields[1].All(char.IsAsciiDigit))
            {
                map[movieId] = $"tt{fields[1]}";
            }
        }

        return map;
    }

    static TitleInfo Make(int movieId, string name, int year, List<string> genres, string? aka, string? imdb)
    {
        var id = TitleId(movieId);
        var ladder = CatalogDefaults.Ladder(movieId % 4 == 0 ? 2160 : 1080);
        var runtime = 85 + movieId * 37 % 56;
        var tags = new List<string> { "movielens" };
        if (aka is not null)
        {
            tags.Add(aka);
        }

        if (imdb is not null)
        {
            tags.Add($"imdb:{imdb}");
        }

        return new TitleInfo(
            id, name, year, genres, [], "", GuessRating(genres), runtime, tags,
            CatalogDefaults.Artwork(id, 3, movieId), ladder, [], CatalogDefaults.SizeGb(runtime, ladder));
    }

    /// <summary>MovieLens has no ratings: children's titles 0, animation 7, horror, crime, thrillers and war 16, the rest 13.</summary>
    static int GuessRating(List<string> genres) =>
        genres.Contains("Children's") || genres.Contains("Children") ? 0
        : genres.Contains("Animation") ? 7
        : genres.Intersect(["Horror", "Crime", "Thriller", "War", "Film-Noir"]).Any() ? 16
        : 13;

    /// <summary>"Usual Suspects, The (1995)" is ("The Usual Suspects", 1995, null); "Seven (Se7en) (1995)" is ("Seven", 1995, "Se7en").</summary>
    internal static (string Name, int Year, string? Aka) SplitTitle(string raw)
    {
        var text = raw.Trim();
        text = TrailingMarker().Replace(text, "");
        var year = 0;
        var match = TrailingYear().Match(text);
        if (match.Success)
        {
            year = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            text = text[..match.Index].TrimEnd();
        }

        string? aka = null;
        var alternate = TrailingAka().Match(text);
        if (alternate.Success && alternate.Index > 0)
        {
            aka = MoveArticle(alternate.Groups[1].Value.Trim());
            text = text[..alternate.Index].TrimEnd();
        }

        return (MoveArticle(text), year, aka);
    }

    static string MoveArticle(string name)
    {
        foreach (var article in Articles)
        {
            var suffix = ", " + article;
            if (name.EndsWith(suffix, StringComparison.Ordinal))
            {
                var head = name[..^suffix.Length];
                return article.EndsWith('\'') ? article + head : $"{article} {head}";
            }
        }

        return name;
    }

    /// <summary>Splits one CSV line, honouring double quotes (a doubled quote inside quotes is a quote).</summary>
    static List<string> SplitCsv(string line)
    {
        var fields = new List<string>();
        var current = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    current.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    current.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        fields.Add(current.ToString());
        return fields;
    }

    [GeneratedRegex(@"\s*\((?:V|TV|Video)\)\s*$")]
    private static partial Regex TrailingMarker();

    [GeneratedRegex(@"\((\d{4})(?:[-–]\d{0,4})?\)\s*$")]
    private static partial Regex TrailingYear();

    [GeneratedRegex(@"\s\(([^()]+)\)$")]
    private static partial Regex TrailingAka();
}
