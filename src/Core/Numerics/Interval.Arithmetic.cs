using System.Diagnostics.Contracts;
using static Certus.Core.Numerics.DirectedRounding;

namespace Certus.Core.Numerics;

public readonly partial struct Interval
{
    /// <summary>Identity.</summary>
    /// <param name="x">The operand.</param>
    /// <returns><paramref name="x"/>.</returns>
    public static Interval operator +(Interval x) => x;

    /// <summary>Negation, exact.</summary>
    /// <param name="x">The operand.</param>
    /// <returns><c>[−hi, −lo]</c>.</returns>
    public static Interval operator -(Interval x) => x.IsEmpty ? Empty : new Interval(-x._hi, -x._lo, trusted: true);

    /// <summary>Sum, rounded outward.</summary>
    /// <param name="x">Left operand.</param>
    /// <param name="y">Right operand.</param>
    /// <returns>An interval containing <c>a + b</c> for every <c>a</c> in <paramref name="x"/>, <c>b</c> in <paramref name="y"/>.</returns>
    public static Interval operator +(Interval x, Interval y) =>
        x.IsEmpty || y.IsEmpty ? Empty : Checked(AddDown(x._lo, y._lo), AddUp(x._hi, y._hi));

    /// <summary>Difference, rounded outward.</summary>
    /// <param name="x">Left operand.</param>
    /// <param name="y">Right operand.</param>
    /// <returns>An interval containing <c>a − b</c> for all members.</returns>
    public static Interval operator -(Interval x, Interval y) =>
        x.IsEmpty || y.IsEmpty ? Empty : Checked(SubDown(x._lo, y._hi), SubUp(x._hi, y._lo));

    /// <summary>Product, rounded outward (the four endpoint products with <c>0 · ∞ = 0</c>).</summary>
    /// <param name="x">Left operand.</param>
    /// <param name="y">Right operand.</param>
    /// <returns>An interval containing <c>a · b</c> for all members.</returns>
    public static Interval operator *(Interval x, Interval y)
    {
        if (x.IsEmpty || y.IsEmpty)
        {
            return Empty;
        }

        // Sign-based cases save work in the common situations and keep the general case below.
        if (x._lo >= 0 && y._lo >= 0)
        {
            return Checked(MulDown(x._lo, y._lo), MulUp(x._hi, y._hi));
        }

        if (x._hi <= 0 && y._hi <= 0)
        {
            return Checked(MulDown(x._hi, y._hi), MulUp(x._lo, y._lo));
        }

        double lo = Math.Min(Math.Min(MulDown(x._lo, y._lo), MulDown(x._lo, y._hi)), Math.Min(MulDown(x._hi, y._lo), MulDown(x._hi, y._hi)));
        double hi = Math.Max(Math.Max(MulUp(x._lo, y._lo), MulUp(x._lo, y._hi)), Math.Max(MulUp(x._hi, y._lo), MulUp(x._hi, y._hi)));
        return Checked(lo, hi);
    }

    /// <summary>
    /// Quotient, rounded outward. A divisor containing 0 gives the hull of the exact quotient set: half-unbounded or
    /// <see cref="Entire"/>; division by exactly <c>[0, 0]</c> gives <see cref="Empty"/> (no real quotient exists).
    /// </summary>
    /// <param name="x">Dividend.</param>
    /// <param name="y">Divisor.</param>
    /// <returns>An interval containing <c>a / b</c> for all members with <c>b ≠ 0</c>.</returns>
    public static Interval operator /(Interval x, Interval y)
    {
        if (x.IsEmpty || y.IsEmpty)
        {
            return Empty;
        }

        double xl = x._lo, xh = x._hi, yl = y._lo, yh = y._hi;
        if (yl > 0)
        {
            if (xl >= 0)
            {
                return Checked(DivDown(xl, yh), DivUp(xh, yl));
            }

            return xh <= 0 ? Checked(DivDown(xl, yl), DivUp(xh, yh)) : Checked(DivDown(xl, yl), DivUp(xh, yl));
        }

        if (yh < 0)
        {
            if (xl >= 0)
            {
                return Checked(DivDown(xh, yh), DivUp(xl, yl));
            }

            return xh <= 0 ? Checked(DivDown(xh, yl), DivUp(xl, yh)) : Checked(DivDown(xh, yh), DivUp(xl, yh));
        }

        // The divisor contains zero: the cases of the IEEE 1788 division table (x classified as Z = [0, 0],
        // P0 = [0, b], P1 = [a > 0, b], N0 = [a, 0], N1 = [a, b < 0], M = [a < 0 < b]).
        if (yl == 0 && yh == 0)
        {
            return Empty;
        }

        if (xl == 0 && xh == 0)
        {
            return Zero;
        }

        if (xl < 0 && xh > 0)
        {
            return Entire;
        }

        bool yPositive = yl == 0, yNegative = yh == 0; // [0, d] or [c, 0]; neither: c < 0 < d
        if (!yPositive && !yNegative)
        {
            return Entire;
        }

        if (xl == 0)
        {
            // P0: the quotients of [0, b] share the sign of the divisor.
            return yPositive ? new Interval(0, double.PositiveInfinity, trusted: true) : new Interval(double.NegativeInfinity, 0, trusted: true);
        }

        if (xh == 0)
        {
            // N0.
            return yPositive ? new Interval(double.NegativeInfinity, 0, trusted: true) : new Interval(0, double.PositiveInfinity, trusted: true);
        }

        if (xl > 0)
        {
            // P1.
            return yPositive ? Checked(DivDown(xl, yh), double.PositiveInfinity) : Checked(double.NegativeInfinity, DivUp(xl, yl));
        }

        // N1.
        return yPositive ? Checked(double.NegativeInfinity, DivUp(xh, yh)) : Checked(DivDown(xh, yl), double.PositiveInfinity);
    }

    /// <summary>Square, tighter than <c>x * x</c> when the interval contains zero.</summary>
    /// <param name="x">The operand.</param>
    /// <returns>An interval containing <c>a²</c> for every member <c>a</c>.</returns>
    [Pure]
    public static Interval Sqr(Interval x)
    {
        if (x.IsEmpty)
        {
            return Empty;
        }

        if (x._lo >= 0)
        {
            return Checked(MulDown(x._lo, x._lo), MulUp(x._hi, x._hi));
        }

        if (x._hi <= 0)
        {
            return Checked(MulDown(x._hi, x._hi), MulUp(x._lo, x._lo));
        }

        double m = Math.Max(-x._lo, x._hi);
        return Checked(0, MulUp(m, m));
    }

    /// <summary>Integer power <c>xⁿ</c>, tight for every sign pattern; <c>x⁰ = [1, 1]</c>; negative powers divide.</summary>
    /// <param name="x">The base.</param>
    /// <param name="n">The exponent (any integer).</param>
    /// <returns>An interval containing <c>aⁿ</c> for every member <c>a</c> (members <c>a = 0</c> excluded when <paramref name="n"/> is negative).</returns>
    [Pure]
    public static Interval Pow(Interval x, int n)
    {
        if (x.IsEmpty)
        {
            return Empty;
        }

        if (n == 0)
        {
            return One;
        }

        if (n < 0)
        {
            if (n == int.MinValue)
            {
                return One / Sqr(Pow(x, -(n / 2)));
            }

            return One / Pow(x, -n);
        }

        if (n == 1)
        {
            return x;
        }

        if ((n & 1) == 1)
        {
            // Odd powers are increasing.
            return Checked(OddPowDown(x._lo, n), OddPowUp(x._hi, n));
        }

        if (x._lo >= 0)
        {
            return Checked(PowDownNonNegative(x._lo, n), PowUpNonNegative(x._hi, n));
        }

        if (x._hi <= 0)
        {
            return Checked(PowDownNonNegative(-x._hi, n), PowUpNonNegative(-x._lo, n));
        }

        return Checked(0, PowUpNonNegative(Math.Max(-x._lo, x._hi), n));
    }

    private static double OddPowDown(double a, int n) => a >= 0 ? PowDownNonNegative(a, n) : -PowUpNonNegative(-a, n);

    private static double OddPowUp(double a, int n) => a >= 0 ? PowUpNonNegative(a, n) : -PowDownNonNegative(-a, n);

    /// <summary>Absolute value.</summary>
    /// <param name="x">The operand.</param>
    /// <returns><c>{|a| : a ∈ x}</c>, exact.</returns>
    [Pure]
    public static Interval Abs(Interval x)
    {
        if (x.IsEmpty)
        {
            return Empty;
        }

        if (x._lo >= 0)
        {
            return x;
        }

        return x._hi <= 0 ? -x : new Interval(0, Math.Max(-x._lo, x._hi), trusted: true);
    }

    /// <summary>Pointwise minimum.</summary>
    /// <param name="x">One operand.</param>
    /// <param name="y">The other operand.</param>
    /// <returns><c>{min(a, b)}</c> over all members, exact.</returns>
    [Pure]
    public static Interval Min(Interval x, Interval y) =>
        x.IsEmpty || y.IsEmpty ? Empty : new Interval(Math.Min(x._lo, y._lo), Math.Min(x._hi, y._hi), trusted: true);

    /// <summary>Pointwise maximum.</summary>
    /// <param name="x">One operand.</param>
    /// <param name="y">The other operand.</param>
    /// <returns><c>{max(a, b)}</c> over all members, exact.</returns>
    [Pure]
    public static Interval Max(Interval x, Interval y) =>
        x.IsEmpty || y.IsEmpty ? Empty : new Interval(Math.Max(x._lo, y._lo), Math.Max(x._hi, y._hi), trusted: true);

    /// <summary>Fused <c>x · y + z</c> with one enclosure (evaluated as product then sum, both outward).</summary>
    /// <param name="x">Factor.</param>
    /// <param name="y">Factor.</param>
    /// <param name="z">Addend.</param>
    /// <returns>An enclosure of <c>a·b + c</c> for all members.</returns>
    [Pure]
    public static Interval MultiplyAdd(Interval x, Interval y, Interval z) => (x * y) + z;
}
