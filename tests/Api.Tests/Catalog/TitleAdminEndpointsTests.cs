using System.Net;
using System.Net.Http.Json;
using System.Text;
using Marquee.Api.Catalog;
using Marquee.Api.Tests.Accounts;
using Marquee.Api.Tests.Hosting;

namespace Marquee.Api.Tests.Catalog;

[Collection(ApiCollection.Name)]
public sealed class TitleAdminEndpointsTests(ApiFactory factory)
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    static string NewId() => $"t-{Guid.NewGuid():N}";

    /// <summary>A made-up word no other title has, so a search for it finds exactly this test's title.</summary>
    static string UniqueWord() => "Zq" + string.Concat(Guid.NewGuid().ToString("N").Where(char.IsAsciiLetter).Take(8));

    static object Title(string name, int maturity = 13, string[]? countries = null) => new
    {
        name,
        year = 2024,
        genres = new[] { "Drama" },
        maturityRating = maturity,
        runtimeMinutes = 95,
        cast = new[] { "Test Actor" },
        licensedCountries = countries ?? [],
    };

    [Fact]
    public async Task UpsertTitle_AsAdmin_IsSearchableWhenTheCallReturns()
    {
        var member = await factory.SignUpAsync();
        using var admin = factory.Admin();
        var (id, word) = (NewId(), UniqueWord());

        using var created = await admin.PutAsJsonAsync($"/api/admin/titles/{id}", Title($"The {word} Affair"), Ct);
        var found = await member.Client.GetFromJsonAsync<SearchResponse>($"/api/search?q={word.ToLowerInvariant()}", Ct);
        using var renamed = await admin.PutAsJsonAsync($"/api/admin/titles/{id}", Title($"Return of {word}"), Ct);
        var refound = await member.Client.GetFromJsonAsync<SearchResponse>($"/api/search?q={word}", Ct);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var view = await created.Content.ReadFromJsonAsync<TitleView>(Ct);
        Assert.Equal(3, view!.Artwork.Count);
        Assert.Equal(2160, view.Renditions.Max(r => r.Height));
        Assert.Equal(id, Assert.Single(found!.Results).TitleId);
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        Assert.Equal($"Return of {word}", Assert.Single(refound!.Results).Name);
    }

    [Fact]
    public async Task DeleteTitle_RemovesItFromSearchAndDetails()
    {
        var member = await factory.SignUpAsync();
        using var admin = factory.Admin();
        var (id, word) = (NewId(), UniqueWord());
        using var created = await admin.PutAsJsonAsync($"/api/admin/titles/{id}", Title(word), Ct);

        using var deleted = await admin.DeleteAsync($"/api/admin/titles/{id}", Ct);
        using var again = await admin.DeleteAsync($"/api/admin/titles/{id}", Ct);

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Empty((await member.Client.GetFromJsonAsync<SearchResponse>($"/api/search?q={word}", Ct))!.Results);
        Assert.Equal(HttpStatusCode.NotFound, (await member.Client.GetAsync($"/api/titles/{id}", Ct)).StatusCode);
    }

    [Fact]
    public async Task AdminRoutes_AsMember_Return403()
    {
        var member = await factory.SignUpAsync();

        using var put = await member.Client.PutAsJsonAsync($"/api/admin/titles/{NewId()}", Title("Nope"), Ct);
        using var delete = await member.Client.DeleteAsync("/api/admin/titles/demo-001", Ct);
        using var import = await member.Client.PostAsync("/api/admin/catalog/import", new StringContent("1|X (1999)|||", Encoding.UTF8, "text/plain"), Ct);

        Assert.Equal(HttpStatusCode.Forbidden, put.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, delete.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, import.StatusCode);
    }

    [Fact]
    public async Task UpsertTitle_WithInvalidFields_Returns400NamingThem()
    {
        using var admin = factory.Admin();
        var body = new
        {
            name = "",
            year = 1700,
            genres = Array.Empty<string>(),
            maturityRating = 12,
            runtimeMinutes = 0,
            licensedCountries = new[] { "USA" },
            artwork = new[] { new { id = "bad id!", url = "not a url" } },
            renditions = new[] { new { width = 1, height = 720, bitrateKbps = 3000, codec = "mpeg2" } },
        };

        using var response = await admin.PutAsJsonAsync($"/api/admin/titles/{NewId()}", body, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = await ProblemAssert.ValidationErrorsAsync(response);
        Assert.Superset(new HashSet<string> { "name", "year", "genres", "runtimeMinutes", "artwork[0].id", "artwork[0].url", "renditions[0].width", "renditions[0].codec" }, errors.Keys.ToHashSet());
    }

    [Fact]
    public async Task UpsertTitle_WithBadMaturityCountryOrId_Returns400NamingThem()
    {
        using var admin = factory.Admin();
        var body = Title("Fine Name", maturity: 12, countries: ["USA"]);

        using var badFields = await admin.PutAsJsonAsync($"/api/admin/titles/{NewId()}", body, Ct);
        using var badId = await admin.PutAsJsonAsync("/api/admin/titles/Bad%20Id", Title("Fine Name"), Ct);

        Assert.Equivalent(new[] { "maturityRating", "licensedCountries" }, (await ProblemAssert.ValidationErrorsAsync(badFields)).Keys, strict: true);
        Assert.Contains("titleId", (await ProblemAssert.ValidationErrorsAsync(badId)).Keys);
    }

    [Fact]
    public async Task UpsertTitle_WithOversizedBody_Returns413()
    {
        using var admin = factory.Admin();
        var body = new { name = "Big", year = 2000, genres = new[] { "Drama" }, maturityRating = 0, runtimeMinutes = 90, synopsis = new string('x', 300 * 1024) };

        using var response = await admin.PutAsJsonAsync($"/api/admin/titles/{NewId()}", body, Ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Import_UItemFile_StoresPlayableTitlesThatSearchFinds()
    {
        var member = await factory.SignUpAsync();
        using var admin = factory.Admin();
        var word = UniqueWord();
        // u.item rows in ml-100k's shape with ids no other test uses (the real data set is never committed).
        var file = $"900001|{word} Story (1995)|01-Jan-1995||http://x|0|0|0|1|1|1|0|0|0|0|0|0|0|0|0|0|0|0|0\n" +
                   $"900002|{word}, The (1999)|01-Jan-1999||http://x|0|1|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0\n" +
                   "garbage line\n";

        using var response = await admin.PostAsync("/api/admin/catalog/import", new ByteArrayContent(Encoding.Latin1.GetBytes(file)), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = await response.Content.ReadFromJsonAsync<ImportReport>(Ct);
        Assert.Equal(("u.item", 2, 1), (report!.Format, report.Imported, report.Skipped));
        var found = await member.Client.GetFromJsonAsync<SearchResponse>($"/api/search?q={word}%20stroy", Ct);
        Assert.Equal("ml-900001", found!.Results[0].TitleId);
        var title = await member.Client.GetFromJsonAsync<TitleView>("/api/titles/ml-900002", Ct);
        Assert.Equal($"The {word}", title!.Name);
        Assert.NotEmpty(title.Renditions);
        Assert.Equal(3, title.Artwork.Count);
    }

    [Fact]
    public async Task Import_MoviesCsvWithLinksAsMultipart_StoresTitles()
    {
        var member = await factory.SignUpAsync();
        using var admin = factory.Admin();
        var word = UniqueWord();
        using var form = new MultipartFormDataContent
        {
            { new StringContent($"movieId,title,genres\n900101,\"{word}, The (2001)\",Comedy|Drama\n"), "movies", "movies.csv" },
            { new StringContent("movieId,imdbId,tmdbId\n900101,0123456,42\n"), "links", "links.csv" },
        };

        using var response = await admin.PostAsync("/api/admin/catalog/import", form, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = await response.Content.ReadFromJsonAsync<ImportReport>(Ct);
        Assert.Equal(("movies.csv", 1), (report!.Format, report.Imported));
        var title = await member.Client.GetFromJsonAsync<TitleView>("/api/titles/ml-900101", Ct);
        Assert.Equal($"The {word}", title!.Name);
        Assert.Equal(["Comedy", "Drama"], title.Genres);
        Assert.Contains("imdb:tt0123456", title.Tags);
    }

    [Theory]
    [InlineData("", null, "body")]
    [InlineData("1|X (1999)|||", "xml", "format")]
    [InlineData("just some text\nwith lines", null, "body")]
    public async Task Import_WithBadInput_Returns400NamingTheProblem(string body, string? format, string field)
    {
        using var admin = factory.Admin();
        using var content = new StringContent(body, Encoding.UTF8, "text/plain");

        using var response = await admin.PostAsync($"/api/admin/catalog/import{(format is null ? "" : $"?format={format}")}", content, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, (await ProblemAssert.ValidationErrorsAsync(response)).Keys);
    }

    [Fact]
    public async Task Import_MultipartWithoutFiles_Returns400()
    {
        using var admin = factory.Admin();
        using var form = new MultipartFormDataContent { { new StringContent("x"), "note" } };

        using var response = await admin.PostAsync("/api/admin/catalog/import", form, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("movies", (await ProblemAssert.ValidationErrorsAsync(response)).Keys);
    }

    [Fact]
    public async Task DeleteTitle_WithMalformedId_Returns400()
    {
        using var admin = factory.Admin();

        using var response = await admin.DeleteAsync("/api/admin/titles/UPPER", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("titleId", (await ProblemAssert.ValidationErrorsAsync(response)).Keys);
    }
}
