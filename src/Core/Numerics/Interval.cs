using System.Diagnostics.Contracts;
using System.Globalization;

namespace Certus.Core.Numerics;

/// <summary>
/// A closed interval of real numbers <c>[Lo, Hi]</c> with outward-rounded arithmetic: the result of every
/// operation contains the exact result for every choice of members of the operands.
/// </summary>
/// <remarks>
/// <para>Endpoints are doubles; <c>Lo</c> may be −∞ and <c>Hi</c> may be +∞ (unbounded intervals), but an
/// interval never contains an infinity as a member. NaN is rejected everywhere with an
/// <see cref="ArgumentException"/>.</para>
/// <para>The empty set is <see cref="Empty"/>; operations on it return it. Set semantics apply to functions outside
/// their domain: <c>Sqrt([-4, 9]) = [0, 3]</c>, <c>Log([-1, 1]) = [-∞, 0]</c>, <c>Sqrt([-2, -1])</c> is empty.</para>
/// <para><c>default(Interval)</c> is the point interval <c>[0, 0]</c>.</para>
/// <para>Decimal constants from text must go through <see cref="Parse(string)"/>, which returns an interval that
/// contains the decimal value: the double nearest to <c>0.1</c> is not 0.1.</para>
/// </remarks>
public readonly partial struct Interval : IEquatable<Interval>
{
    private readonly double _lo;
    private readonly double _hi;

    /// <summary>Creates <c>[lo, hi]</c>.</summary>
    /// <param name="lo">Lower endpoint; −∞ allowed, +∞ and NaN not.</param>
    /// <param name="hi">Upper endpoint, at least <paramref name="lo"/>; +∞ allowed, −∞ and NaN not.</param>
    /// <exception cref="ArgumentException">An endpoint is NaN, <paramref name="lo"/> exceeds <paramref name="hi"/>,
    /// or an endpoint is an infinity on the wrong side.</exception>
    public Interval(double lo, double hi)
    {
        if (double.IsNaN(lo) || double.IsNaN(hi))
        {
            throw new ArgumentException($"An interval endpoint is NaN: [{lo}, {hi}].", double.IsNaN(lo) ? nameof(lo) : nameof(hi));
        }

        if (lo > hi)
        {
            throw new ArgumentException($"The lower endpoint {Format(lo)} exceeds the upper endpoint {Format(hi)}.", nameof(lo));
        }

        if (double.IsPositiveInfinity(lo) || double.IsNegativeInfinity(hi))
        {
            throw new ArgumentException($"[{Format(lo)}, {Format(hi)}] contains no real number; use Interval.Empty for the empty set.", nameof(lo));
        }

        _lo = lo;
        _hi = hi;
    }

    /// <summary>Creates a point interval <c>[x, x]</c> from a finite double.</summary>
    /// <param name="x">A finite double; it is taken exactly as it is.</param>
    /// <exception cref="ArgumentException"><paramref name="x"/> is NaN or infinite.</exception>
    public Interval(double x)
    {
        if (!double.IsFinite(x))
        {
            throw new ArgumentException($"A point interval needs a finite number, got {x}.", nameof(x));
        }

        _lo = x;
        _hi = x;
    }

    // Trusted constructor for results the arithmetic has already checked (used for Empty as well).
    private Interval(double lo, double hi, bool trusted)
    {
        _ = trusted;
        _lo = lo;
        _hi = hi;
    }

    /// <summary>The empty set.</summary>
    public static Interval Empty { get; } = new(double.PositiveInfinity, double.NegativeInfinity, trusted: true);

    /// <summary>The whole real line <c>[−∞, +∞]</c>.</summary>
    public static Interval Entire { get; } = new(double.NegativeInfinity, double.PositiveInfinity, trusted: true);

    /// <summary>The point interval <c>[0, 0]</c>.</summary>
    public static Interval Zero { get; } = new(0, 0, trusted: true);

    /// <summary>The point interval <c>[1, 1]</c>.</summary>
    public static Interval One { get; } = new(1, 1, trusted: true);

    /// <summary>An enclosure of π one unit in the last place wide (the double nearest π is below π).</summary>
    public static Interval Pi { get; } = new(Math.PI, Math.BitIncrement(Math.PI), trusted: true);

    /// <summary>An enclosure of Euler's number e one unit in the last place wide (the double nearest e is below e).</summary>
    public static Interval E { get; } = new(Math.E, Math.BitIncrement(Math.E), trusted: true);

    /// <summary>The lower endpoint (+∞ for the empty set).</summary>
    public double Lo => _lo;

    /// <summary>The upper endpoint (−∞ for the empty set).</summary>
    public double Hi => _hi;

    /// <summary>Whether this is the empty set.</summary>
    public bool IsEmpty => _lo > _hi;

    /// <summary>Whether this is the whole real line.</summary>
    public bool IsEntire => double.IsNegativeInfinity(_lo) && double.IsPositiveInfinity(_hi);

    /// <summary>Whether both endpoints are finite (the empty set is not bounded here).</summary>
    public bool IsBounded => double.IsFinite(_lo) && double.IsFinite(_hi);

    /// <summary>Whether the interval is a single number.</summary>
    public bool IsPoint => _lo == _hi;

    // A single integer that fits an int: real powers with such an exponent are integer powers (Pow's dispatch, and the
    // pow and rootn domains in the expression layer, use this one rule).
    internal bool IsIntegerPoint => IsPoint && Math.Abs(_lo) <= int.MaxValue && Math.Floor(_lo) == _lo;

    /// <summary>Creates <c>[x, x]</c>; see <see cref="Interval(double)"/>.</summary>
    /// <param name="x">A finite double.</param>
    /// <returns>The point interval.</returns>
    [Pure]
    public static Interval Point(double x) => new(x);

    /// <summary>Creates the interval spanned by two numbers in either order.</summary>
    /// <param name="a">One endpoint (not NaN).</param>
    /// <param name="b">The other endpoint (not NaN).</param>
    /// <returns><c>[min(a, b), max(a, b)]</c>.</returns>
    [Pure]
    public static Interval FromUnordered(double a, double b) => a <= b ? new Interval(a, b) : new Interval(b, a);

    /// <summary>Creates <c>[mid − rad, mid + rad]</c>, rounded outward.</summary>
    /// <param name="mid">The midpoint (finite).</param>
    /// <param name="radius">The radius (finite, non-negative).</param>
    /// <returns>An interval containing every number within <paramref name="radius"/> of <paramref name="mid"/>.</returns>
    [Pure]
    public static Interval FromMidRadius(double mid, double radius)
    {
        if (!double.IsFinite(mid) || !double.IsFinite(radius) || radius < 0)
        {
            throw new ArgumentException($"FromMidRadius needs a finite midpoint and a finite non-negative radius, got {mid} and {radius}.");
        }

        return new Interval(DirectedRounding.SubDown(mid, radius), DirectedRounding.AddUp(mid, radius), trusted: true);
    }

    // Builds a result from endpoints computed by the arithmetic; NaN here is a bug, not bad input.
    internal static Interval Checked(double lo, double hi)
    {
        if (double.IsNaN(lo) || double.IsNaN(hi))
        {
            throw new InvalidOperationException($"Internal error: interval arithmetic produced NaN endpoints [{lo}, {hi}].");
        }

        if (double.IsPositiveInfinity(lo) || double.IsNegativeInfinity(hi))
        {
            return Empty;
        }

        return new Interval(lo, hi, trusted: true);
    }

    /// <inheritdoc/>
    public bool Equals(Interval other) => (IsEmpty && other.IsEmpty) || (_lo == other._lo && _hi == other._hi);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Interval other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => IsEmpty ? 0 : HashCode.Combine(_lo + 0.0, _hi + 0.0);

    /// <summary>Set equality.</summary>
    /// <param name="left">One interval.</param>
    /// <param name="right">The other interval.</param>
    /// <returns>Whether both are the same set.</returns>
    public static bool operator ==(Interval left, Interval right) => left.Equals(right);

    /// <summary>Set inequality.</summary>
    /// <param name="left">One interval.</param>
    /// <param name="right">The other interval.</param>
    /// <returns>Whether the sets differ.</returns>
    public static bool operator !=(Interval left, Interval right) => !left.Equals(right);

    /// <summary>Converts a finite double to the point interval holding exactly that double.</summary>
    /// <param name="x">A finite double.</param>
    public static implicit operator Interval(double x) => new(x);

    /// <summary>Formats as <c>[lo, hi]</c> with round-trip precision, or <c>[empty]</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => IsEmpty ? "[empty]" : $"[{Format(_lo)}, {Format(_hi)}]";

    /// <summary>Formats with a .NET numeric format for both endpoints; the printed text is not rounded outward.</summary>
    /// <param name="format">A numeric format string such as <c>G6</c>.</param>
    /// <returns>The text.</returns>
    public string ToString(string format) =>
        IsEmpty ? "[empty]" : $"[{_lo.ToString(format, CultureInfo.InvariantCulture)}, {_hi.ToString(format, CultureInfo.InvariantCulture)}]";

    private static string Format(double x) => double.IsInfinity(x) ? (x > 0 ? "inf" : "-inf") : x.ToString("R", CultureInfo.InvariantCulture);
}
