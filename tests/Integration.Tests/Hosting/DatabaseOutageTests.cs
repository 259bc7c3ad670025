using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marquee.Integration.Tests.Fixtures;

namespace Marquee.Integration.Tests.Hosting;

/// <summary>
/// PostgreSQL stops under a running cluster (a silo and an API in client mode): what needs the database answers 503
/// problem details naming the dependency, never a 500, and what does not need it goes on: signing in (a member whose
/// account is in memory), browsing, search and the home page.
/// </summary>
public sealed class DatabaseOutageTests(RedisServer redis, ITestOutputHelper output)
{
    const string Password = "outage password 1";

    string _email = $"outage-{Guid.NewGuid():N}@test.local";

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    Task<HttpResponseMessage> SignUpAsync(HttpClient client) => client.PostAsJsonAsync("/api/accounts",
        new { email = _email, password = Password, displayName = "Otto Outage", plan = "Basic", country = "US" }, Ct);

    [Fact]
    public async Task WhilePostgresIsDown_ASignUpIs503ProblemDetails_AndSignInSearchAndHomeStillAnswer()
    {
        // A PostgreSQL of this test's own: it is stopped halfway.
        var postgres = await PostgresServer.StartAsync();
        var cluster = ClusterSettings.New(redis, postgres);
        await using var silo = HostProcess.StartSilo("silo", cluster);
        await using var api = HostProcess.StartApi("api", cluster);
        try
        {
            await silo.WaitReadyAsync(ClusterFailoverTests.StartTimeout);
            await api.WaitReadyAsync(ClusterFailoverTests.StartTimeout);
            using var client = new HttpClient { BaseAddress = api.Web, Timeout = TimeSpan.FromSeconds(60) };
            var member = await SignUpAsync(client);
            Assert.Equal(HttpStatusCode.Created, member.StatusCode);
            member.Dispose();
            using var login = await client.PostAsJsonAsync("/api/auth/token", new { email = _email, password = Password }, Ct);
            var token = (await login.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("accessToken").GetString();
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            var profiles = await client.GetFromJsonAsync<JsonElement>("/api/me/profiles", Ct);
            var profileId = profiles.EnumerateArray().First().GetProperty("profileId").GetGuid();

            await postgres.DisposeAsync();
            var existingEmail = _email;
            _email = $"outage-{Guid.NewGuid():N}@test.local";
            using var signUp = await SignUpAsync(client);
            // The member signed in before the outage: their account is in memory, so signing in needs no database.
            using var signIn = await client.PostAsJsonAsync("/api/auth/token", new { email = existingEmail, password = Password }, Ct);
            // The catalogue and search are the API's own replica: no database on the way.
            using var titles = await client.GetAsync("/api/titles?page=1&pageSize=5", Ct);
            using var search = await client.GetAsync($"/api/search?q=the&profileId={profileId}", Ct);
            // The home page is built from whichever of its sources answer (history and trending live in the database).
            using var home = await client.GetAsync($"/api/home?profileId={profileId}", Ct);

            var body = await signUp.Content.ReadAsStringAsync(Ct);
            Assert.True(signUp.StatusCode == HttpStatusCode.ServiceUnavailable, $"sign-up answered {(int)signUp.StatusCode}: {body}");
            Assert.Equal("application/problem+json", signUp.Content.Headers.ContentType?.MediaType);
            Assert.NotNull(signUp.Headers.RetryAfter);
            Assert.Equal("failed", JsonDocument.Parse(body).RootElement.GetProperty("reason").GetString());
            Assert.Equal(HttpStatusCode.OK, titles.StatusCode);
            Assert.True(signIn.StatusCode == HttpStatusCode.OK, $"sign-in answered {(int)signIn.StatusCode}: {await signIn.Content.ReadAsStringAsync(Ct)}");
            Assert.False(string.IsNullOrEmpty((await signIn.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("accessToken").GetString()));
            Assert.True(search.StatusCode == HttpStatusCode.OK, $"search answered {(int)search.StatusCode}: {await search.Content.ReadAsStringAsync(Ct)}");
            Assert.True(home.StatusCode == HttpStatusCode.OK, $"home answered {(int)home.StatusCode}: {await home.Content.ReadAsStringAsync(Ct)}");
            // This cluster has no catalogue seeded, so the page has no rows either way; it is a page, not an error.
            Assert.Equal(JsonValueKind.Array, (await home.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("rows").ValueKind);
        }
        catch
        {
            HostProcess.Report(output, silo, api);
            throw;
        }
        finally
        {
            await postgres.DisposeAsync();
        }
    }
}
