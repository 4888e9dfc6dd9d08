using Certus.Core.Numerics;
using static Certus.Core.Numerics.DirectedRounding;

namespace Certus.Reach.Flow;

/// <summary>
/// The small dense linear algebra of the Lohner method: interval matrix products (every bound outward rounded), a
/// Householder QR on doubles that only chooses a coordinate frame, and a verified enclosure of the inverse of that
/// frame. (Hand-written because the matrices are tiny and Certus.Reach takes no package dependency; MathNet's QR
/// could choose the frame equally well, since the frame never affects soundness.)
/// </summary>
internal static class IntervalMatrices
{
    private static bool IsZero(Interval x) => x.Lo == 0 && x.Hi == 0;

    // x · c for a double c: two directed products instead of the four of a general interval product.
    public static Interval Scale(Interval x, double c)
    {
        if (c >= 0)
        {
            return new Interval(MulDown(x.Lo, c), MulUp(x.Hi, c));
        }

        return new Interval(MulDown(x.Hi, c), MulUp(x.Lo, c));
    }

    public static Interval[,] Identity(int n)
    {
        var m = new Interval[n, n];
        for (int i = 0; i < n; i++)
        {
            m[i, i] = Interval.One;
        }

        return m;
    }

    public static Interval[,] Multiply(Interval[,] a, Interval[,] b)
    {
        int n = a.GetLength(0), k = a.GetLength(1), p = b.GetLength(1);
        var r = new Interval[n, p];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < p; j++)
            {
                Interval s = Interval.Zero;
                for (int l = 0; l < k; l++)
                {
                    if (!IsZero(a[i, l]) && !IsZero(b[l, j]))
                    {
                        s += a[i, l] * b[l, j];
                    }
                }

                r[i, j] = s;
            }
        }

        return r;
    }

    public static Interval[,] Multiply(Interval[,] a, double[,] b)
    {
        int n = a.GetLength(0), k = a.GetLength(1), p = b.GetLength(1);
        var r = new Interval[n, p];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < p; j++)
            {
                Interval s = Interval.Zero;
                for (int l = 0; l < k; l++)
                {
                    if (b[l, j] != 0 && !IsZero(a[i, l]))
                    {
                        s += Scale(a[i, l], b[l, j]);
                    }
                }

                r[i, j] = s;
            }
        }

        return r;
    }

    public static Interval[,] Subtract(Interval[,] a, double[,] b)
    {
        int n = a.GetLength(0), p = a.GetLength(1);
        var r = new Interval[n, p];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < p; j++)
            {
                r[i, j] = a[i, j] - new Interval(b[i, j]);
            }
        }

        return r;
    }

    public static Interval[] Multiply(Interval[,] a, Interval[] x)
    {
        int n = a.GetLength(0), k = a.GetLength(1);
        var r = new Interval[n];
        for (int i = 0; i < n; i++)
        {
            Interval s = Interval.Zero;
            for (int l = 0; l < k; l++)
            {
                if (!IsZero(a[i, l]) && !IsZero(x[l]))
                {
                    s += a[i, l] * x[l];
                }
            }

            r[i] = s;
        }

        return r;
    }

    public static Interval[] Multiply(double[,] a, Interval[] x)
    {
        int n = a.GetLength(0), k = a.GetLength(1);
        var r = new Interval[n];
        for (int i = 0; i < n; i++)
        {
            Interval s = Interval.Zero;
            for (int l = 0; l < k; l++)
            {
                if (a[i, l] != 0)
                {
                    s += Scale(x[l], a[i, l]);
                }
            }

            r[i] = s;
        }

        return r;
    }

    // Σ_k M_k τ^k by Horner's scheme on interval matrices.
    public static Interval[,] Horner(Interval[][,] m, Interval tau)
    {
        int n = m[0].GetLength(0), p = m[0].GetLength(1);
        var acc = (Interval[,])m[^1].Clone();
        for (int k = m.Length - 2; k >= 0; k--)
        {
            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j < p; j++)
                {
                    acc[i, j] = (acc[i, j] * tau) + m[k][i, j];
                }
            }
        }

        return acc;
    }

    public static double[,] Midpoint(Interval[,] a)
    {
        int n = a.GetLength(0), p = a.GetLength(1);
        var r = new double[n, p];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < p; j++)
            {
                r[i, j] = a[i, j].Midpoint;
            }
        }

        return r;
    }

    /// <summary>
    /// An orthogonal frame for the columns of <paramref name="m"/>: Q of a Householder QR of <paramref name="m"/> with
    /// its columns sorted by decreasing <c>‖column‖₂ · weight</c> (Lohner's choice, so that the longest edges of the
    /// parallelepiped are kept first; ties, such as all weights 0, by the column norm). Doubles only; <c>null</c> when an entry is not finite.
    /// </summary>
    public static double[,]? OrthogonalFrame(double[,] m, double[] weights)
    {
        int n = m.GetLength(0);
        var key = new double[n];
        for (int j = 0; j < n; j++)
        {
            double norm = 0;
            for (int i = 0; i < n; i++)
            {
                norm += m[i, j] * m[i, j];
            }

            key[j] = Math.Sqrt(norm) * weights[j];
            if (!double.IsFinite(key[j]))
            {
                return null;
            }
        }

        var norms = new double[n];
        for (int j = 0; j < n; j++)
        {
            for (int i = 0; i < n; i++)
            {
                norms[j] += m[i, j] * m[i, j];
            }
        }

        int[] order = [.. Enumerable.Range(0, n).OrderByDescending(j => key[j]).ThenByDescending(j => norms[j])];
        var r = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                r[i, j] = m[i, order[j]];
            }
        }

        var q = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            q[i, i] = 1;
        }

        var v = new double[n];
        for (int k = 0; k < n - 1; k++)
        {
            double norm = 0;
            for (int i = k; i < n; i++)
            {
                norm += r[i, k] * r[i, k];
            }

            norm = Math.Sqrt(norm);
            if (norm == 0)
            {
                continue;
            }

            double alpha = r[k, k] > 0 ? -norm : norm;
            double vv = 0;
            for (int i = k; i < n; i++)
            {
                v[i] = r[i, k] - (i == k ? alpha : 0);
                vv += v[i] * v[i];
            }

            if (vv == 0)
            {
                continue;
            }

            ReflectRows(r, v, vv, k);
            ReflectColumns(q, v, vv, k);
        }

        return q;
    }

    /// <summary><c>a ← H·a</c> on columns k.. with the Householder reflector <c>H = I − 2 v vᵀ / vv</c> (v zero above k).</summary>
    internal static void ReflectRows(double[,] a, double[] v, double vv, int k)
    {
        int n = a.GetLength(0), m = a.GetLength(1);
        for (int j = k; j < m; j++)
        {
            double d = 0;
            for (int i = k; i < n; i++)
            {
                d += v[i] * a[i, j];
            }

            double f = 2 * d / vv;
            for (int i = k; i < n; i++)
            {
                a[i, j] -= f * v[i];
            }
        }
    }

    /// <summary><c>q ← q·H</c> with the Householder reflector <c>H = I − 2 v vᵀ / vv</c> (v zero above k).</summary>
    internal static void ReflectColumns(double[,] q, double[] v, double vv, int k)
    {
        int n = q.GetLength(0), m = q.GetLength(1);
        for (int i = 0; i < n; i++)
        {
            double d = 0;
            for (int l = k; l < m; l++)
            {
                d += q[i, l] * v[l];
            }

            double f = 2 * d / vv;
            for (int l = k; l < m; l++)
            {
                q[i, l] -= f * v[l];
            }
        }
    }

    /// <summary>
    /// A verified enclosure of <c>Q⁻¹</c> for a nearly orthogonal double matrix: with <c>C = Qᵀ</c> and
    /// <c>E = I − C Q</c> enclosed in interval arithmetic, <c>‖E‖∞ &lt; 1</c> proves Q invertible and
    /// <c>Q⁻¹ = (I − E)⁻¹ C = C + E (I − E)⁻¹ C</c>, so every entry of <c>Q⁻¹ − C</c> is at most
    /// <c>‖E‖∞ ‖C‖∞ / (1 − ‖E‖∞)</c> (rounded upward). <c>null</c> when <c>‖E‖∞ ≥ 1/2</c>.
    /// </summary>
    public static Interval[,]? InverseOfFrame(double[,] q)
    {
        int n = q.GetLength(0);
        double normE = 0, normC = 0;
        for (int i = 0; i < n; i++)
        {
            double rowE = 0, rowC = 0;
            for (int j = 0; j < n; j++)
            {
                Interval s = i == j ? Interval.One : Interval.Zero;
                for (int l = 0; l < n; l++)
                {
                    // C[i, l] = q[l, i].
                    s -= new Interval(q[l, i]) * new Interval(q[l, j]);
                }

                rowE = AddUp(rowE, s.Magnitude);
                rowC = AddUp(rowC, Math.Abs(q[j, i]));
            }

            normE = Math.Max(normE, rowE);
            normC = Math.Max(normC, rowC);
        }

        if (!(normE < 0.5))
        {
            return null;
        }

        double delta = DivUp(MulUp(normE, normC), SubDown(1, normE));
        var inv = new Interval[n, n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                inv[i, j] = Interval.FromMidRadius(q[j, i], delta);
            }
        }

        return inv;
    }
}
