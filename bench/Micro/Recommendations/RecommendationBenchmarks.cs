using BenchmarkDotNet.Attributes;
using Marquee.Grains.Recommendations;
using Marquee.History;
using Marquee.Recommendations;

namespace Marquee.Micro.Recommendations;

/// <summary>
/// What the recommendation grain computes per home request, minus the grain calls (catalogue copy, trending, artwork):
/// a 1,000-title catalogue, a model trained on 2,000 profiles (~100,000 interactions, with the LambdaRank ranker),
/// members with ~50 watched titles. Baseline: the candidate stage alone (EASE, neighbours, content, trending; the
/// first-stage order); then the same with the ranker re-ordering the candidates (what the top-picks row uses); then
/// the whole home page (continue watching, top picks, because you watched, trending, genre rows).
/// </summary>
[MemoryDiagnoser]
public class RecommendationBenchmarks
{
    const int Members = SyntheticAudience.MemberCount;

    SyntheticAudience _audience = null!;
    HomeRowsBuilder _builder = null!;
    HomeRequest _request = null!;
    RecommendationContext _context = null!;
    IReadOnlySet<string> _hidden = null!;
    IReadOnlyList<ContinueWatchingItem>[] _resume = null!;
    int _k;

    [GlobalSetup]
    public void Setup()
    {
        _audience = SyntheticAudience.Instance;
        var options = new RecommendationServiceOptions();
        _builder = new HomeRowsBuilder(options);
        _request = new HomeRequest("US", 18, ["Comedy", "Drama"], UseNewestModel: false, Device: "tv", LocalHour: 20);
        _context = new RecommendationContext(SyntheticAudience.Now, _request.Device, _request.LocalHour, _request.FavouriteGenres);
        _hidden = _audience.Catalog.HiddenFrom(_request.Country, _request.MaturityLevel);
        // The home page asks the model for twice a row, so filtering still leaves a full row.
        _k = options.RowSize * 2;
        // What each member's viewing history answers for continue watching: the started titles, most recent first.
        _resume = [.. _audience.Members.Select(history => (IReadOnlyList<ContinueWatchingItem>)[.. history
            .Where(i => i.Completion < HomeRowsBuilder.FinishedFrom)
            .OrderByDescending(i => i.At)
            .Take(_k)
            .Select(i => new ContinueWatchingItem(i.TitleId, i.Completion * 3600, i.Completion, i.At, "tv"))])];
    }

    /// <summary>The candidate stage and its first-stage order, no ranker.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Members)]
    public int CandidatesOnly()
    {
        var total = 0;
        foreach (var history in _audience.Members)
        {
            total += _audience.Model.RecommendWithoutRanker(history, _context, _k, _hidden).Count;
        }

        return total;
    }

    /// <summary>Candidates re-ordered by the LambdaRank ranker: the top-picks row.</summary>
    [Benchmark(OperationsPerInvoke = Members)]
    public int CandidatesAndRanker()
    {
        var total = 0;
        foreach (var history in _audience.Members)
        {
            total += _audience.Model.Recommend(history, _context, _k, _hidden).Count;
        }

        return total;
    }

    /// <summary>The whole home page the grain assembles (rows only; artwork is the artwork grain's call).</summary>
    [Benchmark(OperationsPerInvoke = Members)]
    public int HomePage()
    {
        var total = 0;
        for (var i = 0; i < _audience.Members.Count; i++)
        {
            total += _builder.Build(new HomeInputs(
                _audience.Catalog, _audience.Model, _audience.Members[i], _audience.Trending, _request, SyntheticAudience.Now, _resume[i])).Count;
        }

        return total;
    }
}
