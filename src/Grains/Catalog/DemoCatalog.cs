using Marquee.Catalog;

namespace Marquee.Grains.Catalog;

/// <summary>
/// The project's own demo catalogue: 120 made-up titles over 16 genres, built deterministically from the word lists
/// below (the same ids and details on every start). Each has 3 to 5 artwork variants and a rendition ladder topping at
/// 2160p or, for one title in four, 1080p; most are licensed everywhere, one in eight only in a few countries; maturity
/// ratings follow the genre (family titles 0 or 7, horror 16 or 18).
/// </summary>
public static class DemoCatalog
{
    /// <summary>Demo title ids are <c>demo-001</c> to <c>demo-120</c>.</summary>
    public const string IdPrefix = "demo-";

    static readonly (string Genre, string Second, int[] Ratings, string[] Names)[] Shelves =
    [
        ("Action", "Thriller", [13, 16], ["Iron Verdict", "Redline Protocol", "The Last Extraction", "Steel Monsoon", "Hollow Point Sunrise", "Crossfire Avenue", "Blackout Run", "Vertical Siege"]),
        ("Adventure", "Family", [7, 13], ["The Amber Compass", "Beyond the Salt Flats", "Kingdom of Reeds", "The Lost Cartographer", "Skyward Caravan", "River of Lanterns", "Summit Fever", "The Jade Expedition"]),
        ("Animation", "Family", [0, 7], ["Pip and the Paper Moon", "Clockwork Garden", "The Brave Little Lighthouse", "Moss and Marigold", "Tumbleweed Tales", "Otter Creek Rescue", "Cosmo the Cloud", "The Pencil Kingdom"]),
        ("Comedy", "Romance", [7, 13], ["Best Man Down", "The Accidental Landlord", "Second Cousins", "Office Hours", "Lost in Laundry", "Uncle Barry's Boat", "Plan B for Brenda", "The Karaoke Job"]),
        ("Crime", "Drama", [16, 18], ["The Harbor Ledger", "Night Shift at Precinct Nine", "Counterfeit Saints", "The Quiet Accountant", "Cold Case Boulevard", "Glass Alibi", "The Pawnbroker's Daughter", "Dead Drop Denver"]),
        ("Documentary", "History", [0, 7, 13], ["Oceans of Plastic", "The Last Glacier", "Chefs of the Night Market", "Voices of the Delta", "Machines That Dream", "The Honeybee Crisis", "Marathon Mothers", "Cities Under Water"]),
        ("Drama", "Romance", [13, 16], ["The Weight of Winter", "Letters to Margaret", "A House on Dover Street", "The Violinist's Son", "Quiet Harvest", "Paper Anniversaries", "The Long Goodbye Road", "Tidewater"]),
        ("Fantasy", "Adventure", [7, 13], ["The Ember Throne", "Song of the Silver Wolf", "Dragonglass Keep", "The Witch of Hollow Fen", "Crown of Thorns and Feathers", "Realm of the Seventh Moon", "The Alchemist's Apprentice", "Shadowmere"]),
        ("Horror", "Mystery", [16, 18], ["The Hollow Hours", "Whispers in the Walls", "Cellar Door", "The Ninth Guest", "Bloodroot", "Static Bloom", "The Drowned Choir", "Night of the Scarecrows"]),
        ("Romance", "Comedy", [7, 13], ["Summer in Lisbon", "The Bookshop Proposal", "Love, Unscheduled", "Two Tickets to Kyoto", "The Wedding Planner's Rival", "Letters in the Rain", "Midnight at the Orchard", "Sweet Nothing"]),
        ("Sci-Fi", "Adventure", [13, 16], ["Star Wardens", "Nebula Protocol", "Signal from Europa", "The Last Starship", "Chrono Divide", "Quantum Harbor", "Mars Colony Zero", "Star Drifters"]),
        ("Thriller", "Crime", [16, 18], ["The Silent Witness", "Zero Day", "The Informant's Wife", "Pressure Point", "Glass House", "The Ninth Floor", "Dead Reckoning", "Vanishing Point"]),
        ("Family", "Comedy", [0, 7], ["Our Dog Biscuit", "The Treehouse Summer", "Grandpa's Magic Bus", "Snow Day Heroes", "The Great Pumpkin Race", "Ponies of Willow Farm", "Camp Kookaburra", "The Runaway Kite"]),
        ("Mystery", "Crime", [13, 16], ["The Vicar of Wren Hollow", "Murder at Marlow Hall", "The Missing Heiress", "The Puzzle Box", "Fog over Fairhaven", "The Clockmaker's Riddle", "A Study in Amber", "The Cartographer's Secret"]),
        ("War", "Drama", [16, 18], ["Beyond the Ridge", "The Long Winter Line", "Brothers of the Ardennes", "Harbor Under Fire"]),
        ("Western", "Action", [13, 16], ["Dust and Iron", "The Last Ride to Laramie", "Six Bullets for Salvation", "Red Canyon"]),
    ];

    static readonly string[] FirstNames =
    [
        "Ava", "Marcus", "Lena", "Tomas", "Priya", "Jonah", "Sofia", "Malik", "Greta", "Hiro", "Nadia", "Elliot",
        "Camila", "Rafael", "Ingrid", "Kwame", "Maeve", "Dmitri", "Leila", "Oscar", "Yuki", "Bastian", "Amara", "Felix",
    ];

    static readonly string[] LastNames =
    [
        "Hart", "Okafor", "Lindqvist", "Moreau", "Castellano", "Reyes", "Novak", "Fitzgerald", "Takeda", "Brennan",
        "Adeyemi", "Kowalski", "Duarte", "Sato", "Whitaker", "Haddad", "Petrov", "Delacroix", "Nakamura", "Osei", "Quinn",
    ];

    static readonly string[] Moods =
    [
        "feel-good", "dark", "mind-bending", "slow burn", "witty", "epic", "heartfelt", "suspenseful", "cult classic",
        "based on a true story", "award-winning", "quirky", "gritty", "uplifting", "atmospheric", "fast-paced",
    ];

    static readonly string[] Heroes =
    [
        "a retired detective", "two estranged sisters", "a young engineer", "a small-town doctor", "a disgraced pilot",
        "a stubborn chef", "an orphaned inventor", "a reluctant heir", "a night-shift nurse", "a travelling musician",
    ];

    static readonly string[] Quests =
    [
        "must uncover the truth", "set out to win back what they lost", "stumble onto a secret", "race against time",
        "are pulled into an impossible plan", "fight to keep their family together", "learn to trust again",
    ];

    static readonly string[] Places =
    [
        "a coastal town", "a city that never sleeps", "the edge of the known world", "a crumbling estate",
        "a remote research station", "the mountains of the north", "a border town", "a floating market",
    ];

    // Country-limited licences, used by one title in eight (the rest are licensed everywhere).
    static readonly string[][] Territories = [["US", "CA"], ["GB", "IE"], ["DE", "AT", "CH"], ["FR", "BE"], ["JP"]];

    /// <summary>Every demo title, in id order.</summary>
    public static IReadOnlyList<TitleInfo> Titles { get; } = Build();

    static List<TitleInfo> Build()
    {
        var titles = new List<TitleInfo>();
        foreach (var (genre, second, ratings, names) in Shelves)
        {
            for (var i = 0; i < names.Length; i++)
            {
                titles.Add(Make(titles.Count + 1, names[i], genre, second, ratings[i % ratings.Length]));
            }
        }

        return titles;
    }

    static TitleInfo Make(int n, string name, string genre, string second, int rating)
    {
        var id = $"{IdPrefix}{n:000}";
        var genres = n % 3 == 0 ? new[] { genre, second } : [genre];
        var castSize = genre == "Documentary" ? 1 : 3 + n % 3;
        var cast = Enumerable.Range(0, castSize)
            .Select(k => $"{FirstNames[(n * 7 + k * 5) % FirstNames.Length]} {LastNames[(n * 11 + k * 3) % LastNames.Length]}")
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var tags = new[] { Moods[n % Moods.Length], Moods[(n * 5 + 3) % Moods.Length] }.Distinct(StringComparer.Ordinal).ToList();
        var synopsis = $"In {Places[n % Places.Length]}, {Heroes[(n * 3) % Heroes.Length]} {Quests[(n * 5) % Quests.Length]}.";
        var ladder = CatalogDefaults.Ladder(n % 4 == 0 ? 1080 : 2160);
        var runtime = genre is "Animation" or "Family" ? 78 + n % 20 : 88 + (n * 13) % 64;
        var countries = n % 8 == 5 ? Territories[n / 8 % Territories.Length] : [];
        return new TitleInfo(
            id, name, 1972 + (n * 17) % 54, genres, cast, synopsis, rating, runtime, tags,
            CatalogDefaults.Artwork(id, 3 + n % 3, n), ladder, countries, CatalogDefaults.SizeGb(runtime, ladder));
    }
}
