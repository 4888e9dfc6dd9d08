using System.Diagnostics.Contracts;

namespace Certus.Core.Numerics;

public readonly partial struct Interval
{
    private static readonly Interval MinusOneToOne = new(-1, 1, trusted: true);

    /// <summary>Arc sine over the members in its domain [−1, 1] (set semantics: members outside are ignored).</summary>
    /// <param name="x">The operand.</param>
    /// <returns>An enclosure of <c>{asin a : a ∈ x ∩ [−1, 1]}</c>, within [−π/2, π/2]; empty when no member is in the domain.</returns>
    [Pure]
    public static Interval Asin(Interval x)
    {
        Interval d = Intersect(x, MinusOneToOne);
        return d.IsEmpty ? Empty : Checked(Elementary.Asin(d._lo).Lo, Elementary.Asin(d._hi).Hi);
    }

    /// <summary>Arc cosine over the members in its domain [−1, 1] (set semantics).</summary>
    /// <param name="x">The operand.</param>
    /// <returns>An enclosure of <c>{acos a : a ∈ x ∩ [−1, 1]}</c>, within [0, π]; empty when no member is in the domain.</returns>
    [Pure]
    public static Interval Acos(Interval x)
    {
        Interval d = Intersect(x, MinusOneToOne);
        return d.IsEmpty ? Empty : Checked(Math.Max(Elementary.Acos(d._hi).Lo, 0), Elementary.Acos(d._lo).Hi);
    }

    /// <summary>Hyperbolic sine (increasing, defined everywhere).</summary>
    /// <param name="x">The operand.</param>
    /// <returns>An enclosure of <c>{sinh a : a ∈ x}</c>.</returns>
    [Pure]
    public static Interval Sinh(Interval x) =>
        x.IsEmpty ? Empty : Checked(
            double.IsNegativeInfinity(x._lo) ? double.NegativeInfinity : Elementary.Sinh(x._lo).Lo,
            double.IsPositiveInfinity(x._hi) ? double.PositiveInfinity : Elementary.Sinh(x._hi).Hi);

    /// <summary>Hyperbolic cosine (even, minimum 1 at 0).</summary>
    /// <param name="x">The operand.</param>
    /// <returns>An enclosure of <c>{cosh a : a ∈ x}</c>, within [1, +∞].</returns>
    [Pure]
    public static Interval Cosh(Interval x)
    {
        if (x.IsEmpty)
        {
            return Empty;
        }

        double m = x.Magnitude, g = x.Mignitude;
        double hi = double.IsPositiveInfinity(m) ? double.PositiveInfinity : Elementary.Cosh(m).Hi;
        return Checked(Elementary.Cosh(g).Lo, hi);
    }

    /// <summary>Base-2 exponential <c>2ˣ</c> (exact at integers in range).</summary>
    /// <param name="x">The operand.</param>
    /// <returns>An enclosure of <c>{2ᵃ : a ∈ x}</c>.</returns>
    [Pure]
    public static Interval Exp2(Interval x) =>
        x.IsEmpty ? Empty : Checked(
            double.IsNegativeInfinity(x._lo) ? 0 : Elementary.Exp2(x._lo).Lo,
            double.IsPositiveInfinity(x._hi) ? double.PositiveInfinity : Elementary.Exp2(x._hi).Hi);

    /// <summary>Base-10 exponential <c>10ˣ</c> (the tightest enclosure at integers).</summary>
    /// <param name="x">The operand.</param>
    /// <returns>An enclosure of <c>{10ᵃ : a ∈ x}</c>.</returns>
    [Pure]
    public static Interval Exp10(Interval x) =>
        x.IsEmpty ? Empty : Checked(
            double.IsNegativeInfinity(x._lo) ? 0 : Elementary.Exp10(x._lo).Lo,
            double.IsPositiveInfinity(x._hi) ? double.PositiveInfinity : Elementary.Exp10(x._hi).Hi);

    /// <summary>Base-2 logarithm over the positive members (set semantics, like <see cref="Log"/>); exact at powers of two.</summary>
    /// <param name="x">The operand.</param>
    /// <returns>An enclosure of <c>{log₂ a : a ∈ x, a &gt; 0}</c>.</returns>
    [Pure]
    public static Interval Log2(Interval x)
    {
        if (x.IsEmpty || x._hi <= 0)
        {
            return Empty;
        }

        double lo = x._lo <= 0 ? double.NegativeInfinity : Elementary.Log2(x._lo).Lo;
        return Checked(lo, Elementary.Log2(x._hi).Hi);
    }

    /// <summary>Base-10 logarithm over the positive members (set semantics); exact at 1, 10, …, 10²².</summary>
    /// <param name="x">The operand.</param>
    /// <returns>An enclosure of <c>{log₁₀ a : a ∈ x, a &gt; 0}</c>.</returns>
    [Pure]
    public static Interval Log10(Interval x)
    {
        if (x.IsEmpty || x._hi <= 0)
        {
            return Empty;
        }

        double lo = x._lo <= 0 ? double.NegativeInfinity : Elementary.Log10(x._lo).Lo;
        return Checked(lo, Elementary.Log10(x._hi).Hi);
    }

    /// <summary>
    /// The real n-th root (IEEE 1788 <c>rootn</c>): for odd n defined on all reals (<c>rootn(−8, 3) = −2</c>), for even
    /// n on the non-negative members; a negative n is the reciprocal of the |n|-th root (0 excluded); n = 0 is
    /// nowhere defined and gives the empty set.
    /// </summary>
    /// <param name="x">The operand.</param>
    /// <param name="n">The root index.</param>
    /// <returns>An enclosure of <c>{a^(1/n) : a ∈ x in the domain}</c>.</returns>
    [Pure]
    public static Interval Rootn(Interval x, int n)
    {
        if (x.IsEmpty || n == 0)
        {
            return Empty;
        }

        if (n < 0)
        {
            Interval r = n == int.MinValue ? Rootn(Rootn(x, 2), 1 << 30) : Rootn(x, -n);
            return One / r;
        }

        if (n == 1)
        {
            return x;
        }

        if ((n & 1) == 0)
        {
            if (x._hi < 0)
            {
                return Empty;
            }

            return Checked(x._lo <= 0 ? 0 : Elementary.Root(x._lo, n).Lo, Elementary.Root(x._hi, n).Hi);
        }

        return Checked(OddRootDown(x._lo, n), OddRootUp(x._hi, n));
    }

    private static double OddRootDown(double a, int n) => a >= 0 ? Elementary.Root(a, n).Lo : -Elementary.Root(-a, n).Hi;

    private static double OddRootUp(double a, int n) => a >= 0 ? Elementary.Root(a, n).Hi : -Elementary.Root(-a, n).Lo;

    /// <summary>Cube root, <c>rootn(x, 3)</c>.</summary>
    /// <param name="x">The operand.</param>
    /// <returns>An enclosure of <c>{∛a : a ∈ x}</c>.</returns>
    [Pure]
    public static Interval Cbrt(Interval x) => Rootn(x, 3);

    /// <summary><c>√(x² + y²)</c>, scaled by a power of two when the squares would overflow or underflow.</summary>
    /// <param name="x">One operand.</param>
    /// <param name="y">The other operand.</param>
    /// <returns>An enclosure of <c>{√(a² + b²) : a ∈ x, b ∈ y}</c>.</returns>
    [Pure]
    public static Interval Hypot(Interval x, Interval y)
    {
        if (x.IsEmpty || y.IsEmpty)
        {
            return Empty;
        }

        double m = Math.Max(x.Magnitude, y.Magnitude);
        if (m == 0)
        {
            return Zero;
        }

        int k = 0;
        if (double.IsFinite(m) && (m > 1e150 || m < 1e-150))
        {
            k = Math.ILogB(m);
        }

        if (k == 0)
        {
            return Sqrt(Sqr(x) + Sqr(y));
        }

        // Scaling by 2^-k is rounded outward by the product (members that become subnormal may lose bits); the
        // scale stays within 2^±1000 so that both factors are normal doubles (k reaches −1074 for subnormal m).
        int s = Math.Clamp(-k, -1000, 1000);
        Interval down = Point(Math.ScaleB(1.0, s)), up = Point(Math.ScaleB(1.0, -s));
        Interval r = Sqrt(Sqr(x * down) + Sqr(y * down));
        return r * up;
    }

    /// <summary>
    /// Two-argument arc tangent <c>atan2(y, x)</c>: the angle of the point (x, y) in (−π, π], over every point of the
    /// box except the origin (set semantics). A box that meets the negative x axis and has points below it spans
    /// the branch cut and gives [−π, π].
    /// </summary>
    /// <param name="y">The ordinate.</param>
    /// <param name="x">The abscissa.</param>
    /// <returns>An enclosure of <c>{atan2(b, a) : b ∈ y, a ∈ x, (a, b) ≠ (0, 0)}</c>; empty for the origin alone.</returns>
    [Pure]
    public static Interval Atan2(Interval y, Interval x)
    {
        if (x.IsEmpty || y.IsEmpty)
        {
            return Empty;
        }

        double pi = Pi._hi, halfPiLo = Elementary.HalfPiTight.Lo, halfPiHi = Elementary.HalfPiTight.Hi;
        var full = new Interval(-pi, pi, trusted: true);
        bool xHasZero = x._lo <= 0 && x._hi >= 0, yHasZero = y._lo <= 0 && y._hi >= 0;
        if (xHasZero && yHasZero)
        {
            // The box holds the origin; the angles of the points around it depend on which quadrants it reaches.
            bool left = x._lo < 0, right = x._hi > 0, below = y._lo < 0, above = y._hi > 0;
            if (!left && !right && !below && !above)
            {
                return Empty;
            }

            if (left && below)
            {
                // Points just below the negative x axis (angles near −π) and on it (π).
                return full;
            }

            // The directions (cos θ, sin θ) the box reaches from the origin: cos θ ≥ 0 unless it reaches left,
            // cos θ ≤ 0 unless it reaches right, and likewise for sin θ with below and above.
            double lo, hi;
            if (left)
            {
                lo = right ? 0 : (above ? halfPiLo : Pi._lo);
                hi = pi;
            }
            else if (below)
            {
                lo = -halfPiHi;
                hi = above ? halfPiHi : (right ? 0 : -halfPiLo);
            }
            else
            {
                lo = right ? 0 : halfPiLo;
                hi = above ? halfPiHi : 0;
            }

            return Checked(lo, hi);
        }

        if (x._hi < 0 && y._lo < 0 && y._hi >= 0)
        {
            // Across the branch cut on the negative x axis.
            return full;
        }

        // Elsewhere atan2 is continuous on the box and monotone along each edge: the extremes are at the corners
        // (an infinite corner coordinate is its limit; a corner at two infinities lies between its neighbours).
        double rlo = double.PositiveInfinity, rhi = double.NegativeInfinity;
        foreach (double b in (ReadOnlySpan<double>)[y._lo, y._hi])
        {
            foreach (double a in (ReadOnlySpan<double>)[x._lo, x._hi])
            {
                if (double.IsInfinity(a) && double.IsInfinity(b))
                {
                    continue;
                }

                Interval v = CornerAngle(b, a);
                rlo = Math.Min(rlo, v._lo);
                rhi = Math.Max(rhi, v._hi);
            }
        }

        return Checked(Math.Max(rlo, -pi), Math.Min(rhi, pi));
    }

    private static Interval CornerAngle(double b, double a)
    {
        if (double.IsPositiveInfinity(a))
        {
            return Zero;
        }

        if (double.IsNegativeInfinity(a))
        {
            return b < 0 ? -Pi : Pi;
        }

        if (double.IsInfinity(b))
        {
            return b > 0 ? Elementary.HalfPiTight : -Elementary.HalfPiTight;
        }

        return Elementary.Atan2(b, a);
    }
}
