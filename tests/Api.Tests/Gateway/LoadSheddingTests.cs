using System.Net;
using System.Net.Http.Json;
using Marquee.Api.Gateway;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace Marquee.Api.Tests.Gateway;

/// <summary>The host's budget is 10 requests: non-critical may use 5, degraded 8, critical all 10.</summary>
[Collection(GatewayCollection.Name)]
public sealed class LoadSheddingTests(GatewayFactory factory)
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Saturated_ShedsNonCriticalAndDegradedFirst_WhilePlaybackAndOpsStillAnswer()
    {
        using var client = factory.CreateClient();
        var gate = factory.Gates["blocking-degraded"];
        var held = Enumerable.Range(0, 8).Select(_ => client.GetAsync("/test/blocking/degraded", Ct)).ToList();
        await gate.WaitForArrivalsAsync(8, Ct);

        using var nonCritical = await client.GetAsync("/test/non-critical", Ct);
        using var degraded = await client.GetAsync("/test/degraded", Ct);
        using var unannotated = await client.GetAsync("/test/unannotated", Ct);
        using var critical = await client.GetAsync("/test/critical", Ct);
        using var health = await client.GetAsync("/health/live", Ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, nonCritical.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(2), nonCritical.Headers.RetryAfter?.Delta);
        var problem = await nonCritical.Content.ReadFromJsonAsync<ProblemDetails>(Ct);
        Assert.Equal("The service is overloaded", problem!.Title);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, degraded.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, unannotated.StatusCode);
        Assert.Equal(HttpStatusCode.OK, critical.StatusCode);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);

        gate.Release();
        foreach (var response in await Task.WhenAll(held))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            response.Dispose();
        }
    }

    [Fact]
    public async Task BelowTheDegradedShare_NonCriticalIsShedButDegradedIsServed()
    {
        using var client = factory.CreateClient();
        var gate = factory.Gates["blocking-degraded"];
        var held = Enumerable.Range(0, 5).Select(_ => client.GetAsync("/test/blocking/degraded", Ct)).ToList();
        await gate.WaitForArrivalsAsync(5, Ct);

        using var nonCritical = await client.GetAsync("/test/non-critical", Ct);
        using var degraded = await client.GetAsync("/test/degraded", Ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, nonCritical.StatusCode);
        Assert.Equal(HttpStatusCode.OK, degraded.StatusCode);

        gate.Release();
        foreach (var response in await Task.WhenAll(held))
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task WholeBudgetInUse_ShedsCriticalToo_ButNeverOps()
    {
        using var shed = factory.Collect<long>("marquee.gateway.shed");
        using var client = factory.CreateClient();
        var degradedGate = factory.Gates["blocking-degraded"];
        var criticalGate = factory.Gates["blocking-critical"];
        var held = Enumerable.Range(0, 8).Select(_ => client.GetAsync("/test/blocking/degraded", Ct)).ToList();
        await degradedGate.WaitForArrivalsAsync(8, Ct);
        held.AddRange(Enumerable.Range(0, 2).Select(_ => client.GetAsync("/test/blocking-critical", Ct)));
        await criticalGate.WaitForArrivalsAsync(2, Ct);
        Assert.Equal(10, factory.Services.GetRequiredService<LoadShedder>().InFlight);

        using var critical = await client.GetAsync("/test/critical", Ct);
        using var ready = await client.GetAsync("/health/ready", Ct);
        using var metrics = await client.GetAsync("/metrics", Ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, critical.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
        Assert.Contains(shed.GetMeasurementSnapshot(), m => m.Tags["priority"] as string == "critical" && m.Tags["route"] as string == "/test/critical");

        degradedGate.Release();
        criticalGate.Release();
        foreach (var response in await Task.WhenAll(held))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            response.Dispose();
        }
    }

    [Fact]
    public void Ceilings_FollowTheConfiguredShares()
    {
        var shedder = factory.Services.GetRequiredService<LoadShedder>();

        Assert.Equal(10, shedder.CeilingFor(RoutePriority.Critical));
        Assert.Equal(8, shedder.CeilingFor(RoutePriority.Degraded));
        Assert.Equal(5, shedder.CeilingFor(RoutePriority.NonCritical));
        Assert.Equal(int.MaxValue, shedder.CeilingFor(RoutePriority.Ops));
    }
}
