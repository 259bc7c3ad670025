using Marquee.Api.Accounts;
using Marquee.Api.Gateway;
using Marquee.Edge;
using Marquee.Grains.Edge;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Marquee.Api.Edge;

/// <summary><c>GET /api/admin/edges/{nodeId}/fill-plan</c>: what the proactive fill would place on an edge node, and why (admin).</summary>
public static class FillPlanEndpoints
{
    public static IEndpointRouteBuilder MapFillPlan(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/admin/edges/{nodeId}/fill-plan", GetAsync)
            .WithTags("Edge").WithName("GetEdgeFillPlan").WithPriority(RoutePriority.NonCritical)
            .WithSummary("What the proactive fill would place on and evict from an edge node, and why (admin).")
            .RequireAuthorization(AuthSetup.AdminPolicy);
        return app;
    }

    static async Task<Results<Ok<FillPlanView>, NotFound<ProblemDetails>, Conflict<ProblemDetails>>> GetAsync(
        string nodeId, IEdgeNodeDirectory directory, EdgeFillPlanner planner, CancellationToken ct)
    {
        var node = await directory.GetAsync(nodeId, ct);
        if (node is null)
        {
            return TypedResults.NotFound(new ProblemDetails
            {
                Title = "No such edge node",
                Detail = $"There is no edge node {nodeId}.",
                Status = StatusCodes.Status404NotFound,
            });
        }

        if (node.Tier != EdgeTier.Edge)
        {
            return TypedResults.Conflict(new ProblemDetails
            {
                Title = "Not an edge-tier node",
                Detail = $"Node {nodeId} is a storage node: it holds the whole catalogue and is not filled by popularity.",
                Status = StatusCodes.Status409Conflict,
            });
        }

        return TypedResults.Ok(FillPlanView.From(await planner.PlanAsync(node, ct)));
    }
}

/// <summary>A node's fill plan for operators.</summary>
/// <remarks><c>WindowOpen</c>: True when the region's fill window is open now (the plan runs on the next tick).</remarks>
/// <remarks><c>Items</c>: Every title considered: action (place, keep, evict, deferred, doesnotfit, nomedia), rank, size and reason.</remarks>
public sealed record FillPlanView(
    string NodeId,
    string Region,
    double CapacityGb,
    double TargetGb,
    double PlannedGb,
    bool WindowOpen,
    string Window,
    DateTimeOffset LocalTime,
    DateTimeOffset NextWindow,
    IReadOnlyList<FillPlanItemView> Items)
{
    public static FillPlanView From(NodeFillPlan p)
    {
        ArgumentNullException.ThrowIfNull(p);
        return new(p.Node.NodeId, p.Node.Region, p.Plan.CapacityGb, Math.Round(p.Plan.TargetGb, 6), Math.Round(p.Plan.PlannedGb, 6),
            p.WindowOpen, $"{p.Window.Start:HH\\:mm}-{p.Window.End:HH\\:mm} {p.Window.TimeZone.Id}", p.LocalTime, p.NextWindow,
            p.Plan.Items.Select(i => new FillPlanItemView(i.TitleId, i.Action.ToString().ToLowerInvariant(), i.Rank, Math.Round(i.Score, 3), i.SizeGb, i.Reason)).ToList());
    }
}

/// <summary>One title of a fill plan.</summary>
public sealed record FillPlanItemView(string TitleId, string Action, int Rank, double Score, double SizeGb, string Reason);
