namespace Marquee.Grains.Recommendations;

/// <summary>
/// Popularity, trending and context statistics per title: how many profiles watched it, how many interactions fall in
/// a window before a given moment (trending), and how its audience spreads over times of day and devices (the
/// context features of the ranker).
/// </summary>
public sealed class PopularityModel
{
    /// <summary>Times of day are compared in four six-hour buckets: night, morning, afternoon, evening.</summary>
    private const int HourBuckets = 4;

    /// <summary>Pseudo-count pulling a title's context distribution towards the global one.</summary>
    private const float ContextSmoothing = 20f;

    private readonly int[] _popularity;
    private readonly long[][] _ticks;
    private readonly int[] _ranked;
    private readonly float[] _hourCounts;
    private readonly float[] _hourShare;
    private readonly Dictionary<string, int> _deviceIndex;
    private readonly float[] _deviceCounts;
    private readonly float[] _deviceShare;
    private readonly float[] _contextTotals;
    private readonly int _interactions;
    private readonly int[] _activity;

    private PopularityModel(
        int[] popularity, long[][] ticks, int[] ranked, float[] hourCounts, float[] hourShare,
        Dictionary<string, int> deviceIndex, float[] deviceCounts, float[] deviceShare, float[] contextTotals, int interactions, int[] activity)
    {
        _popularity = popularity;
        _ticks = ticks;
        _ranked = ranked;
        _hourCounts = hourCounts;
        _hourShare = hourShare;
        _deviceIndex = deviceIndex;
        _deviceCounts = deviceCounts;
        _deviceShare = deviceShare;
        _contextTotals = contextTotals;
        _interactions = interactions;
        _activity = activity;
    }

    /// <summary>Titles by descending popularity (ties by index).</summary>
    public ReadOnlySpan<int> MostPopular => _ranked;

    /// <summary>Builds the statistics; <paramref name="interactions"/> are the ones the matrix was built from.</summary>
    public static PopularityModel Build(InteractionMatrix matrix, IEnumerable<Interaction> interactions)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        ArgumentNullException.ThrowIfNull(interactions);
        var n = matrix.ItemCount;
        var popularity = new int[n];
        for (var i = 0; i < n; i++)
        {
            popularity[i] = matrix.Popularity(i);
        }

        var ticks = new List<long>[n];
        var hourCounts = new float[n * HourBuckets];
        var hourTotals = new float[HourBuckets];
        var deviceIndex = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var devicePairs = new List<(int Item, int Device)>();
        var contextTotals = new float[n * 2];
        foreach (var interaction in interactions)
        {
            if (!matrix.TryGetItem(interaction.TitleId, out var item))
            {
                continue;
            }

            (ticks[item] ??= []).Add(interaction.At.UtcTicks);
            if (interaction.LocalHour is >= 0 and < 24)
            {
                var bucket = interaction.LocalHour / (24 / HourBuckets);
                hourCounts[(item * HourBuckets) + bucket]++;
                hourTotals[bucket]++;
                contextTotals[item * 2]++;
            }

            if (!string.IsNullOrEmpty(interaction.Device))
            {
                if (!deviceIndex.TryGetValue(interaction.Device, out var device))
                {
                    device = deviceIndex.Count;
                    deviceIndex.Add(interaction.Device, device);
                }

                devicePairs.Add((item, device));
                contextTotals[(item * 2) + 1]++;
            }
        }

        var devices = deviceIndex.Count;
        var deviceCounts = new float[n * devices];
        var deviceTotals = new float[devices];
        foreach (var (item, device) in devicePairs)
        {
            deviceCounts[(item * devices) + device]++;
            deviceTotals[device]++;
        }

        var sortedTicks = new long[n][];
        for (var i = 0; i < n; i++)
        {
            sortedTicks[i] = ticks[i] is { } list ? [.. list.Order()] : [];
        }

        var ranked = Enumerable.Range(0, n).OrderByDescending(i => popularity[i]).ThenBy(i => i).ToArray();
        var activity = Enumerable.Range(0, matrix.UserCount).Select(u => matrix.ItemsOf(u).Length).Order().ToArray();
        return new PopularityModel(
            popularity, sortedTicks, ranked, hourCounts, Normalise(hourTotals), deviceIndex, deviceCounts,
            Normalise(deviceTotals), contextTotals, matrix.Count, activity);
    }

    /// <summary>How many profiles watched the title.</summary>
    public int Popularity(int item) => item < _popularity.Length ? _popularity[item] : 0;

    /// <summary>
    /// Log of the title's share of all (profile, title) pairs: unlike a raw count it does not move when the model is
    /// trained on a sample of the data (as the ranker's training slice is).
    /// </summary>
    public float LogShare(int item) => MathF.Log((Popularity(item) + 1f) / (_interactions + 1f));

    /// <summary>Share of profiles that watched fewer titles than <paramref name="historyLength"/> (0..1).</summary>
    /// <remarks>Compares a history to the population the model was trained on, so it is stable across data sizes.</remarks>
    public float ActivityPercentile(int historyLength)
    {
        if (_activity.Length == 0)
        {
            return 0f;
        }

        int lo = 0, hi = _activity.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_activity[mid] < historyLength)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return (float)lo / _activity.Length;
    }

    /// <summary>Writes, for every title, the number of interactions in the window (now − window, now].</summary>
    public void TrendingCounts(DateTimeOffset now, TimeSpan window, Span<float> into)
    {
        var to = now.UtcTicks;
        var from = to - window.Ticks;
        var n = Math.Min(into.Length, _ticks.Length);
        for (var i = 0; i < n; i++)
        {
            var ticks = _ticks[i];
            if (ticks.Length == 0 || ticks[0] > to || ticks[^1] <= from)
            {
                into[i] = 0f;
                continue;
            }

            into[i] = UpperBound(ticks, to) - UpperBound(ticks, from);
        }
    }

    /// <summary>Days between the title's first interaction and <paramref name="now"/>; −1 when it had none by then.</summary>
    public float DaysSinceFirstSeen(int item, DateTimeOffset now)
    {
        if (item >= _ticks.Length || _ticks[item].Length == 0 || _ticks[item][0] > now.UtcTicks)
        {
            return -1f;
        }

        return (float)TimeSpan.FromTicks(now.UtcTicks - _ticks[item][0]).TotalDays;
    }

    /// <summary>
    /// How much more (&gt; 1) or less (&lt; 1) the title is watched at this time of day than titles in general;
    /// 1 when the hour or the data is unknown.
    /// </summary>
    public float HourFit(int item, int localHour)
    {
        if (localHour is < 0 or > 23 || item >= _popularity.Length)
        {
            return 1f;
        }

        var bucket = localHour / (24 / HourBuckets);
        return Lift(_hourCounts[(item * HourBuckets) + bucket], _contextTotals[item * 2], _hourShare[bucket]);
    }

    /// <summary>Same as <see cref="HourFit"/> for the device class.</summary>
    public float DeviceFit(int item, string? device)
    {
        if (string.IsNullOrEmpty(device) || item >= _popularity.Length || !_deviceIndex.TryGetValue(device, out var d))
        {
            return 1f;
        }

        var devices = _deviceIndex.Count;
        return Lift(_deviceCounts[(item * devices) + d], _contextTotals[(item * 2) + 1], _deviceShare[d]);
    }

    private static float Lift(float count, float total, float globalShare)
    {
        if (globalShare <= 0f)
        {
            return 1f;
        }

        var share = (count + (ContextSmoothing * globalShare)) / (total + ContextSmoothing);
        return share / globalShare;
    }

    private static float[] Normalise(float[] totals)
    {
        var sum = totals.Sum();
        return sum > 0 ? [.. totals.Select(t => t / sum)] : totals;
    }

    /// <summary>Index of the first element greater than <paramref name="value"/>.</summary>
    private static int UpperBound(long[] sorted, long value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] <= value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
