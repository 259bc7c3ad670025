using System.Net.Http.Headers;
using Marquee.Accounts;
using Marquee.Api.Accounts;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using OpenTelemetry.Exporter;

namespace Marquee.Api.Tests.Hosting;

/// <summary>
/// The API in embedded mode (in-process silo, memory storage, demo data), hosted once for the API tests of a collection.
/// Time is a <see cref="FakeTimeProvider"/> shared by the API and the silo.
/// </summary>
public sealed class ApiFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));

    /// <summary>Ingest's intake, origin and work folders and the edge caches of this host; removed when it stops.</summary>
    public string DataFolder { get; } = Path.Combine(Path.GetTempPath(), "marquee-api-tests", Guid.NewGuid().ToString("N"));

    /// <summary>Settings layered over appsettings.json for every test host.</summary>
    public Dictionary<string, string?> Settings { get; } = new()
    {
        ["Orleans:Mode"] = "Embedded",
        // Ingest: short segments and the fastest preset keep test encodes small.
        ["Ingest:SegmentSeconds"] = "2",
        ["Ingest:Preset"] = "ultrafast",
        // A fill region whose window is open whatever the test clock says (the fill tests use it).
        ["EdgeFill:Regions:fill-test:TimeZone"] = "UTC",
        ["EdgeFill:Regions:fill-test:WindowStart"] = "00:00",
        ["EdgeFill:Regions:fill-test:WindowEnd"] = "23:59",
        ["EdgeFill:Regions:fill-test:Countries:0"] = "ZZ",
        ["EdgeFill:TopTitles"] = "3",
        // Edge: tests drive node health themselves; one proxy is trusted for the forwarded-headers tests.
        ["Edge:FleetSimulator:Enabled"] = "false",
        ["ClientLocation:KnownProxies:0"] = "192.0.2.200",
        // Every test request comes from the same (absent) client address: a real per-IP limit would throttle the suite.
        // Gateway tests (tests/Api.Tests/Gateway) run their own host with small limits.
        ["Gateway:RateLimits:PerIp:TokenLimit"] = "1000000",
        ["Gateway:RateLimits:PerIp:TokensPerPeriod"] = "1000000",
        // Sign-ups and sign-ins take the stricter per-IP login bucket; the suite signs up a member per test.
        ["Gateway:RateLimits:Login:TokenLimit"] = "1000000",
        ["Gateway:RateLimits:Login:TokensPerPeriod"] = "1000000",
    };

    /// <summary>Service replacements of one test host (set before it starts), applied after the shared ones.</summary>
    public Action<IServiceCollection>? TestServices { get; set; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Ingest:DataFolder", DataFolder);
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
            // Every scrape reads the instruments now. The exporter's default caches a scrape for 300 ms of wall-clock
            // time, so a test that scraped /metrics right after another test's scrape read the earlier answer.
            services.Configure<PrometheusAspNetCoreOptions>(o => o.ScrapeResponseCacheDurationMilliseconds = 0);
            TestServices?.Invoke(services);
        });
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
        try
        {
            await base.DisposeAsync();
        }
        catch (OperationCanceledException)
        {
            // The silo's graceful stop waits on timers of the frozen FakeTimeProvider and can outlive the host's
            // shutdown timeout. This is teardown of a test host, not behaviour under test: the process is ending.
        }

        if (Directory.Exists(DataFolder))
        {
            Directory.Delete(DataFolder, recursive: true);
        }

        GC.SuppressFinalize(this);
    }
}

/// <summary>API tests that share one embedded host.</summary>
[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ApiFactory>
{
    public const string Name = "api";
}
