using System.Diagnostics.Contracts;

namespace Certus.Core.Numerics;

public readonly partial struct Interval
{
    // Reverse operations of IEEE 1788 (§10.5.4): op Rev(c, x) encloses the hull of {a ∈ x : op(a) ∈ c}, the
    // members of x that an operation can map into c. Contractors use them to shrink x from a constraint op(x) ∈ c.

    /// <summary>Reverse square: the hull of <c>{a ∈ x : a² ∈ c}</c>.</summary>
    /// <param name="c">The set the square must land in.</param>
    /// <param name="x">The candidates; <see cref="Entire"/> for the unconstrained preimage.</param>
    /// <returns>An enclosure of the hull (possibly empty).</returns>
    [Pure]
    public static Interval SqrRev(Interval c, Interval x) => EvenRootRev(Sqrt(c), x);

    /// <summary>Reverse square with no prior: the hull of <c>{a : a² ∈ c}</c>.</summary>
    /// <param name="c">The set the square must land in.</param>
    /// <returns>An enclosure of the hull.</returns>
    [Pure]
    public static Interval SqrRev(Interval c) => SqrRev(c, Entire);

    /// <summary>Reverse absolute value: the hull of <c>{a ∈ x : |a| ∈ c}</c> (exact).</summary>
    /// <param name="c">The set the absolute value must land in.</param>
    /// <param name="x">The candidates.</param>
    /// <returns>The hull (possibly empty).</returns>
    [Pure]
    public static Interval AbsRev(Interval c, Interval x) => EvenRootRev(Intersect(c, new Interval(0, double.PositiveInfinity, trusted: true)), x);

    /// <summary>Reverse absolute value with no prior: the hull of <c>{a : |a| ∈ c}</c>.</summary>
    /// <param name="c">The set the absolute value must land in.</param>
    /// <returns>The hull.</returns>
    [Pure]
    public static Interval AbsRev(Interval c) => AbsRev(c, Entire);

    // The hull of x ∩ (r ∪ −r) for a non-negative r.
    private static Interval EvenRootRev(Interval r, Interval x)
    {
        if (r.IsEmpty || x.IsEmpty)
        {
            return Empty;
        }

        return Hull(Intersect(r, x), Intersect(-r, x));
    }

    /// <summary>Reverse integer power (<c>pownRev</c>): the hull of <c>{a ∈ x : aⁿ ∈ c}</c>.</summary>
    /// <param name="c">The set the power must land in.</param>
    /// <param name="x">The candidates.</param>
    /// <param name="n">The exponent, any integer (n = 0: x when 1 ∈ c, else empty).</param>
    /// <returns>An enclosure of the hull.</returns>
    [Pure]
    public static Interval PownRev(Interval c, Interval x, int n)
    {
        if (c.IsEmpty || x.IsEmpty)
        {
            return Empty;
        }

        if (n == 0)
        {
            return c.Contains(1) ? x : Empty;
        }

        if (n == int.MinValue)
        {
            // The preimage lies in x; no tighter answer is attempted for this exponent.
            return x;
        }

        if (n < 0)
        {
            // aⁿ = 1 / a⁻ⁿ is never 0: aⁿ ∈ c exactly when a⁻ⁿ ∈ {1/t : t ∈ c, t ≠ 0}, enclosed by 1 / c.
            return PownRev(One / c, x, -n);
        }

        if ((n & 1) == 1)
        {
            return Intersect(x, Rootn(c, n));
        }

        return EvenRootRev(Rootn(c, n), x);
    }

    /// <summary>Reverse integer power with no prior.</summary>
    /// <param name="c">The set the power must land in.</param>
    /// <param name="n">The exponent.</param>
    /// <returns>An enclosure of the hull of <c>{a : aⁿ ∈ c}</c>.</returns>
    [Pure]
    public static Interval PownRev(Interval c, int n) => PownRev(c, Entire, n);

    /// <summary>
    /// Reverse multiplication as two intervals (<c>mulRevToPair</c>): <c>{a : a·b ∈ c for some b ∈ b}</c> is the
    /// union of the pair, the lower part first, the second empty unless b has 0 strictly inside and c excludes 0.
    /// </summary>
    /// <param name="b">The known factor.</param>
    /// <param name="c">The set the product must land in.</param>
    /// <returns>The two parts (both empty when no a exists).</returns>
    [Pure]
    public static (Interval First, Interval Second) MulRevToPair(Interval b, Interval c)
    {
        if (b.IsEmpty || c.IsEmpty)
        {
            return (Empty, Empty);
        }

        bool bHasZero = b._lo <= 0 && b._hi >= 0, cHasZero = c._lo <= 0 && c._hi >= 0;
        if (bHasZero && cHasZero)
        {
            // a · 0 = 0 ∈ c for every a.
            return (Entire, Empty);
        }

        if (b._lo < 0 && b._hi > 0)
        {
            // c excludes 0: the quotients over b < 0 and b > 0 lie on the two sides of 0.
            if (c._lo > 0)
            {
                return (Checked(double.NegativeInfinity, DirectedRounding.DivUp(c._lo, b._lo)), Checked(DirectedRounding.DivDown(c._lo, b._hi), double.PositiveInfinity));
            }

            return (Checked(double.NegativeInfinity, DirectedRounding.DivUp(c._hi, b._hi)), Checked(DirectedRounding.DivDown(c._hi, b._lo), double.PositiveInfinity));
        }

        return (c / b, Empty);
    }

    /// <summary>Reverse multiplication: the hull of <c>{a ∈ x : a·b ∈ c for some b ∈ b}</c>.</summary>
    /// <param name="b">The known factor.</param>
    /// <param name="c">The set the product must land in.</param>
    /// <param name="x">The candidates.</param>
    /// <returns>An enclosure of the hull.</returns>
    [Pure]
    public static Interval MulRev(Interval b, Interval c, Interval x)
    {
        (Interval first, Interval second) = MulRevToPair(b, c);
        return Hull(Intersect(first, x), Intersect(second, x));
    }

    /// <summary>Reverse sine: the hull of <c>{a ∈ x : sin a ∈ c}</c>.</summary>
    /// <param name="c">The set the sine must land in.</param>
    /// <param name="x">The candidates; an unbounded or huge x (beyond 10¹⁵) is returned as it is when c reaches the sine's range.</param>
    /// <returns>An enclosure of the hull.</returns>
    [Pure]
    public static Interval SinRev(Interval c, Interval x)
    {
        Interval d = Intersect(c, MinusOneToOne);
        if (d.IsEmpty || x.IsEmpty)
        {
            return Empty;
        }

        // sin a ∈ d ⇔ a ∈ asin(d) + 2kπ or a ∈ π − asin(d) + 2kπ.
        Interval a = Asin(d);
        return PeriodicRev(x, a, Pi - a, Point(2) * Pi);
    }

    /// <summary>Reverse cosine: the hull of <c>{a ∈ x : cos a ∈ c}</c>.</summary>
    /// <param name="c">The set the cosine must land in.</param>
    /// <param name="x">The candidates (see <see cref="SinRev(Interval, Interval)"/> for unbounded ones).</param>
    /// <returns>An enclosure of the hull.</returns>
    [Pure]
    public static Interval CosRev(Interval c, Interval x)
    {
        Interval d = Intersect(c, MinusOneToOne);
        if (d.IsEmpty || x.IsEmpty)
        {
            return Empty;
        }

        // cos a ∈ d ⇔ a ∈ ±acos(d) + 2kπ.
        Interval a = Acos(d);
        return PeriodicRev(x, a, -a, Point(2) * Pi);
    }

    /// <summary>Reverse tangent: the hull of <c>{a ∈ x : tan a ∈ c}</c> (the poles are never members).</summary>
    /// <param name="c">The set the tangent must land in.</param>
    /// <param name="x">The candidates (see <see cref="SinRev(Interval, Interval)"/> for unbounded ones).</param>
    /// <returns>An enclosure of the hull.</returns>
    [Pure]
    public static Interval TanRev(Interval c, Interval x)
    {
        if (c.IsEmpty || x.IsEmpty)
        {
            return Empty;
        }

        // tan a ∈ c ⇔ a ∈ atan(c) + kπ (atan's closure adds the poles ±π/2, a sound over-approximation).
        Interval a = Atan(c);
        return PeriodicRev(x, a, a, Pi);
    }

    // The hull of x ∩ ⋃ₖ (b1 + k·p ∪ b2 + k·p) for branch enclosures b1, b2 within one period p of 0: scans k upward
    // from the left end of x and downward from its right end to the first branch that meets x.
    private static Interval PeriodicRev(Interval x, Interval b1, Interval b2, Interval period)
    {
        if (b1.IsEmpty && b2.IsEmpty)
        {
            return Empty;
        }

        if (!x.IsBounded || x.Magnitude > 1e15)
        {
            return x;
        }

        Interval turns = x / period;
        long kLo = (long)Math.Floor(turns._lo) - 2, kHi = (long)Math.Ceiling(turns._hi) + 2;
        double lo = double.NaN, hi = double.NaN;
        for (long k = kLo; k <= kHi && double.IsNaN(lo); k++)
        {
            Interval shift = Point(k) * period;
            Interval hit = Hull(Intersect(b1 + shift, x), Intersect(b2 + shift, x));
            if (!hit.IsEmpty)
            {
                lo = hit._lo;
            }
        }

        if (double.IsNaN(lo))
        {
            return Empty;
        }

        for (long k = kHi; k >= kLo && double.IsNaN(hi); k--)
        {
            Interval shift = Point(k) * period;
            Interval hit = Hull(Intersect(b1 + shift, x), Intersect(b2 + shift, x));
            if (!hit.IsEmpty)
            {
                hi = hit._hi;
            }
        }

        return Checked(lo, hi);
    }
}
