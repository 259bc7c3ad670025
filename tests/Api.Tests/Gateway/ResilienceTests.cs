using System.Net;
using System.Net.Http.Json;
using Marquee.Api.Gateway;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Polly.CircuitBreaker;

namespace Marquee.Api.Tests.Gateway;

/// <summary>
/// Chaos on one dependency, driven by the host's fake clock: no test sleeps. Each slow call is answered when the clock
/// moves by the pipeline timeout (1 s here), never by the 2 s of injected latency.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class ResilienceTests(GatewayFactory factory)
{
    static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1);

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    DependencyResilience Resilience => factory.Services.GetRequiredService<DependencyResilience>();

    [Fact]
    public async Task Home_WithRecommendationsChaos_AnswersWithFallbackWithinTheTimeout_AndTheBreakerOpensThenCloses()
    {
        using var fallbacks = factory.Collect<long>("marquee.dependency.fallbacks");
        using var client = factory.CreateClient();
        var recommender = factory.Services.GetRequiredService<FakeRecommender>();
        var callsBefore = recommender.Calls;
        Assert.Equal(CircuitState.Closed, Resilience.CircuitState(Dependency.Recommendations));
        SetChaos("Recommendations", enabled: true, faultRate: 0.5, latencyMs: 2000);
        try
        {
            for (var i = 0; i < 8; i++)
            {
                var wasClosed = Resilience.CircuitState(Dependency.Recommendations) == CircuitState.Closed;
                var (page, waited) = await GetHomeAsync(client);

                var row = Assert.Single(page.Rows);
                Assert.True(row.IsFallback);
                Assert.StartsWith("trending", row.Source, StringComparison.Ordinal);
                Assert.True(waited <= Timeout, $"request {i} answered after {waited} of fake time; the pipeline timeout is {Timeout}");
                if (!wasClosed)
                {
                    // The open breaker answers at once, without calling the dependency.
                    Assert.Equal("trending (circuit_open)", row.Source);
                    Assert.Equal(TimeSpan.Zero, waited);
                }
            }

            Assert.Equal(CircuitState.Open, Resilience.CircuitState(Dependency.Recommendations));
            Assert.Equal(callsBefore, recommender.Calls);

            // Login and search have their own pipelines: they do not notice.
            using var login = await client.GetAsync("/test/accounts", Ct);
            using var search = await client.GetAsync("/test/search", Ct);
            Assert.Equal(HttpStatusCode.OK, login.StatusCode);
            Assert.Equal(HttpStatusCode.OK, search.StatusCode);
        }
        finally
        {
            SetChaos("Recommendations", enabled: false, faultRate: 0, latencyMs: 0);
        }

        // After the break the next call is the trial; chaos is off, so it succeeds and the breaker closes.
        factory.Clock.Advance(TimeSpan.FromSeconds(10));
        var (recovered, _) = await GetHomeAsync(client);

        Assert.All(recovered.Rows, row => Assert.False(row.IsFallback));
        Assert.Equal(callsBefore + 1, recommender.Calls);
        Assert.Equal(CircuitState.Closed, Resilience.CircuitState(Dependency.Recommendations));
        Assert.True(factory.Events.Saw("Recommendations", "OnCircuitOpened"));
        Assert.True(factory.Events.Saw("Recommendations", "OnCircuitClosed"));
        Assert.True(factory.Events.Saw("Recommendations", "OnTimeout") || factory.Events.Saw("Recommendations", "Chaos.OnFault"));

        var metrics = await client.GetStringAsync("/metrics", Ct);
        Assert.Matches("resilience_polly_strategy_events_total\\{[^}]*event_name=\"OnCircuitOpened\"[^}]*pipeline_name=\"Recommendations\"", metrics);
        Assert.Equal(8, fallbacks.GetMeasurementSnapshot().Count(m => m.Tags["dependency"] as string == "Recommendations"));
        Assert.Contains(fallbacks.GetMeasurementSnapshot(), m => m.Tags["reason"] as string == "circuit_open");
    }

    [Fact]
    public async Task RequiredData_WhenTheDependencyFails_Is503ProblemDetailsWithRetryAfter()
    {
        using var client = factory.CreateClient();
        SetChaos("Catalog", enabled: true, faultRate: 1.0, latencyMs: 0);
        try
        {
            using var response = await client.GetAsync("/test/catalog", Ct);

            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(2), response.Headers.RetryAfter?.Delta);
            var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>(Ct);
            Assert.Equal("The catalog service is unavailable", problem!.Title);
            Assert.Equal("failed", problem.Extensions["reason"]!.ToString());
        }
        finally
        {
            SetChaos("Catalog", enabled: false, faultRate: 0, latencyMs: 0);
        }

        using var healthy = await client.GetAsync("/test/catalog", Ct);
        Assert.Equal(HttpStatusCode.OK, healthy.StatusCode);
    }

    [Fact]
    public async Task RequiredData_WhenTheDependencyHangs_Is503AtTheTimeout()
    {
        using var client = factory.CreateClient();
        factory.Settings.Set(("Resilience:Catalog:Timeout", "00:00:00.500"));
        SetChaos("Catalog", enabled: true, faultRate: 0, latencyMs: 60_000);
        try
        {
            var started = factory.Clock.GetUtcNow();
            var pending = client.GetAsync("/test/catalog", Ct);
            await WaitForLatencyOrAnswerAsync("Catalog", pending, TimeSpan.FromMilliseconds(500));
            using var response = await pending;

            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal(TimeSpan.FromMilliseconds(500), factory.Clock.GetUtcNow() - started);
            var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>(Ct);
            Assert.Equal("timeout", problem!.Extensions["reason"]!.ToString());
        }
        finally
        {
            SetChaos("Catalog", enabled: false, faultRate: 0, latencyMs: 0);
            factory.Settings.Set(("Resilience:Catalog:Timeout", null));
        }
    }

    [Fact]
    public async Task Bulkhead_WhenFull_RejectsAtOnceWith503()
    {
        // Search allows one call in flight in this host.
        using var client = factory.CreateClient();
        var gate = factory.Gates["search"];
        var held = client.GetAsync("/test/search-blocking", Ct);
        await gate.WaitForArrivalsAsync(1, Ct);

        using var rejected = await client.GetAsync("/test/search", Ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, rejected.StatusCode);
        Assert.NotNull(rejected.Headers.RetryAfter);
        var problem = await rejected.Content.ReadFromJsonAsync<ProblemDetails>(Ct);
        Assert.Equal("saturated", problem!.Extensions["reason"]!.ToString());

        gate.Release();
        using var released = await held;
        Assert.Equal(HttpStatusCode.OK, released.StatusCode);
    }

    [Fact]
    public async Task GrainError_IsNotAnOutage_ItNeitherTakesTheFallbackNorCountsAgainstTheBreaker()
    {
        var resilience = Resilience;

        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
            await resilience.ExecuteOrFallbackAsync<string>(Dependency.History,
                _ => throw new InvalidOperationException("a grain's own error"),
                (_, _) => ValueTask.FromResult("fallback"), Ct));

        Assert.Equal("a grain's own error", error.Message);
        Assert.Equal(CircuitState.Closed, resilience.CircuitState(Dependency.History));
    }

    [Fact]
    public async Task ExecuteAsync_ForAnEffect_RunsTheCallThroughThePipeline()
    {
        var ran = false;

        await Resilience.ExecuteAsync(Dependency.History, _ =>
        {
            ran = true;
            return Task.CompletedTask;
        }, Ct);

        Assert.True(ran);
    }

    [Fact]
    public async Task ExecuteAsync_WhenTheCallerCancels_PropagatesTheCancellationNotA503()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
            await Resilience.ExecuteAsync(Dependency.History, ct => Task.FromCanceled<string>(ct), cts.Token));
    }

    async Task<(HomePage Page, TimeSpan Waited)> GetHomeAsync(HttpClient client)
    {
        var started = factory.Clock.GetUtcNow();
        var pending = client.GetAsync("/test/home", Ct);
        await WaitForLatencyOrAnswerAsync("Recommendations", pending, Timeout);
        using var response = await pending;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.Content.ReadFromJsonAsync<HomePage>(Ct);
        return (page!, factory.Clock.GetUtcNow() - started);
    }

    // A call either answers at once (fault injected, breaker open) or hangs in injected latency; in that case its timeout
    // timer already runs on the fake clock, so moving the clock by the timeout is what answers it.
    async Task WaitForLatencyOrAnswerAsync(string pipeline, Task answer, TimeSpan timeout)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var latency = factory.Events.LatencySignal(pipeline).WaitAsync(stop.Token);
        var first = await Task.WhenAny(answer, latency).WaitAsync(TimeSpan.FromSeconds(30), Ct);
        if (first == latency)
        {
            factory.Clock.Advance(timeout);
        }
        else
        {
            await stop.CancelAsync();
            await Task.WhenAny(latency);
        }
    }

    void SetChaos(string dependency, bool enabled, double faultRate, int latencyMs) => factory.Settings.Set(
        ($"Resilience:{dependency}:Chaos:Enabled", enabled ? "true" : "false"),
        ($"Resilience:{dependency}:Chaos:FaultRate", faultRate.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ($"Resilience:{dependency}:Chaos:LatencyMs", latencyMs.ToString(System.Globalization.CultureInfo.InvariantCulture)));
}
