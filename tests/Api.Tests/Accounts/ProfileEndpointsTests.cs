using System.Net;
using System.Net.Http.Json;
using Marquee.Api.Accounts;
using Marquee.Api.Tests.Hosting;

namespace Marquee.Api.Tests.Accounts;

[Collection(ApiCollection.Name)]
public sealed class ProfileEndpointsTests(ApiFactory factory)
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AddProfile_UpToFive_ThenReturns409()
    {
        var member = await factory.SignUpAsync();
        for (var i = 2; i <= 5; i++)
        {
            using var added = await member.Client.PostAsJsonAsync("/api/me/profiles", new { name = $"Profile {i}" }, Ct);
            Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        }

        using var sixth = await member.Client.PostAsJsonAsync("/api/me/profiles", new { name = "One too many" }, Ct);

        Assert.Equal(HttpStatusCode.Conflict, sixth.StatusCode);
        Assert.Equal("application/problem+json", sixth.Content.Headers.ContentType?.MediaType);
        Assert.Equal(5, (await member.Client.GetFromJsonAsync<List<ProfileView>>("/api/me/profiles", Ct))!.Count);
    }

    [Fact]
    public async Task AddProfile_KidsProfile_DefaultsToSevenWithGenres()
    {
        var member = await factory.SignUpAsync();

        using var response = await member.Client.PostAsJsonAsync(
            "/api/me/profiles", new { name = "Little One", isKids = true, favouriteGenres = new[] { "Animation" } }, Ct);

        var profile = await response.Content.ReadFromJsonAsync<ProfileView>(Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal((7, true), (profile!.MaturityLevel, profile.IsKids));
        Assert.Equal(["Animation"], profile.FavouriteGenres);
    }

    [Theory]
    [InlineData("{\"name\":\"Kid\",\"isKids\":true,\"maturityLevel\":13}", "maturityLevel")]
    [InlineData("{\"name\":\"Odd\",\"maturityLevel\":12}", "maturityLevel")]
    [InlineData("{\"name\":\"\"}", "name")]
    [InlineData("{\"name\":\"Genres\",\"favouriteGenres\":[\"\"]}", "favouriteGenres")]
    public async Task AddProfile_WithInvalidFields_Returns400NamingThem(string body, string field)
    {
        var member = await factory.SignUpAsync();

        using var response = await member.Client.PostAsync(
            "/api/me/profiles", new StringContent(body, System.Text.Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, (await ProblemAssert.ValidationErrorsAsync(response)).Keys);
    }

    [Fact]
    public async Task RemoveProfile_RemovesItButKeepsTheLast()
    {
        var member = await factory.SignUpAsync();
        using var added = await member.Client.PostAsJsonAsync("/api/me/profiles", new { name = "Second" }, Ct);
        var second = await added.Content.ReadFromJsonAsync<ProfileView>(Ct);

        using var removed = await member.Client.DeleteAsync($"/api/me/profiles/{member.FirstProfileId}", Ct);
        using var last = await member.Client.DeleteAsync($"/api/me/profiles/{second!.ProfileId}", Ct);
        using var unknown = await member.Client.DeleteAsync($"/api/me/profiles/{Guid.NewGuid()}", Ct);

        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, last.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task RemoveProfile_OfAnotherAccount_Returns404AndLeavesItAlone()
    {
        var alice = await factory.SignUpAsync();
        var bob = await factory.SignUpAsync();
        using var added = await bob.Client.PostAsJsonAsync("/api/me/profiles", new { name = "Bob's second" }, Ct);

        using var response = await alice.Client.DeleteAsync($"/api/me/profiles/{bob.FirstProfileId}", Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(2, (await bob.Client.GetFromJsonAsync<List<ProfileView>>("/api/me/profiles", Ct))!.Count);
    }

    [Fact]
    public async Task Profiles_WithoutToken_Return401()
    {
        using var client = factory.CreateClient();

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/me/profiles", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsJsonAsync("/api/me/profiles", new { name = "x" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.DeleteAsync($"/api/me/profiles/{Guid.NewGuid()}", Ct)).StatusCode);
    }

    [Fact]
    public async Task RemoveProfile_WithMalformedId_Returns404()
    {
        var member = await factory.SignUpAsync();

        // The route only matches GUIDs, so a malformed id is a route that does not exist.
        using var response = await member.Client.DeleteAsync("/api/me/profiles/not-a-guid", Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
