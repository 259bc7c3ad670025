using System.Numerics;
using System.Runtime.InteropServices;

namespace Marquee.Grains.Recommendations;

/// <summary>
/// Inverse of a symmetric positive definite matrix by Cholesky: A = L·Lᵀ, then A⁻¹ = L⁻ᵀ·L⁻¹. Written for EASE's
/// title-by-title Gram matrix: every step is a contiguous, vectorised dot product and the outer loops run in
/// parallel, which makes it several times faster than a general-purpose managed solver on this size (see
/// docs/recommendations.md). About n³/2 multiply-adds.
/// </summary>
internal static class SymmetricInverse
{
    /// <summary>Inverts the row-major n×n SPD matrix <paramref name="matrix"/> in place (it is overwritten by A⁻¹).</summary>
    /// <exception cref="ArgumentException">The matrix is not positive definite.</exception>
    public static void InvertInPlace(double[] matrix, int n)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        if (matrix.Length != n * n)
        {
            throw new ArgumentException("The matrix must be n×n.", nameof(matrix));
        }

        var lower = Cholesky(matrix, n);
        var inverseTransposed = InvertLowerTransposed(lower, n);

        // A⁻¹[i,j] = Σₖ M[k,i]·M[k,j] for k ≥ max(i,j), with M = L⁻¹ stored transposed (row i of Mᵀ is column i of M).
        Parallel.For(0, n, i =>
        {
            var rowI = inverseTransposed.AsSpan(i * n, n);
            for (var j = 0; j <= i; j++)
            {
                var value = Dot(rowI[i..], inverseTransposed.AsSpan((j * n) + i, n - i));
                matrix[(i * n) + j] = value;
                matrix[(j * n) + i] = value;
            }
        });
    }

    /// <summary>Lower Cholesky factor, row-major, computed column by column (each column's rows in parallel).</summary>
    private static double[] Cholesky(double[] a, int n)
    {
        var lower = new double[n * n];
        for (var j = 0; j < n; j++)
        {
            var rowJ = lower.AsSpan(j * n, j);
            var diagonal = a[(j * n) + j] - Dot(rowJ, rowJ);
            if (!(diagonal > 0))
            {
                throw new ArgumentException($"The matrix is not positive definite (pivot {j}).", nameof(a));
            }

            var pivot = Math.Sqrt(diagonal);
            lower[(j * n) + j] = pivot;
            var column = j;
            if (n - j > 64)
            {
                Parallel.For(j + 1, n, i => FillBelow(a, lower, n, column, pivot, i));
            }
            else
            {
                for (var i = j + 1; i < n; i++)
                {
                    FillBelow(a, lower, n, column, pivot, i);
                }
            }
        }

        return lower;
    }

    private static void FillBelow(double[] a, double[] lower, int n, int j, double pivot, int i) =>
        lower[(i * n) + j] = (a[(i * n) + j] - Dot(lower.AsSpan(i * n, j), lower.AsSpan(j * n, j))) / pivot;

    /// <summary>M = L⁻¹ (lower triangular), returned transposed: row j holds column j of M, from index j on.</summary>
    private static double[] InvertLowerTransposed(double[] lower, int n)
    {
        var result = new double[n * n];
        Parallel.For(0, n, j =>
        {
            var row = result.AsSpan(j * n, n);
            row[j] = 1.0 / lower[(j * n) + j];
            for (var i = j + 1; i < n; i++)
            {
                // M[i,j] = −(Σₖ L[i,k]·M[k,j] for j ≤ k < i) / L[i,i]
                row[i] = -Dot(lower.AsSpan((i * n) + j, i - j), row[j..i]) / lower[(i * n) + i];
            }
        });
        return result;
    }

    private static double Dot(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        var sum = 0.0;
        var i = 0;
        if (Vector.IsHardwareAccelerated && x.Length >= Vector<double>.Count * 2)
        {
            var vx = MemoryMarshal.Cast<double, Vector<double>>(x);
            var vy = MemoryMarshal.Cast<double, Vector<double>>(y[..x.Length]);
            var acc0 = Vector<double>.Zero;
            var acc1 = Vector<double>.Zero;
            var v = 0;
            for (; v + 1 < vx.Length; v += 2)
            {
                acc0 += vx[v] * vy[v];
                acc1 += vx[v + 1] * vy[v + 1];
            }

            for (; v < vx.Length; v++)
            {
                acc0 += vx[v] * vy[v];
            }

            sum = Vector.Sum(acc0 + acc1);
            i = vx.Length * Vector<double>.Count;
        }

        for (; i < x.Length; i++)
        {
            sum += x[i] * y[i];
        }

        return sum;
    }
}
