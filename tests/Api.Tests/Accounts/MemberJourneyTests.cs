using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Marquee.Api.Accounts;
using Marquee.Api.Catalog;
using Marquee.Api.Tests.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Marquee.Api.Tests.Accounts;

/// <summary>The walk over HTTP: sign up, log in, second profile, browse, typo search, admin adds a title, member refused.</summary>
[Collection(ApiCollection.Name)]
public sealed class MemberJourneyTests(ApiFactory factory)
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Member_SignsUpLogsInBrowsesSearches_AndAdminAddsATitleTheMemberFinds()
    {
        using var anonymous = factory.CreateClient();
        var email = $"journey-{Guid.NewGuid():N}@test.local";

        // Sign up and log in.
        using var signUp = await anonymous.PostAsJsonAsync("/api/accounts",
            new { email, password = "journey password 1", displayName = "Jo Journey", plan = "Standard", country = "US" }, Ct);
        Assert.Equal(HttpStatusCode.Created, signUp.StatusCode);
        using var login = await anonymous.PostAsJsonAsync("/api/auth/token", new { email, password = "journey password 1" }, Ct);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var token = await login.Content.ReadFromJsonAsync<TokenResponse>(Ct);
        using var member = factory.CreateClient();
        member.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token!.AccessToken);

        // A second profile.
        using var profile = await member.PostAsJsonAsync("/api/me/profiles", new { name = "Sam", maturityLevel = 13, favouriteGenres = new[] { "Sci-Fi" } }, Ct);
        Assert.Equal(HttpStatusCode.Created, profile.StatusCode);
        var me = await member.GetFromJsonAsync<AccountView>("/api/me", Ct);
        Assert.Equal(2, me!.Profiles.Count);
        var sam = me.Profiles.Single(p => p.Name == "Sam").ProfileId;

        // Browse by genre as the second profile.
        var sciFi = await member.GetFromJsonAsync<TitlePage>($"/api/titles?genre=Sci-Fi&profileId={sam}", Ct);
        Assert.NotEmpty(sciFi!.Items);
        Assert.All(sciFi.Items, t => Assert.True(t.Genres.Contains("Sci-Fi") && t.MaturityRating <= 13));

        // Search with a typo.
        var typo = await member.GetFromJsonAsync<SearchResponse>($"/api/search?q=sgnal%20from%20europa&profileId={sam}", Ct);
        Assert.Equal("Signal from Europa", typo!.Results[0].Name);

        // The member may not add titles.
        using var refused = await member.PutAsJsonAsync("/api/admin/titles/journey-title",
            new { name = "Mine", year = 2020, genres = new[] { "Drama" }, maturityRating = 0, runtimeMinutes = 90 }, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

        // The configured admin logs in and adds a title; the member finds it by search at once.
        var word = "Quillon" + Guid.NewGuid().ToString("N")[..6].Replace('0', 'o');
        var configuration = factory.Services.GetRequiredService<IConfiguration>();
        using var adminLogin = await anonymous.PostAsJsonAsync("/api/auth/token",
            new { email = configuration["Admin:Email"], password = configuration["Admin:Password"] }, Ct);
        var adminToken = await adminLogin.Content.ReadFromJsonAsync<TokenResponse>(Ct);
        using var admin = factory.CreateClient();
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", adminToken!.AccessToken);
        var titleId = $"journey-{Guid.NewGuid():N}";
        using var added = await admin.PutAsJsonAsync($"/api/admin/titles/{titleId}",
            new { name = $"The {word} Voyage", year = 2025, genres = new[] { "Adventure" }, maturityRating = 7, runtimeMinutes = 101, cast = new[] { "Jo Actor" } }, Ct);
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);

        var found = await member.GetFromJsonAsync<SearchResponse>($"/api/search?q={word.ToLowerInvariant()}%20voyge", Ct);
        Assert.Equal(titleId, found!.Results[0].TitleId);
    }
}
