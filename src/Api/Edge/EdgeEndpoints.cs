using System.Text.RegularExpressions;
using Marquee.Api.Accounts;
using Marquee.Api.Gateway;
using Marquee.Catalog;
using Marquee.Edge;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Marquee.Api.Edge;

/// <summary>Edge nodes: admin registration, placement and the fleet view; the nodes' own health reports.</summary>
public static partial class EdgeEndpoints
{
    public const string NodeKeyHeader = "X-Node-Key";

    public static IEndpointRouteBuilder MapEdges(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/admin/edges").WithTags("Edge").RequireAuthorization(AuthSetup.AdminPolicy).WithPriority(RoutePriority.NonCritical);
        admin.MapGet("/", ListAsync).WithName("ListEdgeNodes")
            .WithSummary("Every node with its health (and why), load and inventory size.");
        admin.MapGet("/{nodeId}", GetAsync).WithName("GetEdgeNode")
            .WithSummary("One node, with the titles it holds.");
        admin.MapPut("/{nodeId}", RegisterAsync).WithName("RegisterEdgeNode")
            .WithSummary("Registers or updates a node; a new node (or rotateKey) gets its node key in the answer, once.");
        admin.MapPut("/{nodeId}/titles/{titleId}", PlaceAsync).WithName("PlaceTitleOnEdge")
            .WithSummary("Places a title on an edge node, evicting by the configured order when it is full.");
        admin.MapDelete("/{nodeId}/titles/{titleId}", RemoveAsync).WithName("RemoveTitleFromEdge")
            .WithSummary("Removes a title from a node.");

        app.MapPost("/api/edges/{nodeId}/health", ReportHealthAsync).WithTags("Edge").WithName("ReportEdgeHealth").AllowAnonymous()
            .WithSummary($"A node's health report, authenticated by its node key in {NodeKeyHeader} (not a member token).")
            // Never shed before playback: a node whose reports are dropped goes stale and plays stop being steered to it.
            .WithPriority(RoutePriority.Critical);
        return app;
    }

    static async Task<Ok<IReadOnlyList<EdgeNodeView>>> ListAsync(IGrainFactory grains, CancellationToken ct)
    {
        var ids = await grains.Grain<IEdgeFleetGrain>(0).GetNodeIdsAsync(ct);
        var statuses = await Task.WhenAll(ids.Select(id => grains.Grain<IEdgeNodeGrain>(id).GetStatusAsync(ct)));
        IReadOnlyList<EdgeNodeView> views = [.. statuses.OfType<EdgeNodeStatus>().Select(s => EdgeNodeView.From(s, withTitles: false))];
        return TypedResults.Ok(views);
    }

    static async Task<Results<Ok<EdgeNodeView>, ValidationProblem, ProblemHttpResult>> GetAsync(string nodeId, IGrainFactory grains, CancellationToken ct)
    {
        if (InvalidNodeId(nodeId) is { } invalid)
        {
            return invalid;
        }

        var status = await grains.Grain<IEdgeNodeGrain>(nodeId).GetStatusAsync(ct);
        return status is null ? UnknownNode(nodeId) : TypedResults.Ok(EdgeNodeView.From(status, withTitles: true));
    }

    static async Task<Results<Created<EdgeNodeRegisteredView>, Ok<EdgeNodeRegisteredView>, ValidationProblem>> RegisterAsync(
        string nodeId, RegisterEdgeNodeRequest request, IGrainFactory grains, EdgeRegionDirectory regions, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (!NodeIdPattern().IsMatch(nodeId))
        {
            errors["nodeId"] = [NodeIdRule];
        }

        var tier = EdgeNames.ParseTier(request.Tier);
        if (tier == EdgeTier.Edge && request.CapacityGb is null)
        {
            errors["capacityGb"] = ["capacityGb is required for an edge node (its inventory is bounded by it)."];
        }

        if (request.BaseUrl is not null && (!Uri.TryCreate(request.BaseUrl, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)))
        {
            errors["baseUrl"] = ["baseUrl must be an absolute http or https URL."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var registration = new EdgeNodeRegistration(
            request.Region!, new GeoPoint(request.Latitude!.Value, request.Longitude!.Value), tier,
            request.CapacityGb ?? 0, request.BaseUrl!.TrimEnd('/'), EdgeNames.ParseState(request.AdminState));
        var grain = grains.Grain<IEdgeNodeGrain>(nodeId);
        var registered = await grain.RegisterAsync(registration, request.RotateKey, ct);
        regions.Invalidate();
        var status = await grain.GetStatusAsync(ct);
        var view = new EdgeNodeRegisteredView(nodeId, registered.Created, registered.NodeKey, EdgeNodeView.From(status!, withTitles: false));
        return registered.Created ? TypedResults.Created($"/api/admin/edges/{nodeId}", view) : TypedResults.Ok(view);
    }

    static async Task<Results<Ok<PlacementView>, ValidationProblem, ProblemHttpResult>> PlaceAsync(
        string nodeId, string titleId, IGrainFactory grains, CancellationToken ct)
    {
        if (InvalidIds(nodeId, titleId) is { } invalid)
        {
            return invalid;
        }

        var title = await grains.Grain<ITitleGrain>(titleId).GetAsync(ct);
        if (title is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such title", detail: $"Title '{titleId}' is not in the catalogue.");
        }

        var result = await grains.Grain<IEdgeNodeGrain>(nodeId).PlaceTitleAsync(titleId, title.SizeGb, ct);
        return result.Outcome switch
        {
            PlacementOutcome.UnknownNode => UnknownNode(nodeId),
            PlacementOutcome.StorageTier => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Storage nodes hold everything",
                detail: $"Node '{nodeId}' is a storage node: it holds the whole catalogue, so titles are not placed on it."),
            PlacementOutcome.TooLarge => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The title does not fit",
                detail: $"Title '{titleId}' ({title.SizeGb:0.##} GB) is larger than node '{nodeId}''s whole capacity ({result.CapacityGb:0.##} GB)."),
            _ => TypedResults.Ok(new PlacementView(nodeId, titleId, result.Outcome == PlacementOutcome.AlreadyPresent, result.Evicted, Math.Round(result.UsedGb, 2), result.CapacityGb)),
        };
    }

    static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> RemoveAsync(
        string nodeId, string titleId, IGrainFactory grains, CancellationToken ct)
    {
        if (InvalidIds(nodeId, titleId) is { } invalid)
        {
            return invalid;
        }

        return await grains.Grain<IEdgeNodeGrain>(nodeId).RemoveTitleAsync(titleId, ct)
            ? TypedResults.NoContent()
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not on that node",
                detail: $"Node '{nodeId}' does not exist or does not hold title '{titleId}'.");
    }

    static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> ReportHealthAsync(
        string nodeId, EdgeHealthRequest request, [FromHeader(Name = NodeKeyHeader)] string? nodeKey, IGrainFactory grains, CancellationToken ct)
    {
        if (InvalidNodeId(nodeId) is { } invalid)
        {
            return invalid;
        }

        if (string.IsNullOrWhiteSpace(nodeKey))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Node key missing",
                detail: $"Send the node key given at registration in the {NodeKeyHeader} header.");
        }

        var outcome = await grains.Grain<IEdgeNodeGrain>(nodeId)
            .ReportHealthAsync(nodeKey, new EdgeHealthReport(request.LoadPercent!.Value, request.AvailableMbps!.Value, request.ErrorRate!.Value), ct);
        return outcome switch
        {
            HealthReportOutcome.UnknownNode => UnknownNode(nodeId),
            HealthReportOutcome.WrongKey => TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Wrong node key",
                detail: $"The {NodeKeyHeader} header does not match node '{nodeId}''s key."),
            _ => TypedResults.NoContent(),
        };
    }

    const string NodeIdRule = "nodeId must be 2-63 lowercase letters, digits or dashes, starting with a letter or digit.";

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,62}$")]
    private static partial Regex NodeIdPattern();

    static ValidationProblem? InvalidNodeId(string nodeId) =>
        NodeIdPattern().IsMatch(nodeId) ? null : TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["nodeId"] = [NodeIdRule] });

    static ValidationProblem? InvalidIds(string nodeId, string titleId)
    {
        var errors = new Dictionary<string, string[]>();
        if (!NodeIdPattern().IsMatch(nodeId))
        {
            errors["nodeId"] = [NodeIdRule];
        }

        if (!PlaybackIds.IsTitleId(titleId))
        {
            errors["titleId"] = [PlaybackIds.TitleIdRule];
        }

        return errors.Count > 0 ? TypedResults.ValidationProblem(errors) : null;
    }

    static ProblemHttpResult UnknownNode(string nodeId) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such edge node", detail: $"No node is registered as '{nodeId}'.");
}

/// <summary>Shape rules of ids the edge and playback routes take.</summary>
public static partial class PlaybackIds
{
    public const string TitleIdRule = "titleId must be 1-128 letters, digits, dots, dashes, underscores or colons.";

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$")]
    private static partial Regex TitleIdPattern();

    public static bool IsTitleId(string? titleId) => titleId is not null && TitleIdPattern().IsMatch(titleId);
}
