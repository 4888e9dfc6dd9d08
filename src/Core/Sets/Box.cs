using System.Collections;
using System.Diagnostics.Contracts;
using System.Text;
using Certus.Core.Numerics;

namespace Certus.Core.Sets;

/// <summary>
/// An immutable axis-aligned box (interval vector): the product of one <see cref="Interval"/> per dimension.
/// </summary>
/// <remarks>A box with any empty component is empty. Splitting operations return cells whose union is exactly
/// this box (neighbouring cells share their common face), so a property proved on every cell holds on the box.</remarks>
public sealed class Box : IReadOnlyList<Interval>, IEquatable<Box>
{
    private readonly Interval[] _components;

    /// <summary>Creates a box from its components (copied).</summary>
    /// <param name="components">One interval per dimension; at least one.</param>
    public Box(IEnumerable<Interval> components)
    {
        ArgumentNullException.ThrowIfNull(components);
        _components = [.. components];
        if (_components.Length == 0)
        {
            throw new ArgumentException("A box needs at least one dimension.", nameof(components));
        }
    }

    /// <summary>Creates a box from its components (copied).</summary>
    /// <param name="components">One interval per dimension; at least one.</param>
    public Box(params ReadOnlySpan<Interval> components)
        : this((IEnumerable<Interval>)components.ToArray())
    {
    }

    private Box(Interval[] owned, bool _) => _components = owned;

    /// <summary>The box <c>[lower[i], upper[i]]</c> in every dimension.</summary>
    /// <param name="lower">Lower corner.</param>
    /// <param name="upper">Upper corner, of the same length and componentwise at least <paramref name="lower"/>.</param>
    /// <returns>The box.</returns>
    [Pure]
    public static Box FromBounds(IReadOnlyList<double> lower, IReadOnlyList<double> upper)
    {
        ArgumentNullException.ThrowIfNull(lower);
        ArgumentNullException.ThrowIfNull(upper);
        if (lower.Count != upper.Count)
        {
            throw new ArgumentException($"The corners have different dimensions: {lower.Count} and {upper.Count}.", nameof(upper));
        }

        var c = new Interval[lower.Count];
        for (int i = 0; i < c.Length; i++)
        {
            c[i] = new Interval(lower[i], upper[i]);
        }

        return new Box(c);
    }

    /// <summary>The degenerate box holding one point.</summary>
    /// <param name="point">Finite coordinates.</param>
    /// <returns>The point box.</returns>
    [Pure]
    public static Box FromPoint(IReadOnlyList<double> point)
    {
        ArgumentNullException.ThrowIfNull(point);
        var c = new Interval[point.Count];
        for (int i = 0; i < c.Length; i++)
        {
            c[i] = Interval.Point(point[i]);
        }

        return new Box(c);
    }

    /// <summary>The number of dimensions.</summary>
    public int Dimension => _components.Length;

    /// <inheritdoc/>
    public int Count => _components.Length;

    /// <summary>The interval of dimension <paramref name="index"/>.</summary>
    /// <param name="index">A dimension, 0-based.</param>
    public Interval this[int index] => _components[index];

    /// <summary>Whether any component is empty (then the box holds no point).</summary>
    public bool IsEmpty => Array.Exists(_components, c => c.IsEmpty);

    /// <summary>The lower corner.</summary>
    public double[] Lower => Array.ConvertAll(_components, c => c.Lo);

    /// <summary>The upper corner.</summary>
    public double[] Upper => Array.ConvertAll(_components, c => c.Hi);

    /// <summary>The midpoint of every component.</summary>
    public double[] Center => Array.ConvertAll(_components, c => c.Midpoint);

    /// <summary>The width of every component (rounded upward).</summary>
    public double[] Widths => Array.ConvertAll(_components, c => c.Width);

    /// <summary>The largest component width.</summary>
    public double MaxWidth => _components.Max(c => c.Width);

    /// <summary>The first dimension of largest width.</summary>
    public int LongestDimension
    {
        get
        {
            int best = 0;
            for (int i = 1; i < _components.Length; i++)
            {
                if (_components[i].Width > _components[best].Width)
                {
                    best = i;
                }
            }

            return best;
        }
    }

    /// <summary>The product of the widths (an upper bound of the volume).</summary>
    public double Volume
    {
        get
        {
            double v = 1;
            foreach (Interval c in _components)
            {
                v = DirectedRounding.MulUp(v, c.Width);
            }

            return v;
        }
    }

    /// <summary>A copy with one component replaced.</summary>
    /// <param name="dimension">The dimension to replace.</param>
    /// <param name="value">Its new interval.</param>
    /// <returns>The new box.</returns>
    [Pure]
    public Box With(int dimension, Interval value)
    {
        CheckDimension(dimension);
        var c = (Interval[])_components.Clone();
        c[dimension] = value;
        return new Box(c, true);
    }

    /// <summary>Splits the box in two at the midpoint of one dimension.</summary>
    /// <param name="dimension">The dimension to halve.</param>
    /// <returns>The lower and upper halves; their union is this box.</returns>
    [Pure]
    public (Box Lower, Box Upper) Bisect(int dimension)
    {
        CheckDimension(dimension);
        (Interval lo, Interval hi) = _components[dimension].Bisect();
        return (With(dimension, lo), With(dimension, hi));
    }

    /// <summary>Splits the box in two along its longest dimension.</summary>
    /// <returns>The two halves.</returns>
    [Pure]
    public (Box Lower, Box Upper) Bisect() => Bisect(LongestDimension);

    /// <summary>Splits into a grid with <c>counts[i]</c> equal cells along dimension <c>i</c>.</summary>
    /// <param name="counts">Cells per dimension, each at least 1.</param>
    /// <returns>The cells in row-major order (last dimension fastest); their union is this box.</returns>
    [Pure]
    public IReadOnlyList<Box> Split(IReadOnlyList<int> counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        if (counts.Count != Dimension)
        {
            throw new ArgumentException($"Split needs {Dimension} counts, got {counts.Count}.", nameof(counts));
        }

        var pieces = new Interval[Dimension][];
        long total = 1;
        for (int d = 0; d < Dimension; d++)
        {
            if (counts[d] < 1)
            {
                throw new ArgumentException($"Split count for dimension {d} must be at least 1, got {counts[d]}.", nameof(counts));
            }

            pieces[d] = SplitInterval(_components[d], counts[d]);
            total *= counts[d];
            if (total > 10_000_000)
            {
                throw new ArgumentException($"Split would make more than 10^7 cells.", nameof(counts));
            }
        }

        var cells = new List<Box>((int)total);
        var index = new int[Dimension];
        for (long n = 0; n < total; n++)
        {
            var c = new Interval[Dimension];
            for (int d = 0; d < Dimension; d++)
            {
                c[d] = pieces[d][index[d]];
            }

            cells.Add(new Box(c, true));
            for (int d = Dimension - 1; d >= 0; d--)
            {
                if (++index[d] < counts[d])
                {
                    break;
                }

                index[d] = 0;
            }
        }

        return cells;
    }

    private static Interval[] SplitInterval(Interval x, int n)
    {
        if (!x.IsBounded && n > 1)
        {
            throw new InvalidOperationException($"Cannot split the unbounded interval {x}.");
        }

        var result = new Interval[n];
        double prev = x.Lo;
        for (int i = 1; i <= n; i++)
        {
            // Boundaries are computed once and shared by neighbours; the last one is exactly the upper end.
            double next = i == n ? x.Hi : Math.Clamp(x.Lo + ((x.Hi - x.Lo) * i / n), prev, x.Hi);
            result[i - 1] = new Interval(prev, next);
            prev = next;
        }

        return result;
    }

    /// <summary>Whether the point lies in the box.</summary>
    /// <param name="point">Coordinates, one per dimension.</param>
    /// <returns>Componentwise membership.</returns>
    [Pure]
    public bool Contains(IReadOnlyList<double> point)
    {
        ArgumentNullException.ThrowIfNull(point);
        if (point.Count != Dimension)
        {
            throw new ArgumentException($"The point has {point.Count} coordinates, the box {Dimension} dimensions.", nameof(point));
        }

        for (int i = 0; i < Dimension; i++)
        {
            if (!_components[i].Contains(point[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether <paramref name="other"/> is a subset of this box.</summary>
    /// <param name="other">A box of the same dimension.</param>
    /// <returns>Componentwise inclusion.</returns>
    [Pure]
    public bool Contains(Box other)
    {
        ArgumentNullException.ThrowIfNull(other);
        CheckSameDimension(other);
        for (int i = 0; i < Dimension; i++)
        {
            if (!_components[i].Contains(other._components[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether the boxes share a point.</summary>
    /// <param name="other">A box of the same dimension.</param>
    /// <returns>Componentwise overlap.</returns>
    [Pure]
    public bool Overlaps(Box other)
    {
        ArgumentNullException.ThrowIfNull(other);
        CheckSameDimension(other);
        for (int i = 0; i < Dimension; i++)
        {
            if (!_components[i].Overlaps(other._components[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The componentwise intersection (possibly empty).</summary>
    /// <param name="other">A box of the same dimension.</param>
    /// <returns>The intersection.</returns>
    [Pure]
    public Box Intersect(Box other)
    {
        ArgumentNullException.ThrowIfNull(other);
        CheckSameDimension(other);
        var c = new Interval[Dimension];
        for (int i = 0; i < Dimension; i++)
        {
            c[i] = Interval.Intersect(_components[i], other._components[i]);
        }

        return new Box(c, true);
    }

    /// <summary>The smallest box containing all given boxes.</summary>
    /// <param name="boxes">At least one box, all of one dimension.</param>
    /// <returns>The hull.</returns>
    [Pure]
    public static Box Hull(IEnumerable<Box> boxes)
    {
        ArgumentNullException.ThrowIfNull(boxes);
        Interval[]? acc = null;
        foreach (Box b in boxes)
        {
            if (acc is null)
            {
                acc = (Interval[])b._components.Clone();
                continue;
            }

            if (b.Dimension != acc.Length)
            {
                throw new ArgumentException($"Cannot take the hull of boxes of dimensions {acc.Length} and {b.Dimension}.", nameof(boxes));
            }

            for (int i = 0; i < acc.Length; i++)
            {
                acc[i] = Interval.Hull(acc[i], b._components[i]);
            }
        }

        return acc is null ? throw new ArgumentException("The hull of no boxes is undefined.", nameof(boxes)) : new Box(acc, true);
    }

    /// <summary>The smallest box containing all given points.</summary>
    /// <param name="points">At least one point, all of one dimension, finite coordinates.</param>
    /// <returns>The hull.</returns>
    [Pure]
    public static Box HullOfPoints(IEnumerable<IReadOnlyList<double>> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        double[]? lo = null, hi = null;
        foreach (IReadOnlyList<double> p in points)
        {
            if (lo is null || hi is null)
            {
                lo = [.. p];
                hi = [.. p];
            }
            else if (p.Count != lo.Length)
            {
                throw new ArgumentException($"Points of dimensions {lo.Length} and {p.Count} mixed.", nameof(points));
            }

            for (int i = 0; i < lo.Length; i++)
            {
                if (double.IsNaN(p[i]))
                {
                    throw new ArgumentException("A point has a NaN coordinate.", nameof(points));
                }

                lo[i] = Math.Min(lo[i], p[i]);
                hi[i] = Math.Max(hi[i], p[i]);
            }
        }

        return lo is null || hi is null ? throw new ArgumentException("The hull of no points is undefined.", nameof(points)) : FromBounds(lo, hi);
    }

    /// <summary>A point drawn uniformly from the box (bounded boxes only).</summary>
    /// <param name="random">The source of randomness (seed it for reproducible runs).</param>
    /// <returns>A point inside the box.</returns>
    [Pure]
    public double[] Sample(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var p = new double[Dimension];
        for (int i = 0; i < Dimension; i++)
        {
            Interval c = _components[i];
            if (!c.IsBounded)
            {
                throw new InvalidOperationException($"Cannot sample the unbounded dimension {i}: {c}.");
            }

            p[i] = Math.Clamp(c.Lo + (random.NextDouble() * (c.Hi - c.Lo)), c.Lo, c.Hi);
        }

        return p;
    }

    /// <summary>The 2ⁿ corners (vertices) of the box; at most 20 dimensions.</summary>
    /// <returns>Every corner once (fewer when some components are points).</returns>
    [Pure]
    public IEnumerable<double[]> Corners()
    {
        if (Dimension > 20)
        {
            throw new InvalidOperationException($"A box of {Dimension} dimensions has too many corners to list.");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (long mask = 0; mask < 1L << Dimension; mask++)
        {
            var p = new double[Dimension];
            var key = new StringBuilder();
            for (int i = 0; i < Dimension; i++)
            {
                p[i] = ((mask >> i) & 1) == 0 ? _components[i].Lo : _components[i].Hi;
                key.Append(BitConverter.DoubleToInt64Bits(p[i])).Append(',');
            }

            if (seen.Add(key.ToString()))
            {
                yield return p;
            }
        }
    }

    private void CheckDimension(int dimension)
    {
        if ((uint)dimension >= (uint)Dimension)
        {
            throw new ArgumentOutOfRangeException(nameof(dimension), dimension, $"The box has dimensions 0 to {Dimension - 1}.");
        }
    }

    private void CheckSameDimension(Box other)
    {
        if (other.Dimension != Dimension)
        {
            throw new ArgumentException($"Dimension mismatch: {Dimension} and {other.Dimension}.", nameof(other));
        }
    }

    /// <inheritdoc/>
    public IEnumerator<Interval> GetEnumerator() => ((IEnumerable<Interval>)_components).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc/>
    public bool Equals(Box? other) => other is not null && _components.AsSpan().SequenceEqual(other._components);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as Box);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var h = new HashCode();
        foreach (Interval c in _components)
        {
            h.Add(c);
        }

        return h.ToHashCode();
    }

    /// <inheritdoc/>
    public override string ToString() => "(" + string.Join(", ", _components) + ")";
}
