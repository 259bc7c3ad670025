using Marquee.Accounts;
using Marquee.Api.Accounts;
using Marquee.Api.Gateway;

namespace Marquee.Api.Hosting;

/// <summary>
/// Two measuring points for the load harness (bench/Load), mapped only when <c>Bench:GatewayFloor</c> is true: an
/// authenticated route that does nothing (every gateway filter, no grain call), the same with one co-hosted grain call
/// (the member's account, no resilience pipeline, no cache), and that call through the Accounts resilience pipeline as
/// real routes make it. They split a real route's cost into what the gateway costs, what a grain call and its pipeline
/// add, and what the route's own work adds; no client uses them.
/// </summary>
public static class GatewayFloorEndpoints
{
    public static IEndpointRouteBuilder MapGatewayFloor(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var group = app.MapGroup("/api/bench").RequireAuthorization().ExcludeFromDescription();
        group.MapGet("/floor", (CurrentMember member) => TypedResults.Ok(new FloorView(member.AccountId)));
        group.MapGet("/floor-grain", async (CurrentMember member, IGrainFactory grains, CancellationToken ct) =>
        {
            var account = await grains.Grain<IAccountGrain>(member.AccountId).GetAsync(ct);
            return TypedResults.Ok(new FloorView(member.AccountId, account?.Plan.ToString()));
        });
        group.MapGet("/floor-resilient", async (CurrentMember member, IGrainFactory grains, DependencyResilience resilience, CancellationToken ct) =>
        {
            var account = await resilience.ExecuteAsync(Dependency.Accounts, (grains, member.AccountId),
                static (s, t) => s.grains.Grain<IAccountGrain>(s.AccountId).GetAsync(t), ct);
            return TypedResults.Ok(new FloorView(member.AccountId, account?.Plan.ToString()));
        });
        return app;
    }

    /// <summary>A small answer, the size of the baseline's.</summary>
    public sealed record FloorView(Guid AccountId, string? Plan = null);
}
