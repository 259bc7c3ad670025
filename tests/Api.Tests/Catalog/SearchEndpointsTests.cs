using System.Net;
using System.Net.Http.Json;
using Marquee.Api.Accounts;
using Marquee.Api.Catalog;
using Marquee.Api.Tests.Accounts;
using Marquee.Api.Tests.Hosting;
using Marquee.Grains.Catalog;

namespace Marquee.Api.Tests.Catalog;

[Collection(ApiCollection.Name)]
public sealed class SearchEndpointsTests(ApiFactory factory)
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    static async Task<SearchResponse> SearchAsync(Member member, string query) =>
        (await member.Client.GetFromJsonAsync<SearchResponse>($"/api/search?q={Uri.EscapeDataString(query)}", Ct))!;

    [Theory]
    [InlineData("nebula protcol", "Nebula Protocol")]
    [InlineData("NEBULA PROTOCOL", "Nebula Protocol")]
    [InlineData("star w", "Star Wardens")]
    [InlineData("bookshop propsal", "The Bookshop Proposal")]
    [InlineData("clockmakers riddle", "The Clockmaker's Riddle")]
    public async Task Search_WithTyposOrPrefixes_RanksTheTitleFirst(string query, string expected)
    {
        var member = await factory.SignUpAsync();

        var response = await SearchAsync(member, query);

        Assert.Equal(expected, response.Results[0].Name);
    }

    [Fact]
    public async Task Search_ByCastMember_FindsTheirTitles()
    {
        var member = await factory.SignUpAsync();
        var title = DemoCatalog.Titles.First(t => t.Cast.Count > 2 && t.LicensedCountries.Count == 0);

        var response = await SearchAsync(member, title.Cast[0]);

        Assert.Contains(response.Results, r => r.TitleId == title.TitleId);
        Assert.Contains(title.Cast[0], response.Results[0].Cast);
    }

    [Fact]
    public async Task Search_ForKidsProfile_HidesMatureTitles()
    {
        var member = await factory.SignUpAsync();
        using var added = await member.Client.PostAsJsonAsync("/api/me/profiles", new { name = "Kid", isKids = true }, Ct);
        var kid = await added.Content.ReadFromJsonAsync<ProfileView>(Ct);

        var asKid = await member.Client.GetFromJsonAsync<SearchResponse>($"/api/search?q=hollow&profileId={kid!.ProfileId}", Ct);
        var asAdult = await SearchAsync(member, "hollow");

        Assert.Contains(asAdult.Results, r => r.Name == "The Hollow Hours");
        Assert.DoesNotContain(asKid!.Results, r => r.Name == "The Hollow Hours");
        Assert.All(asKid.Results, r => Assert.True(r.MaturityRating <= 7));
    }

    [Fact]
    public async Task Search_HidesTitlesNotLicensedInTheMembersCountry()
    {
        var title = DemoCatalog.Titles.First(t => t.LicensedCountries.Count > 0 && !t.IsLicensedIn("US") && t.MaturityRating <= 18);
        var american = await factory.SignUpAsync(country: "US");
        var local = await factory.SignUpAsync(country: title.LicensedCountries[0]);

        Assert.DoesNotContain((await SearchAsync(american, title.Name)).Results, r => r.TitleId == title.TitleId);
        Assert.Equal(title.TitleId, (await SearchAsync(local, title.Name)).Results[0].TitleId);
    }

    [Theory]
    [InlineData("", "q")]
    [InlineData("q=", "q")]
    [InlineData("q=star&limit=0", "limit")]
    [InlineData("q=star&limit=51", "limit")]
    public async Task Search_WithBadInput_Returns400NamingTheField(string query, string field)
    {
        var member = await factory.SignUpAsync();

        using var response = await member.Client.GetAsync($"/api/search?{query}", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, (await ProblemAssert.ValidationErrorsAsync(response)).Keys);
    }

    [Fact]
    public async Task Search_WithOnlyPunctuation_ReturnsNoResults()
    {
        var member = await factory.SignUpAsync();

        var response = await SearchAsync(member, "?!* --");

        Assert.Empty(response.Results);
    }

    [Fact]
    public async Task Search_LimitCapsTheResults()
    {
        var member = await factory.SignUpAsync();

        var response = await member.Client.GetFromJsonAsync<SearchResponse>("/api/search?q=the&limit=3", Ct);

        Assert.Equal(3, response!.Results.Count);
    }
}
