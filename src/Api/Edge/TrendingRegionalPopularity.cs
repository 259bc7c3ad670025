using Marquee.History;

namespace Marquee.Api.Edge;

/// <summary>A region's popularity from the trending grains of its countries: scores of a title add up across them.</summary>
public sealed class TrendingRegionalPopularity(IGrainFactory grains) : IRegionalPopularity
{
    public async Task<IReadOnlyList<RegionalTitle>> GetTopAsync(IReadOnlyList<string> countries, int limit, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(countries);
        var lists = await Task.WhenAll(countries.Distinct(StringComparer.OrdinalIgnoreCase)
            .Select(c => grains.Grain<ITrendingGrain>(c.ToUpperInvariant()).GetTopAsync(limit, ct)));
        return lists.SelectMany(l => l)
            .GroupBy(t => t.TitleId, StringComparer.Ordinal)
            .Select(g => new RegionalTitle(g.Key, g.Sum(t => t.Score)))
            .OrderByDescending(t => t.Score).ThenBy(t => t.TitleId, StringComparer.Ordinal)
            .Take(limit)
            .ToList();
    }
}
