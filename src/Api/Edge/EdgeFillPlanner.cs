using Marquee.Catalog;
using Marquee.Edge;
using Marquee.Grains.Edge;
using Marquee.Grains.Ingest;
using Microsoft.Extensions.Options;

namespace Marquee.Api.Edge;

/// <summary>A node's fill plan with the window it runs in.</summary>
/// <remarks><c>LocalTime</c>: The region's local time when the plan was made.</remarks>
/// <remarks><c>NextWindow</c>: When the window next opens (local time); the current time when it is open.</remarks>
public sealed record NodeFillPlan(DataPlaneNode Node, FillPlan Plan, FillWindow Window, bool WindowOpen, DateTimeOffset LocalTime, DateTimeOffset NextWindow);

/// <summary>
/// Gathers what <see cref="FillPlanner"/> decides on for a node: the region's trending titles (from its countries),
/// their sizes from the catalogue, whether the origin holds their media, and what the node holds now.
/// </summary>
public sealed class EdgeFillPlanner(
    IRegionalPopularity popularity,
    IGrainFactory grains,
    IOriginStore origin,
    IOptions<EdgeFillOptions> options,
    TimeProvider clock)
{
    public async Task<NodeFillPlan> PlanAsync(DataPlaneNode node, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(node);
        var o = options.Value;
        var region = o.For(node.Region);
        var window = region.Window() ?? throw new InvalidOperationException(o.Problem());
        var now = clock.GetUtcNow();

        var top = await popularity.GetTopAsync(region.Countries, o.TopTitles, ct);
        var popular = await Task.WhenAll(top.Select(async (t, i) =>
        {
            var (size, hasMedia) = await SizeAsync(t.TitleId, ct);
            return new PopularTitle(t.TitleId, i + 1, t.Score, size, hasMedia);
        }));
        var held = await Task.WhenAll(node.Titles.Select(async id => new HeldTitle(id, (await SizeAsync(id, ct)).SizeGb)));

        var plan = node.Tier == EdgeTier.Edge
            ? FillPlanner.Plan(new FillInput(node.NodeId, node.CapacityGb, held, popular, o.HeadroomFraction, o.MaxGbPerRun))
            : new FillPlan(node.NodeId, node.CapacityGb, 0, 0, []);
        return new NodeFillPlan(node, plan, window, window.IsOpen(now), window.LocalTime(now), window.NextOpening(now));
    }

    async Task<(double SizeGb, bool HasMedia)> SizeAsync(string titleId, CancellationToken ct)
    {
        var title = await grains.Grain<ITitleGrain>(titleId).GetAsync(ct);
        var hasMedia = title is not null && OriginNames.IsSafeSegment(titleId)
            && await origin.GetCurrentVersionAsync(titleId, ct) is not null;
        return (title?.SizeGb ?? 0, hasMedia);
    }
}
