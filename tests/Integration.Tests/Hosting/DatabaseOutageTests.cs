using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marquee.Integration.Tests.Fixtures;

namespace Marquee.Integration.Tests.Hosting;

/// <summary>
/// PostgreSQL stops under a running cluster (a silo and an API in client mode): what needs the database answers 503
/// problem details naming the dependency, never a 500, and what does not need it goes on.
/// </summary>
public sealed class DatabaseOutageTests(RedisServer redis, ITestOutputHelper output)
{
    const string Password = "outage password 1";

    string _email = $"outage-{Guid.NewGuid():N}@test.local";

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    Task<HttpResponseMessage> SignUpAsync(HttpClient client) => client.PostAsJsonAsync("/api/accounts",
        new { email = _email, password = Password, displayName = "Otto Outage", plan = "Basic", country = "US" }, Ct);

    [Fact]
    public async Task WhilePostgresIsDown_ASignUpIs503ProblemDetails_AndTheCatalogueStillAnswers()
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

            await postgres.DisposeAsync();
            _email = $"outage-{Guid.NewGuid():N}@test.local";
            using var signUp = await SignUpAsync(client);
            // The catalogue is the API's own replica: no database on the way.
            using var titles = await client.GetAsync("/api/titles?page=1&pageSize=5", Ct);

            var body = await signUp.Content.ReadAsStringAsync(Ct);
            Assert.True(signUp.StatusCode == HttpStatusCode.ServiceUnavailable, $"sign-up answered {(int)signUp.StatusCode}: {body}");
            Assert.Equal("application/problem+json", signUp.Content.Headers.ContentType?.MediaType);
            Assert.NotNull(signUp.Headers.RetryAfter);
            Assert.Equal("failed", JsonDocument.Parse(body).RootElement.GetProperty("reason").GetString());
            Assert.Equal(HttpStatusCode.OK, titles.StatusCode);
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
