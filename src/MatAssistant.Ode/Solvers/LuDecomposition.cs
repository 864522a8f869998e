using System.Numerics;
using System.Runtime.CompilerServices;

namespace MatAssistant.Ode.Solvers;

/// <summary>
/// LU factorization with partial pivoting, dense and banded, over double or <see cref="Complex"/> (Radau IIA factors a
/// real and a complex shifted matrix on every new step size). Ours because it runs on every stiff step over
/// preallocated arrays, where a general library allocates a matrix per factorization; generic so that the real and
/// complex paths are one piece of code.
/// </summary>
internal static class LuDecomposition
{
    /// <summary>
    /// Factors the row-major n×n matrix <paramref name="a"/> in place (LAPACK getrf: whole rows are swapped, multipliers
    /// included); false when a pivot is zero or not finite.
    /// </summary>
    public static bool FactorDense<T>(T[] a, int n, int[] pivots)
        where T : struct, INumberBase<T>
    {
        for (var k = 0; k < n; k++)
        {
            // Column k: entry (i, k) at k + i·n.
            var pivot = Pivot(a, k, n - 1, k, n, out var best);
            if (best == 0 || !double.IsFinite(best))
            {
                return false;
            }

            pivots[k] = pivot;
            if (pivot != k)
            {
                for (var j = 0; j < n; j++)
                {
                    (a[(k * n) + j], a[(pivot * n) + j]) = (a[(pivot * n) + j], a[(k * n) + j]);
                }
            }

            var diagonal = a[(k * n) + k];
            for (var i = k + 1; i < n; i++)
            {
                var factor = a[(i * n) + k] /= diagonal;
                if (T.IsZero(factor))
                {
                    continue;
                }

                for (var j = k + 1; j < n; j++)
                {
                    a[(i * n) + j] -= factor * a[(k * n) + j];
                }
            }
        }

        return true;
    }

    /// <summary>Solves with <see cref="FactorDense{T}"/>'s factors, in place.</summary>
    public static void SolveDense<T>(T[] a, int n, int[] pivots, T[] b)
        where T : struct, INumberBase<T>
    {
        // Whole rows were swapped, multipliers included, so the permutation goes to b in full before the forward
        // substitution. Interleaving each swap with its column's elimination pairs multipliers moved by later swaps with
        // the wrong entries of b (POLLU: 20× the steps, Newton iterations that never converged).
        for (var k = 0; k < n; k++)
        {
            var p = pivots[k];
            if (p != k)
            {
                (b[k], b[p]) = (b[p], b[k]);
            }
        }

        for (var k = 0; k < n; k++)
        {
            var bk = b[k];
            if (T.IsZero(bk))
            {
                continue;
            }

            for (var i = k + 1; i < n; i++)
            {
                b[i] -= a[(i * n) + k] * bk;
            }
        }

        for (var i = n - 1; i >= 0; i--)
        {
            var sum = b[i];
            for (var j = i + 1; j < n; j++)
            {
                sum -= a[(i * n) + j] * b[j];
            }

            b[i] = sum / a[(i * n) + i];
        }
    }

    /// <summary>Row width of band storage for <paramref name="lower"/> sub- and <paramref name="upper"/> superdiagonals, room for pivoting's fill-in included.</summary>
    public static int BandWidth(int lower, int upper) => (2 * lower) + upper + 1;

    /// <summary>Index of entry (i, j), |j − i| within the band, in row-major band storage.</summary>
    public static int BandIndex(int i, int j, int lower, int upper) => (i * BandWidth(lower, upper)) + (j - i + lower);

    /// <summary>
    /// Factors a band matrix in place (LAPACK gbtrf's scheme, row-major): row i holds columns i − lower … i + upper + lower,
    /// the last <paramref name="lower"/> of them zero on entry (fill-in from row swaps). O(n·lower·(lower + upper)).
    /// Multipliers of column k stay where column k's elimination left them; later swaps move only columns ≥ their own.
    /// </summary>
    public static bool FactorBand<T>(T[] a, int n, int lower, int upper, int[] pivots)
        where T : struct, INumberBase<T>
    {
        var w = BandWidth(lower, upper);
        for (var k = 0; k < n; k++)
        {
            var last = Math.Min(n - 1, k + lower);
            var columnEnd = Math.Min(n - 1, k + upper + lower);
            // Column k: entry (i, k) at i·w + (k − i + lower) = (k + lower) + i·(w − 1).
            var pivot = Pivot(a, k, last, k + lower, w - 1, out var best);
            if (best == 0 || !double.IsFinite(best))
            {
                return false;
            }

            pivots[k] = pivot;
            if (pivot != k)
            {
                for (var j = k; j <= columnEnd; j++)
                {
                    var top = (k * w) + (j - k + lower);
                    var other = (pivot * w) + (j - pivot + lower);
                    (a[top], a[other]) = (a[other], a[top]);
                }
            }

            var diagonal = a[(k * w) + lower];
            for (var i = k + 1; i <= last; i++)
            {
                var row = i * w;
                var factor = a[row + (k - i + lower)] /= diagonal;
                if (T.IsZero(factor))
                {
                    continue;
                }

                for (var j = k + 1; j <= columnEnd; j++)
                {
                    a[row + (j - i + lower)] -= factor * a[(k * w) + (j - k + lower)];
                }
            }
        }

        return true;
    }

    /// <summary>Solves with <see cref="FactorBand{T}"/>'s factors, in place: each swap is applied just before its column's elimination.</summary>
    public static void SolveBand<T>(T[] a, int n, int lower, int upper, int[] pivots, T[] b)
        where T : struct, INumberBase<T>
    {
        var w = BandWidth(lower, upper);
        for (var k = 0; k < n; k++)
        {
            var p = pivots[k];
            if (p != k)
            {
                (b[k], b[p]) = (b[p], b[k]);
            }

            var bk = b[k];
            if (T.IsZero(bk))
            {
                continue;
            }

            var last = Math.Min(n - 1, k + lower);
            for (var i = k + 1; i <= last; i++)
            {
                b[i] -= a[(i * w) + (k - i + lower)] * bk;
            }
        }

        for (var i = n - 1; i >= 0; i--)
        {
            var sum = b[i];
            var end = Math.Min(n - 1, i + upper + lower);
            for (var j = i + 1; j <= end; j++)
            {
                sum -= a[(i * w) + (j - i + lower)] * b[j];
            }

            b[i] = sum / a[(i * w) + lower];
        }
    }

    /// <summary>The row in first…last whose entry, at offset + row·stride, is largest in magnitude.</summary>
    private static int Pivot<T>(T[] a, int first, int last, int offset, int stride, out double best)
        where T : struct, INumberBase<T>
    {
        var pivot = first;
        best = Magnitude(a[offset + (first * stride)]);
        for (var i = first + 1; i <= last; i++)
        {
            var value = Magnitude(a[offset + (i * stride)]);
            if (value > best)
            {
                best = value;
                pivot = i;
            }
        }

        return pivot;
    }

    // |re| + |im| for complex pivots (LAPACK's cabs1): as good a pivot order as the modulus, without the square root.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Magnitude<T>(T value)
        where T : struct, INumberBase<T>
    {
        if (typeof(T) == typeof(double))
        {
            return Math.Abs(Unsafe.As<T, double>(ref value));
        }

        if (typeof(T) == typeof(Complex))
        {
            var c = Unsafe.As<T, Complex>(ref value);
            return Math.Abs(c.Real) + Math.Abs(c.Imaginary);
        }

        throw new NotSupportedException($"LU over {typeof(T).Name}: only double and Complex");
    }
}
