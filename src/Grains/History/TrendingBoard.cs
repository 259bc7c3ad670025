using Marquee.History;

namespace Marquee.Grains.History;

/// <summary>
/// Per-title popularity with exponential time decay: a play adds its weight, and every score halves each half-life.
/// </summary>
/// <remarks>
/// Scores are kept as their value at a reference time (the epoch): a play at time t adds w * 2^((t - epoch) / halfLife),
/// and the score now is that sum times 2^(-(now - epoch) / halfLife). So adding is O(1), nothing is rewritten as time
/// passes, and since decay multiplies every score by the same factor the ranking only changes when a play is added:
/// the sorted list is cached until then. The epoch moves forward (rescaling every score, dropping the negligible ones)
/// before the exponent gets large enough to lose precision.
/// </remarks>
public sealed class TrendingBoard
{
    /// <summary>Half-lives after which the epoch is moved forward.</summary>
    const double RebaseAfterHalfLives = 16;

    /// <summary>A score below this (in plays now) is dropped when the epoch moves.</summary>
    const double Negligible = 1e-4;

    readonly double _halfLifeSeconds;
    readonly Dictionary<string, double> _scores;
    KeyValuePair<string, double>[]? _ranked;

    public TrendingBoard(TimeSpan halfLife, DateTimeOffset epoch, IReadOnlyDictionary<string, double>? scores = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(halfLife, TimeSpan.Zero);
        _halfLifeSeconds = halfLife.TotalSeconds;
        Epoch = epoch;
        _scores = scores is null ? new(StringComparer.Ordinal) : new(scores, StringComparer.Ordinal);
    }

    /// <summary>The reference time the stored scores are valued at.</summary>
    public DateTimeOffset Epoch { get; private set; }

    /// <summary>Each title's score valued at <see cref="Epoch"/>: what is saved, and restored with the constructor.</summary>
    public IReadOnlyDictionary<string, double> ScoresAtEpoch => _scores;

    public int Count => _scores.Count;

    /// <summary>Counts a play of a title at <paramref name="at"/> (a time after <paramref name="now"/> counts as now).</summary>
    public void Add(string titleId, DateTimeOffset at, double weight, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(titleId);
        if (weight <= 0 || !double.IsFinite(weight))
        {
            return;
        }

        if (HalfLivesBetween(Epoch, now) > RebaseAfterHalfLives)
        {
            Rebase(now);
        }

        var when = at > now ? now : at;
        var value = weight * Math.Pow(2, HalfLivesBetween(Epoch, when));
        if (value * Math.Pow(2, -HalfLivesBetween(Epoch, now)) < Negligible)
        {
            return;
        }

        _scores[titleId] = _scores.GetValueOrDefault(titleId) + value;
        _ranked = null;
    }

    /// <summary>The best <paramref name="limit"/> titles with their scores now, best first (ties by title id).</summary>
    public IReadOnlyList<TrendingTitle> Top(int limit, DateTimeOffset now)
    {
        _ranked ??= [.. _scores.OrderByDescending(s => s.Value).ThenBy(s => s.Key, StringComparer.Ordinal)];
        var factor = Math.Pow(2, -HalfLivesBetween(Epoch, now));
        var top = new List<TrendingTitle>(Math.Min(limit, _ranked.Length));
        for (var i = 0; i < _ranked.Length && top.Count < limit; i++)
        {
            top.Add(new TrendingTitle(i + 1, _ranked[i].Key, _ranked[i].Value * factor));
        }

        return top;
    }

    double HalfLivesBetween(DateTimeOffset from, DateTimeOffset to) => (to - from).TotalSeconds / _halfLifeSeconds;

    void Rebase(DateTimeOffset now)
    {
        var factor = Math.Pow(2, -HalfLivesBetween(Epoch, now));
        foreach (var (titleId, value) in _scores.ToArray())
        {
            var rescaled = value * factor;
            if (rescaled < Negligible)
            {
                _scores.Remove(titleId);
            }
            else
            {
                _scores[titleId] = rescaled;
            }
        }

        Epoch = now;
        _ranked = null;
    }
}
