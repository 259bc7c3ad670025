using System.Net.Http.Headers;
using Marquee.Accounts;
using Marquee.Api.Accounts;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Marquee.Api.Tests.Hosting;

/// <summary>
/// The API in embedded mode (in-process silo, memory storage, demo data), hosted once for the API tests of a collection.
/// Time is a <see cref="FakeTimeProvider"/> shared by the API and the silo.
/// </summary>
public sealed class ApiFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));

    /// <summary>Settings layered over appsettings.json for every test host.</summary>
    public Dictionary<string, string?> Settings { get; } = new()
    {
        ["Orleans:Mode"] = "Embedded",
        // Every test request comes from the same (absent) client address: a real per-IP limit would throttle the suite.
        // Gateway tests (tests/Api.Tests/Gateway) run their own host with small limits.
        ["Gateway:RateLimits:PerIp:TokenLimit"] = "1000000",
        ["Gateway:RateLimits:PerIp:TokensPerPeriod"] = "1000000",
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }

    /// <summary>A client that calls as the given account, with a bearer token signed by the host's own issuer.</summary>
    public HttpClient CreateClientFor(Guid accountId, params string[] roles)
    {
        var issuer = Services.GetRequiredService<TokenIssuer>();
        var token = issuer.Issue(accountId, $"{accountId:N}@test.local", roles.Length == 0 ? [Roles.Member] : roles);
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.Token);
        return client;
    }

    public ValueTask InitializeAsync()
    {
        // Starting the host starts the silo and seeds the demo data before the first test runs.
        _ = Server;
        return ValueTask.CompletedTask;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}

/// <summary>API tests that share one embedded host.</summary>
[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ApiFactory>
{
    public const string Name = "api";
}
