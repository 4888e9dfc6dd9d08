using System.Diagnostics.Contracts;
using static Certus.Core.Numerics.DirectedRounding;

namespace Certus.Core.Numerics;

public readonly partial struct Interval
{
    /// <summary>The width <c>hi − lo</c>, rounded upward (0 for the empty set, +∞ when unbounded).</summary>
    public double Width => IsEmpty ? 0 : SubUp(_hi, _lo);

    /// <summary>Half the width, rounded upward, so that <c>[Midpoint ± Radius]</c> contains the interval.</summary>
    public double Radius
    {
        get
        {
            if (IsEmpty)
            {
                return 0;
            }

            double m = Midpoint;
            return Math.Max(SubUp(m, _lo), SubUp(_hi, m));
        }
    }

    /// <summary>
    /// A double inside the interval near its centre: 0 for <see cref="Entire"/>, ±<see cref="double.MaxValue"/> for
    /// half-unbounded intervals. Throws for the empty set.
    /// </summary>
    public double Midpoint
    {
        get
        {
            if (IsEmpty)
            {
                throw new InvalidOperationException("The empty interval has no midpoint.");
            }

            if (IsEntire)
            {
                return 0;
            }

            if (double.IsNegativeInfinity(_lo))
            {
                return -double.MaxValue;
            }

            if (double.IsPositiveInfinity(_hi))
            {
                return double.MaxValue;
            }

            double m = (0.5 * _lo) + (0.5 * _hi);
            return Math.Clamp(m, _lo, _hi);
        }
    }

    /// <summary>The largest absolute value of a member (0 for the empty set).</summary>
    public double Magnitude => IsEmpty ? 0 : Math.Max(Math.Abs(_lo), Math.Abs(_hi));

    /// <summary>The smallest absolute value of a member (0 for the empty set).</summary>
    public double Mignitude => IsEmpty || (_lo <= 0 && _hi >= 0) ? 0 : Math.Min(Math.Abs(_lo), Math.Abs(_hi));

    /// <summary>Whether <paramref name="x"/> is a member.</summary>
    /// <param name="x">A number; NaN and the infinities are never members (IEEE 1788: intervals are sets of reals,
    /// so <c>Entire.Contains(+∞)</c> is <c>false</c>).</param>
    /// <returns><c>lo ≤ x ≤ hi</c> for a finite <paramref name="x"/>, otherwise <c>false</c>.</returns>
    [Pure]
    public bool Contains(double x) => double.IsFinite(x) && _lo <= x && x <= _hi;

    /// <summary>Whether every member of <paramref name="other"/> is a member of this interval.</summary>
    /// <param name="other">The candidate subset (the empty set is a subset of everything).</param>
    /// <returns>Set inclusion.</returns>
    [Pure]
    public bool Contains(Interval other) => other.IsEmpty || (_lo <= other._lo && other._hi <= _hi);

    /// <summary>Whether <paramref name="other"/> lies in the interior of this interval (strictly inside both ends).</summary>
    /// <param name="other">The candidate.</param>
    /// <returns>Strict inclusion at both endpoints, with unbounded ends counted as interior.</returns>
    [Pure]
    public bool ContainsInInterior(Interval other) =>
        other.IsEmpty || ((_lo < other._lo || double.IsNegativeInfinity(_lo)) && (other._hi < _hi || double.IsPositiveInfinity(_hi)));

    /// <summary>Whether the two intervals share a member.</summary>
    /// <param name="other">The other interval.</param>
    /// <returns><c>true</c> when the intersection is not empty.</returns>
    [Pure]
    public bool Overlaps(Interval other) => !IsEmpty && !other.IsEmpty && _lo <= other._hi && other._lo <= _hi;

    /// <summary>The smallest interval containing both operands.</summary>
    /// <param name="x">One interval.</param>
    /// <param name="y">The other interval.</param>
    /// <returns>The interval hull.</returns>
    [Pure]
    public static Interval Hull(Interval x, Interval y)
    {
        if (x.IsEmpty)
        {
            return y;
        }

        return y.IsEmpty ? x : new Interval(Math.Min(x._lo, y._lo), Math.Max(x._hi, y._hi), trusted: true);
    }

    /// <summary>The smallest interval containing every given number.</summary>
    /// <param name="values">Numbers, none NaN; an empty sequence gives <see cref="Empty"/>.</param>
    /// <returns>The hull.</returns>
    [Pure]
    public static Interval Hull(IEnumerable<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        foreach (double v in values)
        {
            if (double.IsNaN(v))
            {
                throw new ArgumentException("Cannot take the hull of NaN.", nameof(values));
            }

            lo = Math.Min(lo, v);
            hi = Math.Max(hi, v);
        }

        return lo > hi ? Empty : Checked(lo, hi);
    }

    /// <summary>The intersection.</summary>
    /// <param name="x">One interval.</param>
    /// <param name="y">The other interval.</param>
    /// <returns>The common members, possibly <see cref="Empty"/>.</returns>
    [Pure]
    public static Interval Intersect(Interval x, Interval y)
    {
        if (!x.Overlaps(y))
        {
            return Empty;
        }

        return new Interval(Math.Max(x._lo, y._lo), Math.Min(x._hi, y._hi), trusted: true);
    }

    /// <summary>Splits at the midpoint into two halves that share the midpoint.</summary>
    /// <returns>The lower and the upper half.</returns>
    [Pure]
    public (Interval Lower, Interval Upper) Bisect()
    {
        if (IsEmpty)
        {
            throw new InvalidOperationException("Cannot bisect the empty interval.");
        }

        double m = Midpoint;
        return (new Interval(_lo, m, trusted: true), new Interval(m, _hi, trusted: true));
    }

    /// <summary>Widens by <paramref name="amount"/> on both sides, rounded outward.</summary>
    /// <param name="amount">A finite non-negative amount.</param>
    /// <returns><c>[lo − amount, hi + amount]</c> or wider.</returns>
    [Pure]
    public Interval Inflate(double amount)
    {
        if (!(amount >= 0) || double.IsPositiveInfinity(amount))
        {
            throw new ArgumentException($"Inflate needs a finite non-negative amount, got {amount}.", nameof(amount));
        }

        return IsEmpty ? Empty : Checked(SubDown(_lo, amount), AddUp(_hi, amount));
    }
}
