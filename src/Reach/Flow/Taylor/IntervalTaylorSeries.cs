using System.Collections;
using System.Diagnostics.Contracts;
using Certus.Core.Numerics;

namespace Certus.Reach.Flow;

/// <summary>
/// A truncated Taylor series <c>c₀ + c₁τ + … + c_K τ^K</c> in a local time <c>τ</c> whose coefficients are
/// intervals: each <c>c_k</c> encloses the k-th normalised derivative <c>g⁽ᵏ⁾/k!</c> of some function <c>g</c>
/// for every member of the sets it was computed over. The number type of <see cref="IntervalTaylorArithmetic"/>.
/// </summary>
/// <remarks>Immutable. Coefficients are copied in; a series always has at least the coefficient of order 0.</remarks>
public sealed class IntervalTaylorSeries : IReadOnlyList<Interval>
{
    private readonly Interval[] _c;

    /// <summary>Creates a series from its coefficients (copied).</summary>
    /// <param name="coefficients">The coefficients of orders 0, 1, …; at least one.</param>
    /// <exception cref="ArgumentException">No coefficient is given.</exception>
    public IntervalTaylorSeries(IEnumerable<Interval> coefficients)
    {
        ArgumentNullException.ThrowIfNull(coefficients);
        _c = [.. coefficients];
        if (_c.Length == 0)
        {
            throw new ArgumentException("A Taylor series needs at least its coefficient of order 0.", nameof(coefficients));
        }
    }

    // Takes ownership of an array the caller does not keep.
    internal IntervalTaylorSeries(Interval[] owned, bool _) => _c = owned;

    /// <summary>The constant series <c>value + 0τ + …</c> of the given order.</summary>
    /// <param name="value">The constant (an enclosure of it).</param>
    /// <param name="order">The highest order kept, at least 0.</param>
    /// <returns>The series.</returns>
    [Pure]
    public static IntervalTaylorSeries Constant(Interval value, int order)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(order);
        var c = new Interval[order + 1];
        c[0] = value;
        return new IntervalTaylorSeries(c, true);
    }

    /// <summary>The series of the independent variable <c>value + τ</c> (for instance the time <c>t₀ + τ</c>).</summary>
    /// <param name="value">The value at <c>τ = 0</c>.</param>
    /// <param name="order">The highest order kept, at least 0.</param>
    /// <returns>The series <c>[value, 1, 0, …]</c>.</returns>
    [Pure]
    public static IntervalTaylorSeries Variable(Interval value, int order)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(order);
        var c = new Interval[order + 1];
        c[0] = value;
        if (order >= 1)
        {
            c[1] = Interval.One;
        }

        return new IntervalTaylorSeries(c, true);
    }

    /// <summary>The highest order kept (the number of coefficients minus one).</summary>
    public int Order => _c.Length - 1;

    /// <inheritdoc/>
    public int Count => _c.Length;

    /// <summary>The coefficient of order <paramref name="k"/>.</summary>
    /// <param name="k">The order, 0 to <see cref="Order"/>.</param>
    public Interval this[int k] => _c[k];

    /// <summary>Whether every coefficient above order 0 is exactly zero (the series of a function constant in time).</summary>
    public bool IsConstant
    {
        get
        {
            for (int k = 1; k < _c.Length; k++)
            {
                if (!IsExactZero(_c[k]))
                {
                    return false;
                }
            }

            return true;
        }
    }

    internal Interval[] Raw => _c;

    internal static bool IsExactZero(Interval x) => x.Lo == 0 && x.Hi == 0;

    /// <summary>The series cut after order <paramref name="order"/>.</summary>
    /// <param name="order">The highest order kept, at most <see cref="Order"/>.</param>
    /// <returns>The truncated series.</returns>
    [Pure]
    public IntervalTaylorSeries Truncate(int order)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(order);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(order, Order);
        return new IntervalTaylorSeries(_c.AsSpan(0, order + 1).ToArray(), true);
    }

    /// <summary>Encloses the polynomial <c>Σ c_k τ^k</c> for every <c>τ</c> in <paramref name="tau"/> (Horner scheme, outward rounded).</summary>
    /// <param name="tau">The values of <c>τ</c>.</param>
    /// <returns>An enclosure of the polynomial's values (without any truncation remainder).</returns>
    [Pure]
    public Interval Evaluate(Interval tau) => Horner(_c, tau);

    internal static Interval Horner(ReadOnlySpan<Interval> c, Interval tau)
    {
        Interval acc = c[^1];
        for (int k = c.Length - 2; k >= 0; k--)
        {
            acc = (acc * tau) + c[k];
        }

        return acc;
    }

    /// <inheritdoc/>
    public IEnumerator<Interval> GetEnumerator() => ((IEnumerable<Interval>)_c).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Formats as <c>c₀ + c₁·τ + …</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => string.Join(" + ", _c.Select((c, k) => k == 0 ? c.ToString() : $"{c}·τ^{k}"));
}
