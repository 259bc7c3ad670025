using System.Globalization;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using Marquee.Edge;

namespace Marquee.Grains.Edge;

/// <summary>
/// The fleet table a steering grain holds in memory, and the steering decision over it. A plain class: the grain
/// feeds it pushes and asks it for decisions, the benchmark and the unit tests call it directly. Not thread-safe
/// (a grain runs one turn at a time).
/// </summary>
/// <remarks>
/// <para>Index: per region, the edge nodes that hold each title and the storage nodes, each bucketed into cells of a
/// 3D grid over the unit sphere. A decision visits cells nearest-bound first and stops as soon as no unvisited cell
/// can hold a node nearer than what it needs, so it looks at the nodes near the client, not at the whole fleet.</para>
/// <para>Order: edges of the client's region holding the title, then the region's storage, then other regions
/// (nearest region first), then the origin. Inside a step nodes rank by distance then load; nodes within the
/// distance band of the nearest one are near-equal and ordered by weighted rendezvous hashing of the title
/// (weight = load headroom), so each title sticks to one node of a site (its hot set stays in that node's memory)
/// while different titles spread over the site, and a node losing headroom sheds titles to its neighbours.</para>
/// </remarks>
public sealed class SteeringTable
{
    const int ReasonBandSizes = 33;
    readonly EdgeOptions _options;
    readonly double _cellSize;
    readonly double _cellRadius;
    readonly double _bandChord;
    readonly long _ttlTicks;
    readonly Dictionary<string, Node> _nodes = new(StringComparer.Ordinal);
    readonly Dictionary<string, Region> _regions = new(StringComparer.Ordinal);
    readonly List<Candidate> _pool = [];
    readonly List<Candidate> _skipped = [];
    readonly string?[,] _reasons = new string?[8, ReasonBandSizes];
    double[] _cellBounds = new double[64];
    int _stamp;

    public SteeringTable(EdgeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _cellSize = GeoMath.KmToChord(options.CellSizeKm);
        _cellRadius = _cellSize * Math.Sqrt(3) / 2;
        _bandChord = GeoMath.KmToChord(options.DistanceBandKm);
        _ttlTicks = options.HealthTtl.Ticks;
    }

    /// <summary>How many nodes the table holds.</summary>
    public int Count => _nodes.Count;

    /// <summary>The regions that have at least one node.</summary>
    public IReadOnlyList<string> Regions => [.. _regions.Values.Where(r => r.Count > 0).Select(r => r.Name).Order(StringComparer.Ordinal)];

    /// <summary>Adds or replaces a node; false when the table already has a newer version of it.</summary>
    public bool Upsert(EdgeNodeSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (_nodes.TryGetValue(snapshot.NodeId, out var node))
        {
            if (snapshot.Version < node.Version)
            {
                return false;
            }

            Unindex(node);
        }
        else
        {
            node = new Node(snapshot.NodeId, Hash(snapshot.NodeId));
            _nodes.Add(snapshot.NodeId, node);
        }

        var registration = snapshot.Registration;
        node.Version = snapshot.Version;
        node.Registration = registration;
        (node.X, node.Y, node.Z) = GeoMath.ToUnit(registration.Location);
        node.CellKey = CellKey(node.X, node.Y, node.Z);
        node.Online = registration.AdminState == EdgeAdminState.Online;
        node.IsStorage = registration.Tier == EdgeTier.Storage;
        node.Titles.Clear();
        if (!node.IsStorage)
        {
            node.Titles.UnionWith(snapshot.Titles);
        }

        ApplyHealth(node, snapshot.Health, snapshot.RecentFailures);
        Index(node);
        return true;
    }

    /// <summary>Applies a health report or client failure; false when the node is unknown.</summary>
    public bool UpdateHealth(EdgeHealthUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        if (!_nodes.TryGetValue(update.NodeId, out var node))
        {
            return false;
        }

        // Reports are stamped by the node grain's clock; an older one arriving late is dropped.
        if (update.Health is not null && node.Health is not null && update.Health.ReportedAt < node.Health.ReportedAt)
        {
            return false;
        }

        ApplyHealth(node, update.Health ?? node.Health, update.RecentFailures);
        return true;
    }

    /// <summary>Ranks the nodes that can serve a title to a client; see the class remarks for the order.</summary>
    public SteeringDecision Decide(SteeringRequest request, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (x, y, z) = GeoMath.ToUnit(request.ClientLocation);
        var search = new Search(x, y, z, now.UtcTicks, ++_stamp, Hash(request.TitleId));
        for (var i = 0; i < request.ExcludedNodeIds.Count; i++)
        {
            if (_nodes.TryGetValue(request.ExcludedNodeIds[i], out var excluded))
            {
                excluded.ExcludedStamp = search.Stamp;
            }
        }

        var want = _options.RankedNodes;
        var chosen = new List<Choice>(want);
        _skipped.Clear();
        var home = NearestRegion(x, y, z);
        if (home is not null)
        {
            if (home.ByTitle.TryGetValue(request.TitleId, out var holders))
            {
                _pool.Clear();
                Collect(holders, ref search, want, markHolders: true);
                Take(ref search, want, SteeringTier.RegionEdge, chosen);
            }

            if (chosen.Count < want)
            {
                _pool.Clear();
                Collect(home.Storage, ref search, want - chosen.Count);
                Take(ref search, want, SteeringTier.RegionStorage, chosen);
            }

            if (chosen.Count < want)
            {
                foreach (var region in OtherRegionsByDistance(home, x, y, z))
                {
                    _pool.Clear();
                    if (region.ByTitle.TryGetValue(request.TitleId, out var remote))
                    {
                        Collect(remote, ref search, want - chosen.Count);
                    }

                    Collect(region.Storage, ref search, want - chosen.Count);
                    Take(ref search, want, SteeringTier.OtherRegion, chosen);
                    if (chosen.Count >= want)
                    {
                        break;
                    }
                }
            }

            if (_options.MaxSkipped > 0)
            {
                // Edges of the client's region nearer than the primary that do not hold the title are left out too.
                var bound = chosen.Count > 0 ? chosen[0].Chord : double.PositiveInfinity;
                CollectNonHolders(home.Edges, ref search, bound);
            }
        }

        var nodes = new List<SteeredNode>(chosen.Count + 1);
        foreach (var choice in chosen)
        {
            nodes.Add(Describe(choice));
        }

        if (!string.IsNullOrWhiteSpace(_options.OriginBaseUrl))
        {
            nodes.Add(new SteeredNode("origin", _options.OriginBaseUrl, "origin", SteeringTier.Origin, 0, 0, "origin: the last resort when no cache can serve"));
        }

        return new SteeringDecision(home?.Name, nodes, DescribeSkipped(now));
    }

    void ApplyHealth(Node node, EdgeHealthSample? health, IReadOnlyList<DateTimeOffset> failures)
    {
        node.Health = health;
        node.Failures = failures;
        node.ReportedTicks = health?.ReportedAt.UtcTicks ?? long.MinValue;
        node.FiguresOk = health is not null && EdgeHealthRules.FiguresOk(health, _options);
        node.Load = health?.LoadPercent ?? 100;
        var blocked = EdgeHealthRules.FailureBlockedUntil(failures, _options);
        node.BlockedUntilTicks = blocked == DateTimeOffset.MinValue ? long.MinValue : blocked.UtcTicks;
    }

    bool Eligible(Node node, in Search search) =>
        node.Online
        && node.ExcludedStamp != search.Stamp
        && node.FiguresOk
        && node.ReportedTicks >= search.NowTicks - _ttlTicks
        && node.BlockedUntilTicks <= search.NowTicks;

    /// <summary>
    /// Gathers the eligible nodes of a bucket that can matter: at least <paramref name="want"/> of them, and all of
    /// those within the band of the nearest. Cells are visited in order of the nearest they could hold.
    /// </summary>
    /// <remarks>
    /// With <paramref name="markHolders"/>, every node of a visited cell is stamped as holding the title: every cell
    /// that could hold a node nearer than the final choice is visited, so <see cref="CollectNonHolders"/> tells holders
    /// by the stamp instead of looking the title up in each node's set.
    /// </remarks>
    void Collect(Bucket bucket, ref Search search, int want, bool markHolders = false)
    {
        var cells = bucket.Cells;
        var count = cells.Count;
        if (count == 0 || want <= 0)
        {
            return;
        }

        if (_cellBounds.Length < count)
        {
            _cellBounds = new double[count * 2];
        }

        // Squared distance to each cell's centre: the nearest a cell can hold grows with it (the cell radius is the
        // same for all), so cells are ordered without a square root; a visited cell's entry becomes infinite.
        var centers = bucket.Centers;
        for (var i = 0; i < count; i++)
        {
            _cellBounds[i] = Squared(search.X - centers[i * 3], search.Y - centers[(i * 3) + 1], search.Z - centers[(i * 3) + 2]);
        }

        var nearest = double.PositiveInfinity;
        Span<double> best = stackalloc double[Math.Min(want, 16)];
        best.Fill(double.PositiveInfinity);
        for (var visited = 0; visited < count; visited++)
        {
            var next = -1;
            var nextBound = double.PositiveInfinity;
            for (var i = 0; i < count; i++)
            {
                if (_cellBounds[i] < nextBound)
                {
                    next = i;
                    nextBound = _cellBounds[i];
                }
            }

            var limit = Limit(nearest, best);
            var reach = limit + _cellRadius;
            if (next < 0 || nextBound > reach * reach)
            {
                break;
            }

            _cellBounds[next] = double.PositiveInfinity;
            var nodes = cells[next].Nodes;
            var positions = cells[next].Positions;
            if (markHolders)
            {
                foreach (var holder in nodes)
                {
                    holder.HolderStamp = search.Stamp;
                }
            }

            for (var n = 0; n < nodes.Count; n++)
            {
                var d = Chord(search.X - positions[n * 3], search.Y - positions[(n * 3) + 1], search.Z - positions[(n * 3) + 2]);
                if (d > limit)
                {
                    continue;
                }

                var node = nodes[n];

                if (!Eligible(node, search))
                {
                    OfferSkipped(new Candidate(node, d));
                    continue;
                }

                _pool.Add(new Candidate(node, d));
                if (d < nearest)
                {
                    nearest = d;
                }

                InsertBest(best, d);
                limit = Limit(nearest, best);
            }
        }
    }

    double Limit(double nearest, ReadOnlySpan<double> best) =>
        double.IsPositiveInfinity(best[^1]) ? double.PositiveInfinity : Math.Max(nearest + _bandChord, best[^1]);

    static void InsertBest(Span<double> best, double d)
    {
        if (d >= best[^1])
        {
            return;
        }

        var i = best.Length - 1;
        while (i > 0 && best[i - 1] > d)
        {
            best[i] = best[i - 1];
            i--;
        }

        best[i] = d;
    }

    /// <summary>Moves the best of the pool into the answer: the band of the nearest by title hash, then by distance and load.</summary>
    void Take(ref Search search, int want, SteeringTier tier, List<Choice> chosen)
    {
        if (_pool.Count == 0 || chosen.Count >= want)
        {
            return;
        }

        _pool.Sort(static (a, b) => a.Chord != b.Chord ? a.Chord.CompareTo(b.Chord) : a.Node.Load.CompareTo(b.Node.Load));
        var bandEnd = 1;
        var bandLimit = _pool[0].Chord + _bandChord;
        while (bandEnd < _pool.Count && _pool[bandEnd].Chord <= bandLimit)
        {
            bandEnd++;
        }

        var bandSize = bandEnd;
        if (bandSize > 1)
        {
            // Weighted rendezvous hashing: the highest score wins; every replica computes the same order.
            var band = CollectionsMarshal.AsSpan(_pool)[..bandSize];
            for (var i = 0; i < band.Length; i++)
            {
                band[i] = band[i] with { Score = RendezvousScore(search.TitleHash, band[i].Node) };
            }

            band.Sort(static (a, b) => b.Score.CompareTo(a.Score));
        }

        for (var i = 0; i < _pool.Count && chosen.Count < want; i++)
        {
            chosen.Add(new Choice(_pool[i].Node, _pool[i].Chord, tier, i < bandSize && bandSize > 1 ? bandSize : 0));
        }
    }

    void CollectNonHolders(Bucket bucket, ref Search search, double bound)
    {
        var cells = bucket.Cells;
        var centers = bucket.Centers;
        var reach = bound + _cellRadius;
        for (var i = 0; i < cells.Count; i++)
        {
            if (Squared(search.X - centers[i * 3], search.Y - centers[(i * 3) + 1], search.Z - centers[(i * 3) + 2]) > reach * reach)
            {
                continue;
            }

            var nodes = cells[i].Nodes;
            var positions = cells[i].Positions;
            for (var n = 0; n < nodes.Count; n++)
            {
                var d = Chord(search.X - positions[n * 3], search.Y - positions[(n * 3) + 1], search.Z - positions[(n * 3) + 2]);
                if (d < bound && nodes[n].HolderStamp != search.Stamp)
                {
                    OfferSkipped(new Candidate(nodes[n], d) { Score = -1 });
                }
            }
        }
    }

    /// <summary>Keeps the nearest left-out nodes only (bounded, so a drained region costs no allocation).</summary>
    void OfferSkipped(Candidate candidate)
    {
        var max = _options.MaxSkipped;
        if (max == 0)
        {
            return;
        }

        if (_skipped.Count < max)
        {
            _skipped.Add(candidate);
            return;
        }

        var worst = 0;
        for (var i = 1; i < _skipped.Count; i++)
        {
            if (_skipped[i].Chord > _skipped[worst].Chord)
            {
                worst = i;
            }
        }

        if (candidate.Chord < _skipped[worst].Chord)
        {
            _skipped[worst] = candidate;
        }
    }

    List<SkippedNode> DescribeSkipped(DateTimeOffset now)
    {
        _skipped.Sort(static (a, b) => a.Chord.CompareTo(b.Chord));
        var list = new List<SkippedNode>(_skipped.Count);
        foreach (var candidate in _skipped)
        {
            list.Add(new SkippedNode(candidate.Node.Id, SkipReason(candidate, now)));
        }

        return list;
    }

    /// <remarks>Fixed sentences except for health problems (rare, and worth their figures): a decision allocates no text.</remarks>
    string SkipReason(Candidate candidate, DateTimeOffset now)
    {
        var node = candidate.Node;
        if (candidate.Score < 0)
        {
            return "does not hold the title";
        }

        if (!node.Online)
        {
            return node.Registration.AdminState == EdgeAdminState.Draining ? "draining: takes no new sessions" : "offline: out of service";
        }

        if (node.ExcludedStamp == _stamp)
        {
            return "excluded: the client reported it failing";
        }

        var problems = EdgeHealthRules.Problems(node.Health, node.Failures, now, _options);
        return problems.Count > 0 ? problems[0] : "unhealthy";
    }

    SteeredNode Describe(Choice choice)
    {
        var node = choice.Node;
        var km = GeoMath.ChordToKm(choice.Chord);
        return new SteeredNode(node.Id, node.Registration.BaseUrl, node.Region.Name, choice.Tier, Math.Round(km, 1), node.Load, Reason(choice.Tier, node.IsStorage, choice.BandSize));
    }

    /// <summary>Reasons are a few fixed sentences (distance and load are fields of their own), cached so a decision formats nothing.</summary>
    string Reason(SteeringTier tier, bool storage, int bandSize)
    {
        var key = ((int)tier * 2) + (storage ? 1 : 0);
        var size = Math.Min(bandSize, ReasonBandSizes - 1);
        return _reasons[key, size] ??= MakeReason(tier, storage, size);
    }

    string MakeReason(SteeringTier tier, bool storage, int bandSize)
    {
        var what = tier switch
        {
            SteeringTier.RegionEdge => "nearest healthy edges of the client's region holding the title",
            SteeringTier.RegionStorage => "storage of the client's region (no healthy edge of the region holds the title)",
            _ => storage ? "storage of the nearest other region that can serve" : "edge of the nearest other region holding the title",
        };
        if (bandSize <= 1)
        {
            return $"{what}; ranked by distance, then load";
        }

        var count = bandSize == ReasonBandSizes - 1 ? $"{bandSize} or more" : bandSize.ToString(CultureInfo.InvariantCulture);
        return string.Create(CultureInfo.InvariantCulture, $"{what}; {count} near-equal nodes within {_options.DistanceBandKm:0} km of the nearest, ordered by title hash weighted by load headroom");
    }

    Region? NearestRegion(double x, double y, double z)
    {
        Region? nearest = null;
        var best = double.NegativeInfinity;
        foreach (var region in _regions.Values)
        {
            if (region.Count == 0)
            {
                continue;
            }

            var dot = (region.CX * x) + (region.CY * y) + (region.CZ * z);
            if (dot > best)
            {
                best = dot;
                nearest = region;
            }
        }

        return nearest;
    }

    List<Region> OtherRegionsByDistance(Region home, double x, double y, double z)
    {
        var others = new List<Region>(_regions.Count);
        foreach (var region in _regions.Values)
        {
            if (region != home && region.Count > 0)
            {
                others.Add(region);
            }
        }

        others.Sort((a, b) => ((b.CX * x) + (b.CY * y) + (b.CZ * z)).CompareTo((a.CX * x) + (a.CY * y) + (a.CZ * z)));
        return others;
    }

    void Index(Node node)
    {
        var name = node.Registration.Region;
        if (!_regions.TryGetValue(name, out var region))
        {
            region = new Region(name);
            _regions.Add(name, region);
        }

        node.Region = region;
        region.Add(node);
        var center = CellCenter(node.CellKey);
        if (node.IsStorage)
        {
            region.Storage.Add(node, center);
            return;
        }

        region.Edges.Add(node, center);
        foreach (var title in node.Titles)
        {
            if (!region.ByTitle.TryGetValue(title, out var bucket))
            {
                bucket = new Bucket();
                region.ByTitle.Add(title, bucket);
            }

            bucket.Add(node, center);
        }
    }

    static void Unindex(Node node)
    {
        var region = node.Region;
        region.Remove(node);
        if (node.IsStorage)
        {
            region.Storage.Remove(node);
            return;
        }

        region.Edges.Remove(node);
        foreach (var title in node.Titles)
        {
            if (region.ByTitle.TryGetValue(title, out var bucket) && bucket.Remove(node) && bucket.Cells.Count == 0)
            {
                region.ByTitle.Remove(title);
            }
        }
    }

    long CellKey(double x, double y, double z)
    {
        static long Axis(double v, double size) => (long)Math.Floor((v + 1) / size) & 0x1FFFFF;
        return (Axis(x, _cellSize) << 42) | (Axis(y, _cellSize) << 21) | Axis(z, _cellSize);
    }

    (double X, double Y, double Z) CellCenter(long key)
    {
        double Axis(long i) => ((i + 0.5) * _cellSize) - 1;
        return (Axis((key >> 42) & 0x1FFFFF), Axis((key >> 21) & 0x1FFFFF), Axis(key & 0x1FFFFF));
    }

    static double Chord(double dx, double dy, double dz) => Math.Sqrt(Squared(dx, dy, dz));

    static double Squared(double dx, double dy, double dz) => (dx * dx) + (dy * dy) + (dz * dz);

    static ulong Hash(string value) => XxHash3.HashToUInt64(MemoryMarshal.AsBytes(value.AsSpan()));

    static double RendezvousScore(ulong titleHash, Node node)
    {
        // SplitMix64 finaliser over the pair, mapped into (0,1); weight = load headroom, floored so a busy node still ranks.
        var h = titleHash ^ node.IdHash;
        h = (h ^ (h >> 30)) * 0xBF58476D1CE4E5B9UL;
        h = (h ^ (h >> 27)) * 0x94D049BB133111EBUL;
        h ^= h >> 31;
        var u = ((h >> 11) + 0.5) / (1UL << 53);
        var weight = Math.Max(0.01, (100 - node.Load) / 100);
        return weight / -Math.Log(u);
    }

    record struct Candidate(Node Node, double Chord)
    {
        public double Score { get; set; }
    }

    readonly record struct Choice(Node Node, double Chord, SteeringTier Tier, int BandSize);

    record struct Search(double X, double Y, double Z, long NowTicks, int Stamp, ulong TitleHash);

    sealed class Node(string id, ulong idHash)
    {
        public string Id { get; } = id;
        public ulong IdHash { get; } = idHash;
        public EdgeNodeRegistration Registration { get; set; } = null!;
        public Region Region { get; set; } = null!;
        public long Version { get; set; } = long.MinValue;
        public double X;
        public double Y;
        public double Z;
        public long CellKey;
        public bool Online;
        public bool IsStorage;
        public bool FiguresOk;
        public double Load;
        public long ReportedTicks;
        public long BlockedUntilTicks;
        public int ExcludedStamp;
        public int HolderStamp;
        public EdgeHealthSample? Health { get; set; }
        public IReadOnlyList<DateTimeOffset> Failures { get; set; } = [];
        public HashSet<string> Titles { get; } = new(StringComparer.Ordinal);
    }

    sealed class Region(string name)
    {
        double _sx;
        double _sy;
        double _sz;

        public string Name { get; } = name;
        public int Count { get; private set; }
        public double CX { get; private set; }
        public double CY { get; private set; }
        public double CZ { get; private set; }
        public Bucket Storage { get; } = new();
        public Bucket Edges { get; } = new();
        public Dictionary<string, Bucket> ByTitle { get; } = new(StringComparer.Ordinal);

        public void Add(Node node) => Move(node, +1);

        public void Remove(Node node) => Move(node, -1);

        void Move(Node node, int sign)
        {
            _sx += sign * node.X;
            _sy += sign * node.Y;
            _sz += sign * node.Z;
            Count += sign;
            var norm = Math.Sqrt((_sx * _sx) + (_sy * _sy) + (_sz * _sz));
            (CX, CY, CZ) = norm > 1e-12 ? (_sx / norm, _sy / norm, _sz / norm) : (0, 0, 0);
        }
    }

    /// <summary>The nodes of one grid cell, with their positions in one flat array: distance checks read no node object.</summary>
    sealed class Cell(long key)
    {
        double[] _positions = new double[12];

        public long Key { get; } = key;
        public List<Node> Nodes { get; } = [];

        /// <summary>x, y, z of each node, in the order of <see cref="Nodes"/>.</summary>
        public ReadOnlySpan<double> Positions => _positions.AsSpan(0, Nodes.Count * 3);

        public void Add(Node node)
        {
            if (_positions.Length < (Nodes.Count + 1) * 3)
            {
                Array.Resize(ref _positions, _positions.Length * 2);
            }

            var at = Nodes.Count * 3;
            (_positions[at], _positions[at + 1], _positions[at + 2]) = (node.X, node.Y, node.Z);
            Nodes.Add(node);
        }

        public bool Remove(Node node)
        {
            var index = Nodes.IndexOf(node);
            if (index < 0)
            {
                return false;
            }

            var last = Nodes.Count - 1;
            Nodes[index] = Nodes[last];
            Array.Copy(_positions, last * 3, _positions, index * 3, 3);
            Nodes.RemoveAt(last);
            return true;
        }
    }

    /// <summary>Nodes of one index entry by cell; cell centres also sit in one flat array, so ordering cells reads memory in a row.</summary>
    sealed class Bucket
    {
        readonly Dictionary<long, Cell> _byKey = [];
        double[] _centers = new double[12];

        public List<Cell> Cells { get; } = [];

        /// <summary>x, y, z of each cell's centre, in the order of <see cref="Cells"/>.</summary>
        public ReadOnlySpan<double> Centers => _centers.AsSpan(0, Cells.Count * 3);

        public void Add(Node node, (double X, double Y, double Z) center)
        {
            if (!_byKey.TryGetValue(node.CellKey, out var cell))
            {
                cell = new Cell(node.CellKey);
                _byKey.Add(node.CellKey, cell);
                if (_centers.Length < (Cells.Count + 1) * 3)
                {
                    Array.Resize(ref _centers, _centers.Length * 2);
                }

                var at = Cells.Count * 3;
                (_centers[at], _centers[at + 1], _centers[at + 2]) = center;
                Cells.Add(cell);
            }

            cell.Add(node);
        }

        public bool Remove(Node node)
        {
            if (!_byKey.TryGetValue(node.CellKey, out var cell) || !cell.Remove(node))
            {
                return false;
            }

            if (cell.Nodes.Count == 0)
            {
                _byKey.Remove(cell.Key);
                var index = Cells.IndexOf(cell);
                var last = Cells.Count - 1;
                Cells[index] = Cells[last];
                Array.Copy(_centers, last * 3, _centers, index * 3, 3);
                Cells.RemoveAt(last);
            }

            return true;
        }
    }
}
