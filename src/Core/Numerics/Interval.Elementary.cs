using System.Diagnostics.Contracts;
using static Certus.Core.Numerics.DirectedRounding;

namespace Certus.Core.Numerics;

public readonly partial struct Interval
{
    /// <summary>Square root over the non-negative members (set semantics: empty when no member is ≥ 0).</summary>
    /// <param name="x">The operand.</param>
    /// <returns>An enclosure of <c>{√a : a ∈ x, a ≥ 0}</c>.</returns>
    [Pure]
    public static Interval Sqrt(Interval x)
    {
        if (x.IsEmpty || x._hi < 0)
        {
            return Empty;
        }

        double lo = x._lo <= 0 ? 0 : SqrtDown(x._lo);
        return Checked(lo, SqrtUp(x._hi));
    }

    /// <summary>Exponential, rigorous (see the remarks on <see cref="Interval"/>).</summary>
    /// <param name="x">The operand.</param>
    /// <returns>An enclosure of <c>{eᵃ : a ∈ x}</c>.</returns>
    [Pure]
    public static Interval Exp(Interval x) =>
        x.IsEmpty ? Empty : Checked(Elementary.Exp(x._lo).Lo, Elementary.Exp(x._hi).Hi);

    /// <summary><c>eˣ − 1</c>, accurate near zero.</summary>
    /// <param name="x">The operand.</param>
    /// <returns>An enclosure of <c>{eᵃ − 1 : a ∈ x}</c>.</returns>
    [Pure]
    public static Interval Expm1(Interval x) =>
        x.IsEmpty ? Empty : Checked(double.IsNegativeInfinity(x._lo) ? -1 : Elementary.Expm1(x._lo).Lo, Elementary.Expm1(x._hi).Hi);

    /// <summary>Natural logarithm over the positive members (set semantics).</summary>
    /// <param name="x">The operand.</param>
    /// <returns>An enclosure of <c>{ln a : a ∈ x, a &gt; 0}</c>; −∞ as lower end when 0 is a limit of members.</returns>
    [Pure]
    public static Interval Log(Interval x)
    {
        if (x.IsEmpty || x._hi <= 0)
        {
            return Empty;
        }

        double lo = x._lo <= 0 ? double.NegativeInfinity : Elementary.Log(x._lo).Lo;
        return Checked(lo, Elementary.Log(x._hi).Hi);
    }

    /// <summary>Arc tangent.</summary>
    /// <param name="x">The operand.</param>
    /// <returns>An enclosure of <c>{atan a : a ∈ x}</c>.</returns>
    [Pure]
    public static Interval Atan(Interval x) =>
        x.IsEmpty ? Empty : Checked(Elementary.Atan(x._lo).Lo, Elementary.Atan(x._hi).Hi);

    /// <summary>Hyperbolic tangent.</summary>
    /// <param name="x">The operand.</param>
    /// <returns>An enclosure of <c>{tanh a : a ∈ x}</c>, within [−1, 1].</returns>
    [Pure]
    public static Interval Tanh(Interval x) =>
        x.IsEmpty ? Empty : Checked(double.IsNegativeInfinity(x._lo) ? -1 : Elementary.Tanh(x._lo).Lo, double.IsPositiveInfinity(x._hi) ? 1 : Elementary.Tanh(x._hi).Hi);

    /// <summary>Logistic sigmoid <c>1 / (1 + e⁻ˣ)</c>.</summary>
    /// <param name="x">The operand.</param>
    /// <returns>An enclosure of the sigmoid over the members, within [0, 1].</returns>
    [Pure]
    public static Interval Sigmoid(Interval x) =>
        x.IsEmpty ? Empty : Checked(double.IsNegativeInfinity(x._lo) ? 0 : Elementary.Sigmoid(x._lo).Lo, double.IsPositiveInfinity(x._hi) ? 1 : Elementary.Sigmoid(x._hi).Hi);

    /// <summary>Sine. Monotone between critical points, which are located with a rigorous enclosure of π/2.</summary>
    /// <param name="x">The operand.</param>
    /// <returns>An enclosure of <c>{sin a : a ∈ x}</c>.</returns>
    [Pure]
    public static Interval Sin(Interval x) => Trig(x, cosine: false);

    /// <summary>Cosine.</summary>
    /// <param name="x">The operand.</param>
    /// <returns>An enclosure of <c>{cos a : a ∈ x}</c>.</returns>
    [Pure]
    public static Interval Cos(Interval x) => Trig(x, cosine: true);

    /// <summary>Tangent; <see cref="Entire"/> only when the interval contains a pole kπ + π/2 (or, for arguments
    /// beyond 1.5·10¹⁵, when that cannot be decided).</summary>
    /// <param name="x">The operand.</param>
    /// <returns>An enclosure of <c>{tan a : a ∈ x}</c>.</returns>
    [Pure]
    public static Interval Tan(Interval x)
    {
        if (x.IsEmpty)
        {
            return Empty;
        }

        if (x.IsPoint)
        {
            return Elementary.Tan(x._lo);
        }

        // tan is increasing on each branch (mπ − π/2, mπ + π/2); the interval holds a pole exactly when its
        // endpoints lie on different branches, which the rigorous argument reduction decides (a double is never
        // a pole, π/2 being irrational).
        if (!x.IsBounded || !Elementary.TryTanBranch(x._lo, out long first) || !Elementary.TryTanBranch(x._hi, out long last) || first != last)
        {
            return Entire;
        }

        return Checked(Elementary.Tan(x._lo).Lo, Elementary.Tan(x._hi).Hi);
    }

    private static readonly Interval UnitRange = new(-1, 1, trusted: true);

    private static Interval Trig(Interval x, bool cosine)
    {
        if (x.IsEmpty)
        {
            return Empty;
        }

        Interval a = cosine ? Elementary.Cos(x._lo) : Elementary.Sin(x._lo);
        if (x.IsPoint)
        {
            return a;
        }

        if (!TryCriticalRange(x, out long first, out long last))
        {
            return UnitRange;
        }

        Interval b = cosine ? Elementary.Cos(x._hi) : Elementary.Sin(x._hi);
        double lo = Math.Min(a.Lo, b.Lo), hi = Math.Max(a.Hi, b.Hi);
        // Extrema at j·π/2: sine has its maximum where j ≡ 1 (mod 4) and its minimum where j ≡ 3;
        // cosine its maximum where j ≡ 0 and its minimum where j ≡ 2.
        for (long j = first; j <= last; j++)
        {
            long m = ((j % 4) + 4) % 4;
            long atMax = cosine ? 0 : 1, atMin = cosine ? 2 : 3;
            if (m == atMax)
            {
                hi = 1;
            }
            else if (m == atMin)
            {
                lo = -1;
            }
        }

        return Checked(Math.Max(lo, -1), Math.Min(hi, 1));
    }

    // Integers j with j·π/2 possibly in x: all j in [ceil(lo/(π/2)), floor(hi/(π/2))] over an enclosure of π/2.
    // False when x is too wide or too far out for the enumeration to be useful (callers then answer conservatively).
    private static bool TryCriticalRange(Interval x, out long first, out long last)
    {
        first = last = 0;
        if (!x.IsBounded || x.Magnitude > Elementary.TrigReductionLimit)
        {
            return false;
        }

        Interval q = x / Elementary.HalfPi;
        if (q.Hi - q.Lo > 4.5)
        {
            return false;
        }

        first = (long)Math.Ceiling(q.Lo);
        last = (long)Math.Floor(q.Hi);
        return true;
    }

    /// <summary>
    /// Real power <c>xʸ</c> with the IEEE 1788 <c>pow</c> domain <c>{x &gt; 0} ∪ {x = 0, y &gt; 0}</c> (set semantics):
    /// members outside the domain are ignored, so <c>Pow([-1, 0], [0.5, 3]) = [0, 0]</c> and
    /// <c>Pow([0, 0], [-2, 0])</c> is empty. An integer point exponent is the integer power
    /// <see cref="Pow(Interval, int)"/> (the standard's <c>pown</c>), which accepts any sign of
    /// <paramref name="x"/>; this is a documented deviation kept for the expression language's <c>x^2</c>.
    /// </summary>
    /// <param name="x">The base.</param>
    /// <param name="y">The exponent.</param>
    /// <returns>An enclosure of <c>{aᵇ : a ∈ x, b ∈ y, (a, b) in the domain}</c>.</returns>
    [Pure]
    public static Interval Pow(Interval x, Interval y)
    {
        if (x.IsEmpty || y.IsEmpty)
        {
            return Empty;
        }

        if (y.IsIntegerPoint)
        {
            return Pow(x, (int)y._lo);
        }

        if (y.IsPoint && y._lo == 0.5)
        {
            return Sqrt(x);
        }

        if (x._hi < 0)
        {
            return Empty;
        }

        // 0 is a base in the domain only with a positive exponent, and 0ʸ = 0 there.
        Interval zeroPart = x._lo <= 0 && y._hi > 0 ? Zero : Empty;
        if (x._hi == 0)
        {
            return zeroPart;
        }

        // Positive bases (0, hi] or [lo, hi]: exp(y · ln x), ln giving −∞ at a zero lower end (0 · ∞ = 0 in the product).
        Interval positive = Exp(y * Log(x));
        return Hull(positive, zeroPart);
    }

    /// <summary>Integer power <c>pown(x, n)</c> of IEEE 1788; the same as <see cref="Pow(Interval, int)"/>.</summary>
    /// <param name="x">The base (any sign).</param>
    /// <param name="n">The exponent; for negative <paramref name="n"/> the member 0 is outside the domain.</param>
    /// <returns>An enclosure of <c>{aⁿ : a ∈ x}</c>.</returns>
    [Pure]
    public static Interval Pown(Interval x, int n) => Pow(x, n);
}
