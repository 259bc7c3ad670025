using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Threading.Channels;
using Marquee.Accounts;
using Marquee.Api.Accounts;
using Marquee.Api.Gateway;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Time.Testing;
using OpenTelemetry.Exporter;
using Polly.Telemetry;

namespace Marquee.Api.Tests.Gateway;

/// <summary>
/// The API in embedded mode with small gateway limits (a budget of 10 concurrent requests, 4 KiB bodies, low rate
/// limits), a 50% beta cohort, fast-tripping breakers, settings that tests can change at runtime, and test-only
/// endpoints (<see cref="TestEndpoints"/>) mapped into the app's own routing so every gateway filter applies to them.
/// </summary>
public sealed class GatewayFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    /// <summary>A request with this header comes from that address; without it, each request gets a fresh address.</summary>
    public const string ClientIpHeader = "X-Test-Client-Ip";

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));

    /// <summary>Configuration layered last; <see cref="RuntimeSettings.Set"/> reloads it like an edited appsettings.json.</summary>
    public RuntimeSettings Settings { get; } = new(new Dictionary<string, string?>
    {
        ["Orleans:Mode"] = "Embedded",
        ["Gateway:MaxRequestBodyBytes"] = "4096",
        // The load harness's measuring routes (GatewayFloorEndpointsTests).
        ["Bench:GatewayFloor"] = "true",
        ["Gateway:LoadShedding:MaxConcurrentRequests"] = "10",
        ["Gateway:LoadShedding:DegradedShare"] = "0.8",
        ["Gateway:LoadShedding:NonCriticalShare"] = "0.5",
        ["Gateway:LoadShedding:RetryAfter"] = "00:00:02",
        // Buckets that do not refill during a test run: the limit is exactly the token count.
        ["Gateway:RateLimits:PerIp:TokenLimit"] = "20",
        ["Gateway:RateLimits:PerIp:TokensPerPeriod"] = "1",
        ["Gateway:RateLimits:PerIp:Period"] = "01:00:00",
        ["Gateway:RateLimits:PerMember:TokenLimit"] = "15",
        ["Gateway:RateLimits:PerMember:TokensPerPeriod"] = "1",
        ["Gateway:RateLimits:PerMember:Period"] = "01:00:00",
        ["Gateway:Cohorts:BetaPercent"] = "50",
        ["Resilience:Recommendations:Timeout"] = "00:00:01",
        ["Resilience:Recommendations:MinimumThroughput"] = "4",
        ["Resilience:Recommendations:FailureRatio"] = "0.5",
        ["Resilience:Recommendations:SamplingDuration"] = "00:01:00",
        ["Resilience:Recommendations:BreakDuration"] = "00:00:10",
        ["Resilience:Search:MaxConcurrency"] = "1",
    });

    /// <summary>Polly's telemetry events of this host, as they happen.</summary>
    public PollyEvents Events { get; } = new();

    /// <summary>Gates that test endpoints wait on, by name.</summary>
    public TestGates Gates { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.ConfigureAppConfiguration(config => config.Add(Settings));
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            services.AddSingleton(Gates);
            services.AddSingleton<FakeRecommender>();
            services.AddSingleton<IStartupFilter, TestHostFilter>();
            services.Configure<TelemetryOptions>(o => o.TelemetryListeners.Add(Events));
            // Every scrape reads the instruments now, so a test sees what it just did.
            services.Configure<PrometheusAspNetCoreOptions>(o => o.ScrapeResponseCacheDurationMilliseconds = 0);
        });
    }

    /// <summary>A client that calls as the given account, with a bearer token signed by the host's own issuer.</summary>
    public HttpClient CreateClientFor(Guid accountId, params string[] roles)
    {
        var token = Services.GetRequiredService<TokenIssuer>()
            .Issue(accountId, $"{accountId:N}@test.local", roles.Length == 0 ? [Roles.Member] : roles);
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", token.Token);
        return client;
    }

    /// <summary>
    /// Collects one instrument of this host's "Marquee" meter. Tests read instruments rather than scrape /metrics:
    /// with several test hosts in one process, OpenTelemetry merges same-named instruments of different hosts, and a
    /// host that stops first takes the merged stream out of the survivors' scrape.
    /// </summary>
    public MetricCollector<T> Collect<T>(string instrument)
        where T : struct =>
        new(Services.GetRequiredService<IMeterFactory>(), GatewayMetrics.MeterName, instrument);

    public ValueTask InitializeAsync()
    {
        _ = Server;
        return ValueTask.CompletedTask;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>Gives each request a client address, then maps the test endpoints into the app's own route builder.</summary>
    sealed class TestHostFilter : IStartupFilter
    {
        // The app's UseRouting() leaves its route builder (the WebApplication, whose endpoint data sources routing reads)
        // in the pipeline's properties under this framework key; mapping there, before the first request, puts test
        // endpoints behind exactly the same middleware as the real ones. If a framework update renames it, this throws.
        const string RouteBuilderKey = "__EndpointRouteBuilder";

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                context.Connection.RemoteIpAddress = IPAddress.TryParse(context.Request.Headers[ClientIpHeader], out var address)
                    ? address
                    : new IPAddress(Random.Shared.NextInt64(1, uint.MaxValue));
                return nextMiddleware(context);
            });
            next(app);
            if (app.Properties.TryGetValue(RouteBuilderKey, out var value) && value is IEndpointRouteBuilder routes)
            {
                TestEndpoints.Map(routes);
            }
            else
            {
                throw new InvalidOperationException($"The app's route builder is not published under {RouteBuilderKey}; test endpoints cannot be mapped. Keys: {string.Join(", ", app.Properties.Keys)}");
            }
        };
    }
}

/// <summary>API gateway tests that share one host with small limits.</summary>
/// <remarks>
/// Run after the parallel collections, alone: OpenTelemetry merges same-named instruments of every host in the process,
/// so a test host stopping while another still serves /metrics takes shared streams out of the other's scrape; and the
/// load-shedding tests count requests in flight, which other hosts' load would not disturb but CPU starvation might.
/// </remarks>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class GatewayCollection : ICollectionFixture<GatewayFactory>
{
    public const string Name = "gateway";
}

/// <summary>An in-memory configuration source whose changes fire a reload, as an edited settings file does.</summary>
public sealed class RuntimeSettings(IDictionary<string, string?> initial) : ConfigurationProvider, IConfigurationSource
{
    public IConfigurationProvider Build(IConfigurationBuilder builder)
    {
        foreach (var (key, value) in initial)
        {
            Data[key] = value;
        }

        return this;
    }

    /// <summary>Sets the values (null removes the key) and reloads once (options monitors see the change).</summary>
    public void Set(params (string Key, string? Value)[] values)
    {
        foreach (var (key, value) in values)
        {
            if (value is null)
            {
                Data.Remove(key);
            }
            else
            {
                Data[key] = value;
            }
        }

        OnReload();
    }
}

/// <summary>Records Polly's events and signals each injected latency, so a test knows when to move the clock.</summary>
public sealed class PollyEvents : TelemetryListener
{
    readonly ConcurrentQueue<(string Pipeline, string Event)> _events = new();
    readonly ConcurrentDictionary<string, SemaphoreSlim> _latency = new();

    public override void Write<TResult, TArgs>(in TelemetryEventArguments<TResult, TArgs> args)
    {
        var pipeline = args.Source.PipelineName ?? "";
        _events.Enqueue((pipeline, args.Event.EventName));
        if (args.Event.EventName == "Chaos.OnLatency")
        {
            LatencySignal(pipeline).Release();
        }
    }

    /// <summary>True when the pipeline reported the event.</summary>
    public bool Saw(string pipeline, string eventName) => _events.Contains((pipeline, eventName));

    /// <summary>Released once per latency injected into the pipeline (its timeout timer is already running).</summary>
    public SemaphoreSlim LatencySignal(string pipeline) => _latency.GetOrAdd(pipeline, _ => new SemaphoreSlim(0));
}

/// <summary>Named gates test endpoints wait on: each counts arrivals and holds callers until released.</summary>
public sealed class TestGates
{
    readonly ConcurrentDictionary<string, TestGate> _gates = new();

    public TestGate this[string name] => _gates.GetOrAdd(name, _ => new TestGate());
}

public sealed class TestGate
{
    readonly Channel<bool> _arrivals = Channel.CreateUnbounded<bool>();
    TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Released => _released.Task;

    public void Arrive() => _arrivals.Writer.TryWrite(true);

    /// <summary>Waits until <paramref name="count"/> callers have arrived, failing with what it waited for.</summary>
    public async Task WaitForArrivalsAsync(int count, CancellationToken ct)
    {
        for (var i = 0; i < count; i++)
        {
            try
            {
                await _arrivals.Reader.ReadAsync(ct).AsTask().WaitAsync(TimeSpan.FromSeconds(30), ct);
            }
            catch (TimeoutException)
            {
                throw new TimeoutException($"only {i} of {count} requests reached the test endpoint within 30 s");
            }
        }
    }

    /// <summary>Lets every waiting caller go and re-arms the gate.</summary>
    public void Release()
    {
        var released = _released;
        _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        released.SetResult();
    }
}

/// <summary>The recommendation service as the test home page sees it: answers at once (chaos adds the trouble).</summary>
public sealed class FakeRecommender
{
    int _calls;

    /// <summary>Calls that reached the recommender (an open breaker keeps them away).</summary>
    public int Calls => Volatile.Read(ref _calls);

    public Task<IReadOnlyList<HomeRow>> RowsAsync(Guid profileId, CancellationToken ct)
    {
        Interlocked.Increment(ref _calls);
        return Task.FromResult<IReadOnlyList<HomeRow>>(
            [new("Because you watched", "recommendations", IsFallback: false), new($"For {profileId:N}", "recommendations", IsFallback: false)]);
    }
}

public sealed record HomeRow(string Name, string Source, bool IsFallback);

public sealed record HomePage(IReadOnlyList<HomeRow> Rows);

public sealed record EchoRequest(string Name, int Count);

/// <summary>
/// Test-only endpoints standing in for routes other parts are writing (playback, home, login, search, admin lists):
/// each uses the gateway and resilience helpers exactly as the real one should.
/// </summary>
static class TestEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var test = app.MapGroup("/test");
        test.MapGet("/critical", () => "ok").WithPriority(RoutePriority.Critical);
        test.MapGet("/degraded", () => "ok").WithPriority(RoutePriority.Degraded);
        test.MapGet("/non-critical", () => "ok").WithPriority(RoutePriority.NonCritical);
        test.MapGet("/unannotated", () => "ok");
        test.MapGet("/blocking/{priority}", async (string priority, TestGates gates, CancellationToken ct) =>
        {
            var gate = gates[$"blocking-{priority}"];
            gate.Arrive();
            await gate.Released.WaitAsync(ct);
            return "done";
        }).WithPriority(RoutePriority.Degraded);
        test.MapGet("/blocking-critical", async (TestGates gates, CancellationToken ct) =>
        {
            var gate = gates["blocking-critical"];
            gate.Arrive();
            await gate.Released.WaitAsync(ct);
            return "done";
        }).WithPriority(RoutePriority.Critical);

        test.MapPost("/echo", (EchoRequest request) => TypedResults.Ok(request));
        // A plain member route (MemberFastPath takes it once the token is known) and a role route (it never does).
        test.MapGet("/member", (CurrentMember member) => member.AccountId.ToString()).RequireAuthorization();
        test.MapGet("/admin", () => "admin").RequireAuthorization(AuthSetup.AdminPolicy);
        test.MapPost("/login", () => "token").RequireRateLimiting(RateLimitPolicies.Login).WithPriority(RoutePriority.Critical);
        test.MapPost("/upload", (EchoRequest request) => TypedResults.Ok(request)).WithRequestBodyLimit(64 * 1024);

        // Canary: the stable member gets model v1, the beta member model v2.
        test.MapGet("/model", (CurrentMember member, CohortService cohorts) =>
            TypedResults.Ok(cohorts.Pick(member.AccountId, "recommendations-v1", "recommendations-v2"))).RequireAuthorization();

        // The home page pattern: recommendations with a fallback to trending rows marked as such.
        test.MapGet("/home", async (DependencyResilience resilience, FakeRecommender recommender, CancellationToken ct) =>
        {
            var profileId = Guid.NewGuid();
            var rows = await resilience.ExecuteOrFallbackAsync(Dependency.Recommendations, (recommender, profileId),
                static (s, token) => s.recommender.RowsAsync(s.profileId, token),
                static (_, failure, _) => ValueTask.FromResult<IReadOnlyList<HomeRow>>(
                    [new("Trending now", $"trending ({Dependencies.Name(failure.Reason)})", IsFallback: true)]),
                ct);
            return TypedResults.Ok(new HomePage(rows));
        }).WithPriority(RoutePriority.Critical);

        // Stand-ins for login and search: they go through their own pipelines.
        test.MapGet("/accounts", async (DependencyResilience resilience, CancellationToken ct) =>
            TypedResults.Ok(await resilience.ExecuteAsync(Dependency.Accounts, _ => Task.FromResult("signed in"), ct))).WithPriority(RoutePriority.Critical);
        test.MapGet("/search", async (DependencyResilience resilience, CancellationToken ct) =>
            TypedResults.Ok(await resilience.ExecuteAsync(Dependency.Search, _ => Task.FromResult("results"), ct))).WithPriority(RoutePriority.Critical);
        test.MapGet("/search-blocking", async (DependencyResilience resilience, TestGates gates, CancellationToken ct) =>
            TypedResults.Ok(await resilience.ExecuteAsync(Dependency.Search, gates, static async (gates, token) =>
            {
                var gate = gates["search"];
                gate.Arrive();
                await gate.Released.WaitAsync(token);
                return "results";
            }, ct))).WithPriority(RoutePriority.Critical);

        // Required data without a fallback: a failure must be a 503 problem, never a hang.
        test.MapGet("/catalog", async (DependencyResilience resilience, CancellationToken ct) =>
            TypedResults.Ok(await resilience.ExecuteAsync(Dependency.Catalog, _ => Task.FromResult("title"), ct)));
        test.MapGet("/catalog-business-error", async (DependencyResilience resilience, CancellationToken ct) =>
            TypedResults.Ok(await resilience.ExecuteAsync<string>(Dependency.Catalog, _ => throw new InvalidOperationException("a grain's own error"), ct)));
    }
}
