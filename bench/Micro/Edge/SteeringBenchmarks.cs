using BenchmarkDotNet.Attributes;
using Marquee.Edge;
using Marquee.Grains.Edge;

namespace Marquee.Micro.Edge;

/// <summary>
/// One steering decision over a fleet of 10,000 nodes, as the steering grain makes it (the grain adds only the call).
/// Fleet: 10 regions x 50 sites x 20 nodes (a storage node at every tenth site, edges elsewhere), 2,000 titles with
/// Zipf popularity; each edge holds 300 titles drawn by popularity. Clients play from within ~100 km of a site.
/// </summary>
[MemoryDiagnoser]
public class SteeringBenchmarks
{
    public const int QueriesPerRound = 4096;
    const int Queries = QueriesPerRound;
    static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    SteeringTable _table = null!;
    SteeringRequest[] _popular = null!;
    SteeringRequest[] _rare = null!;

    [Params(10_000)]
    public int Nodes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        var titles = Enumerable.Range(0, 2000).Select(i => $"title-{i:D4}").ToArray();
        var weights = titles.Select((_, i) => 1.0 / (i + 1)).ToArray();
        var cumulative = new double[weights.Length];
        var sum = 0.0;
        for (var i = 0; i < weights.Length; i++)
        {
            sum += weights[i];
            cumulative[i] = sum;
        }

        string Draw()
        {
            var index = Array.BinarySearch(cumulative, random.NextDouble() * sum);
            return titles[index < 0 ? ~index : index];
        }

        GeoPoint Near(GeoPoint p, double degrees) =>
            new(Math.Clamp(p.Latitude + ((random.NextDouble() - 0.5) * degrees), -89, 89), p.Longitude + ((random.NextDouble() - 0.5) * degrees));

        _table = new SteeringTable(new EdgeOptions());
        var sites = new List<GeoPoint>();
        var regions = Enumerable.Range(0, 10).Select(r => new GeoPoint(-40 + (r % 5 * 20), -150 + (r * 30))).ToArray();
        var perSite = Nodes / (regions.Length * 50);
        var id = 0;
        for (var r = 0; r < regions.Length; r++)
        {
            for (var s = 0; s < 50; s++)
            {
                var site = Near(regions[r], 25);
                sites.Add(site);
                for (var n = 0; n < perSite; n++)
                {
                    var storage = s % 10 == 0 && n == 0;
                    var held = storage ? [] : Enumerable.Range(0, 300).Select(_ => Draw()).Distinct().ToArray();
                    var location = Near(site, 0.2);
                    var registration = new EdgeNodeRegistration($"region-{r}", location, storage ? EdgeTier.Storage : EdgeTier.Edge, 100, $"https://n{id}.example", EdgeAdminState.Online);
                    var health = new EdgeHealthSample(random.Next(5, 85), 20_000, 0.001, Now.AddSeconds(-random.Next(0, 20)));
                    _table.Upsert(new EdgeNodeSnapshot($"node-{id++}", registration, held, health, [], 1));
                }
            }
        }

        _popular = [.. Enumerable.Range(0, Queries).Select(_ => new SteeringRequest(Draw(), Near(sites[random.Next(sites.Count)], 2), []))];
        _rare = [.. Enumerable.Range(0, Queries).Select(_ => new SteeringRequest(titles[random.Next(1500, 2000)], Near(sites[random.Next(sites.Count)], 2), []))];
    }

    /// <summary>Titles drawn by popularity, as plays arrive.</summary>
    [Benchmark(OperationsPerInvoke = Queries)]
    public int DecidePopularityMix()
    {
        var total = 0;
        foreach (var request in _popular)
        {
            total += _table.Decide(request, Now).Nodes.Count;
        }

        return total;
    }

    /// <summary>Long-tail titles only: few edges hold them, so decisions fall back to storage and other regions.</summary>
    [Benchmark(OperationsPerInvoke = Queries)]
    public int DecideLongTail()
    {
        var total = 0;
        foreach (var request in _rare)
        {
            total += _table.Decide(request, Now).Nodes.Count;
        }

        return total;
    }
}
