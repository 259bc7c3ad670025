namespace Marquee.Api.Edge;

/// <summary>A title's standing in a region.</summary>
public sealed record RegionalTitle(string TitleId, double Score);

/// <summary>What a region is watching: the trending lists of its countries, merged.</summary>
public interface IRegionalPopularity
{
    /// <summary>The region's most popular titles, best first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<RegionalTitle>> GetTopAsync(IReadOnlyList<string> countries, int limit, CancellationToken ct = default);
}
