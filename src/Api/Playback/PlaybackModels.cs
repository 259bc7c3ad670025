using System.ComponentModel.DataAnnotations;
using Marquee.Api.Edge;
using Marquee.Catalog;
using Marquee.Edge;

namespace Marquee.Api.Playback;

/// <summary>A play request (<c>POST /api/playback</c>); coordinates are optional and go together.</summary>
public sealed record StartPlaybackRequest(
    [property: Required] Guid? ProfileId,
    [property: Required, StringLength(128, MinimumLength = 1)] string? TitleId,
    [property: Required, RegularExpression("^(tv|desktop|mobile)$", ErrorMessage = "device must be tv, desktop or mobile.")] string? Device,
    [property: Range(-90, 90)] double? Latitude,
    [property: Range(-180, 180)] double? Longitude);

/// <summary>A player's heartbeat; <see cref="Error"/> names the node that failed, when one did.</summary>
/// <remarks>
/// The busiest request of the service (every player, every 10 s), so the validation filter skips it and the heartbeat
/// route checks it with <see cref="ValidationErrors"/>: the same attribute rules, but a valid beat costs a few
/// comparisons instead of the filter's validation contexts and its per-call property descriptions (about a tenth of a
/// heartbeat's allocations). The attributes stay the single statement of the rules (OpenAPI shows them; the slow path
/// and a test that compares both paths on their boundaries read them).
/// </remarks>
#pragma warning disable ASP0029 // SkipValidation is marked for evaluation in .NET 10; the route validates this type itself.
[Microsoft.Extensions.Validation.SkipValidation]
#pragma warning restore ASP0029
public sealed record HeartbeatRequest(
    [property: Required, Range(0d, 1_000_000d)] double? PositionSeconds,
    [property: Required, Range(0, 1_000_000)] int? BitrateKbps,
    [property: Required, Range(0, 3_600_000)] int? BufferingMs,
    PlaybackErrorRequest? Error)
{
    /// <summary>True when the attribute rules hold, by plain comparisons (no allocation).</summary>
    public bool IsValid =>
        PositionSeconds is >= 0 and <= 1_000_000
        && BitrateKbps is >= 0 and <= 1_000_000
        && BufferingMs is >= 0 and <= 3_600_000
        && (Error is null || (Error.NodeId is { Length: >= 1 and <= 64 } && Error.Message is null or { Length: <= 500 }));

    /// <summary>Null when valid; otherwise the attribute rules' messages keyed by member (<c>Error.NodeId</c>), as the filter reports them.</summary>
    public Dictionary<string, string[]>? ValidationErrors()
    {
        if (IsValid)
        {
            return null;
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        Collect(this, string.Empty, errors);
        if (Error is not null)
        {
            Collect(Error, nameof(Error) + ".", errors);
        }

        return errors;
    }

    static void Collect(object target, string prefix, Dictionary<string, string[]> errors)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(target, new ValidationContext(target), results, validateAllProperties: true);
        foreach (var result in results)
        {
            foreach (var member in result.MemberNames)
            {
                var key = prefix + member;
                errors[key] = errors.TryGetValue(key, out var earlier) ? [.. earlier, result.ErrorMessage ?? "is invalid."] : [result.ErrorMessage ?? "is invalid."];
            }
        }
    }
}

/// <summary>What went wrong, and on which node.</summary>
public sealed record PlaybackErrorRequest(
    [property: Required, StringLength(64, MinimumLength = 1)] string? NodeId,
    [property: StringLength(500)] string? Message);

/// <summary>A re-steer request: the node the player could not play from.</summary>
public sealed record ResteerRequest([property: Required, StringLength(64, MinimumLength = 1)] string? FailedNodeId);

/// <summary>A stop request: where the member stopped.</summary>
public sealed record StopPlaybackRequest([property: Required, Range(0, 1_000_000)] double? PositionSeconds);

/// <summary>Where the API placed the client, and from what.</summary>
public sealed record ClientLocationView(double Latitude, double Longitude, string Source);

/// <summary>A started session: the ranked nodes (primary first), the capped ladder and the manifest's address.</summary>
public sealed record PlaybackStartedView(
    Guid SessionId,
    IReadOnlyList<SteeredNodeView> Nodes,
    IReadOnlyList<SkippedNode> Skipped,
    int MaxHeight,
    IReadOnlyList<Rendition> Renditions,
    string ManifestUrl,
    ClientLocationView Location,
    DateTimeOffset ExpiresAt,
    int ActiveStreams,
    int MaxStreams);

/// <summary>A new steering answer for a session (after a re-steer).</summary>
public sealed record PlaybackSteeringView(Guid SessionId, IReadOnlyList<SteeredNodeView> Nodes, IReadOnlyList<SkippedNode> Skipped, string ManifestUrl);

/// <summary>A heartbeat's answer: when the session expires without another one, and the position viewing history holds.</summary>
/// <summary>
/// A stop the session took (the stream slot is free) whose viewing event the history has not stored yet: the session
/// keeps offering it, and <see cref="SavedPositionSeconds"/> is the last position that is durable so far.
/// </summary>
public sealed record StopAcceptedView(Guid SessionId, double PositionSeconds, double SavedPositionSeconds, string Detail);

public sealed record HeartbeatView(Guid SessionId, double PositionSeconds, DateTimeOffset ExpiresAt, double SavedPositionSeconds);
