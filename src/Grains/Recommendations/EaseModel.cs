using System.Buffers;
using System.Numerics;

namespace Marquee.Grains.Recommendations;

/// <summary>
/// EASE (Steck, 2019): a closed-form ridge regression of every title on every other title, with a zero diagonal.
/// B = I - P·diag(1/diag P), P = (XᵀX + λI)⁻¹. A profile's score for a title is the sum of the rows of B of the
/// titles it watched. Training is one dense inverse of the title-by-title Gram matrix, so the model covers at most
/// <c>maxItems</c> titles (the most watched): memory is 4·m² bytes and training O(m³).
/// </summary>
public sealed class EaseModel
{
    private readonly float[] _weights;
    private readonly int[] _easeOf;
    private readonly int[] _itemOf;

    private EaseModel(float[] weights, int[] easeOf, int[] itemOf, double lambda)
    {
        _weights = weights;
        _easeOf = easeOf;
        _itemOf = itemOf;
        Lambda = lambda;
    }

    /// <summary>Number of titles the model covers.</summary>
    public int Size => _itemOf.Length;

    /// <summary>The ridge penalty it was trained with.</summary>
    public double Lambda { get; }

    /// <summary>True when the title (dense index) is covered by the model.</summary>
    public bool Covers(int item) => item < _easeOf.Length && _easeOf[item] >= 0;

    /// <summary>Fits the model on the matrix.</summary>
    /// <param name="matrix">Interactions.</param>
    /// <param name="lambda">Ridge penalty on the diagonal; larger favours popular titles. 200-500 suits ML-100K.</param>
    /// <param name="maxItems">Cap on covered titles (the most watched are kept).</param>
    public static EaseModel Fit(InteractionMatrix matrix, double lambda, int maxItems)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(lambda);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxItems);

        var itemOf = Enumerable.Range(0, matrix.ItemCount)
            .Where(i => matrix.Popularity(i) > 0)
            .OrderByDescending(matrix.Popularity)
            .ThenBy(i => i)
            .Take(maxItems)
            .ToArray();
        var easeOf = new int[matrix.ItemCount];
        Array.Fill(easeOf, -1);
        for (var e = 0; e < itemOf.Length; e++)
        {
            easeOf[itemOf[e]] = e;
        }

        var m = itemOf.Length;
        if (m == 0)
        {
            return new EaseModel([], easeOf, itemOf, lambda);
        }

        // Gram matrix G = XᵀX (co-watch counts), symmetric, so row- and column-major are the same array.
        var gram = new double[m * m];
        var local = new List<int>();
        for (var u = 0; u < matrix.UserCount; u++)
        {
            local.Clear();
            foreach (var item in matrix.ItemsOf(u))
            {
                var e = easeOf[item];
                if (e >= 0)
                {
                    local.Add(e);
                }
            }

            foreach (var a in local)
            {
                var row = a * m;
                foreach (var b in local)
                {
                    gram[row + b] += 1.0;
                }
            }
        }

        for (var d = 0; d < m; d++)
        {
            gram[(d * m) + d] += lambda;
        }

        // XᵀX + λI is symmetric positive definite: Cholesky is the stable and cheap way to its inverse.
        SymmetricInverse.InvertInPlace(gram, m);
        var p = gram;

        // B[i,j] = -P[i,j] / P[j,j] off the diagonal, 0 on it. Row i of B is what watching i adds to each title j.
        var weights = new float[m * m];
        for (var i = 0; i < m; i++)
        {
            var row = i * m;
            for (var j = 0; j < m; j++)
            {
                weights[row + j] = i == j ? 0f : (float)(-p[row + j] / p[(j * m) + j]);
            }
        }

        return new EaseModel(weights, easeOf, itemOf, lambda);
    }

    /// <summary>Adds the model's score of every title, by dense index, for a profile that watched <paramref name="history"/>.</summary>
    /// <remarks>Titles outside the model get nothing added; the caller clears <paramref name="scores"/>.</remarks>
    public void Score(ReadOnlySpan<int> history, Span<float> scores)
    {
        var m = _itemOf.Length;
        if (m == 0)
        {
            return;
        }

        var buffer = ArrayPool<float>.Shared.Rent(m);
        try
        {
            var local = buffer.AsSpan(0, m);
            local.Clear();
            foreach (var item in history)
            {
                if (item < _easeOf.Length && _easeOf[item] is var e and >= 0)
                {
                    AddRow(_weights.AsSpan(e * m, m), local);
                }
            }

            for (var e = 0; e < m; e++)
            {
                scores[_itemOf[e]] += local[e];
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
        }
    }

    private static void AddRow(ReadOnlySpan<float> row, Span<float> into)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var width = Vector<float>.Count;
            for (; i <= row.Length - width; i += width)
            {
                (new Vector<float>(into[i..]) + new Vector<float>(row[i..])).CopyTo(into[i..]);
            }
        }

        for (; i < row.Length; i++)
        {
            into[i] += row[i];
        }
    }
}
