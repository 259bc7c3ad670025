using System.Net;
using System.Net.Http.Json;
using Marquee.Api.Accounts;
using Marquee.Api.Catalog;
using Marquee.Api.Tests.Accounts;
using Marquee.Api.Tests.Hosting;
using Marquee.Grains.Catalog;

namespace Marquee.Api.Tests.Catalog;

[Collection(ApiCollection.Name)]
public sealed class TitleEndpointsTests(ApiFactory factory)
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Browse_ByGenre_PagesThroughThatGenreByName()
    {
        var member = await factory.SignUpAsync();
        var expected = DemoCatalog.Titles
            .Where(t => t.Genres.Contains("Horror") && t.IsLicensedIn("US"))
            .Select(t => t.Name).Order(StringComparer.OrdinalIgnoreCase).ToList();

        var first = await member.Client.GetFromJsonAsync<TitlePage>("/api/titles?genre=horror&pageSize=5", Ct);
        var second = await member.Client.GetFromJsonAsync<TitlePage>("/api/titles?genre=horror&pageSize=5&page=2", Ct);

        Assert.Equal(expected.Count, first!.Total);
        Assert.Equal(expected, first.Items.Concat(second!.Items).Select(t => t.Name));
        Assert.All(first.Items, t => Assert.Contains("Horror", t.Genres));
    }

    [Fact]
    public async Task Browse_ForKidsProfile_ShowsOnlyTitlesRatedSevenOrLess()
    {
        var member = await factory.SignUpAsync();
        using var added = await member.Client.PostAsJsonAsync("/api/me/profiles", new { name = "Kid", isKids = true }, Ct);
        var kid = await added.Content.ReadFromJsonAsync<ProfileView>(Ct);

        var page = await member.Client.GetFromJsonAsync<TitlePage>($"/api/titles?pageSize=100&profileId={kid!.ProfileId}", Ct);

        Assert.NotEmpty(page!.Items);
        Assert.All(page.Items, t => Assert.True(t.MaturityRating <= 7));
    }

    [Theory]
    [InlineData("page=0", "page")]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("pageSize=101", "pageSize")]
    public async Task Browse_WithBadPaging_Returns400NamingTheField(string query, string field)
    {
        var member = await factory.SignUpAsync();

        using var response = await member.Client.GetAsync($"/api/titles?{query}", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, (await ProblemAssert.ValidationErrorsAsync(response)).Keys);
    }

    [Fact]
    public async Task Browse_WithAnotherAccountsProfile_Returns404()
    {
        var alice = await factory.SignUpAsync();
        var bob = await factory.SignUpAsync();

        using var response = await alice.Client.GetAsync($"/api/titles?profileId={bob.FirstProfileId}", Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task GetTitle_ReturnsDetailsWithArtworkAndLadder()
    {
        var member = await factory.SignUpAsync();
        var title = DemoCatalog.Titles.First(t => t.LicensedCountries.Count == 0 && t.MaturityRating <= 13);

        var view = await member.Client.GetFromJsonAsync<TitleView>($"/api/titles/{title.TitleId}", Ct);

        Assert.Equal(title.Name, view!.Name);
        Assert.Equal(title.Artwork.Count, view.Artwork.Count);
        Assert.Equal(title.Renditions, view.Renditions);
    }

    [Fact]
    public async Task GetTitle_ForAnAppThatAcceptsGzip_IsSentCompressed_ReadingTheSameAsUncompressed()
    {
        var member = await factory.SignUpAsync();
        var title = DemoCatalog.Titles.First(t => t.LicensedCountries.Count == 0 && t.MaturityRating <= 13);
        var path = $"/api/titles/{title.TitleId}";
        using var plain = await member.Client.GetAsync(path, Ct);
        var plainJson = await plain.Content.ReadAsStringAsync(Ct);
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Accept-Encoding", "gzip");

        using var compressed = await member.Client.SendAsync(request, Ct);
        var bytes = await compressed.Content.ReadAsByteArrayAsync(Ct);
        using var reader = new StreamReader(new System.IO.Compression.GZipStream(new MemoryStream(bytes), System.IO.Compression.CompressionMode.Decompress));

        Assert.Equal(HttpStatusCode.OK, compressed.StatusCode);
        Assert.Equal("gzip", Assert.Single(compressed.Content.Headers.ContentEncoding));
        Assert.True(bytes.Length < plainJson.Length, $"{bytes.Length} compressed bytes for {plainJson.Length} characters of JSON");
        Assert.Equal(plainJson, await reader.ReadToEndAsync(Ct));
        Assert.Equal(title.Name, System.Text.Json.JsonDocument.Parse(plainJson).RootElement.GetProperty("name").GetString());
    }

    [Fact]
    public async Task GetTitle_NotLicensedInTheMembersCountry_Returns404ButShowsWhereLicensed()
    {
        var title = DemoCatalog.Titles.First(t => t.LicensedCountries.Count > 0 && !t.IsLicensedIn("US"));
        var american = await factory.SignUpAsync(country: "US");
        var local = await factory.SignUpAsync(country: title.LicensedCountries[0]);

        using var hidden = await american.Client.GetAsync($"/api/titles/{title.TitleId}", Ct);
        using var shown = await local.Client.GetAsync($"/api/titles/{title.TitleId}", Ct);

        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        Assert.Equal(HttpStatusCode.OK, shown.StatusCode);
    }

    [Fact]
    public async Task GetTitle_AboveTheProfilesMaturity_Returns404()
    {
        var member = await factory.SignUpAsync();
        using var added = await member.Client.PostAsJsonAsync("/api/me/profiles", new { name = "Kid", isKids = true }, Ct);
        var kid = await added.Content.ReadFromJsonAsync<ProfileView>(Ct);
        var mature = DemoCatalog.Titles.First(t => t.MaturityRating == 18 && t.LicensedCountries.Count == 0);

        using var asKid = await member.Client.GetAsync($"/api/titles/{mature.TitleId}?profileId={kid!.ProfileId}", Ct);
        using var asAdult = await member.Client.GetAsync($"/api/titles/{mature.TitleId}", Ct);

        Assert.Equal(HttpStatusCode.NotFound, asKid.StatusCode);
        Assert.Equal(HttpStatusCode.OK, asAdult.StatusCode);
    }

    [Fact]
    public async Task GetTitle_UnknownOrMalformedId_Returns404Or400()
    {
        var member = await factory.SignUpAsync();

        using var unknown = await member.Client.GetAsync("/api/titles/no-such-title", Ct);
        using var malformed = await member.Client.GetAsync("/api/titles/NOT%20VALID", Ct);

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Contains("titleId", (await ProblemAssert.ValidationErrorsAsync(malformed)).Keys);
    }

    [Fact]
    public async Task Titles_WithoutToken_Return401()
    {
        using var client = factory.CreateClient();

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/titles", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/titles/demo-001", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/search?q=star", Ct)).StatusCode);
    }
}
