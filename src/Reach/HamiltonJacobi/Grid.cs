using System.Collections.ObjectModel;
using System.Diagnostics.Contracts;
using System.Globalization;

namespace Certus.Reach.HamiltonJacobi;

/// <summary>
/// A Cartesian grid in 2 to 4 dimensions, stored row-major: the last axis is contiguous, and the flat index of point
/// <c>(i₀, …, i_{d−1})</c> is <c>Σ i_k · Stride(k)</c>.
/// </summary>
/// <remarks>Immutable. Axis coordinates are computed once (<see cref="Coordinates"/>).</remarks>
public sealed class Grid
{
    /// <summary>The fewest dimensions of a grid.</summary>
    public const int MinDimension = 2;

    /// <summary>The most dimensions of a grid.</summary>
    public const int MaxDimension = 4;

    private readonly GridAxis[] _axes;
    private readonly int[] _strides;
    private readonly double[][] _coordinates;

    /// <summary>Creates a grid from its axes.</summary>
    /// <param name="axes">Between <see cref="MinDimension"/> and <see cref="MaxDimension"/> validated axes.</param>
    /// <exception cref="ArgumentException">Too few or too many axes, a <c>default</c> axis, or more than 2³¹ − 1 points.</exception>
    public Grid(params ReadOnlySpan<GridAxis> axes)
    {
        if (axes.Length is < MinDimension or > MaxDimension)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"A grid has {MinDimension} to {MaxDimension} axes, got {axes.Length}."), nameof(axes));
        }

        _axes = axes.ToArray();
        _strides = new int[_axes.Length];
        _coordinates = new double[_axes.Length][];
        long count = 1;
        for (int k = _axes.Length - 1; k >= 0; k--)
        {
            if (_axes[k].Points < GridAxis.MinPoints)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Axis {k} has {_axes[k].Points} points; build axes with the GridAxis constructor."), nameof(axes));
            }

            _strides[k] = (int)count;
            count *= _axes[k].Points;
            if (count > int.MaxValue)
            {
                throw new ArgumentException("The grid has more than 2^31 - 1 points.", nameof(axes));
            }

            _coordinates[k] = new double[_axes[k].Points];
            for (int i = 0; i < _axes[k].Points; i++)
            {
                _coordinates[k][i] = _axes[k].Coordinate(i);
            }
        }

        Count = (int)count;
        Axes = new ReadOnlyCollection<GridAxis>(_axes);
    }

    /// <summary>The axes, in storage order (the last is contiguous).</summary>
    public IReadOnlyList<GridAxis> Axes { get; }

    /// <summary>The number of dimensions.</summary>
    public int Dimension => _axes.Length;

    /// <summary>The number of grid points.</summary>
    public int Count { get; }

    /// <summary>The spacing of axis <paramref name="dimension"/>.</summary>
    /// <param name="dimension">The axis, in <c>[0, Dimension)</c>.</param>
    /// <returns>The spacing.</returns>
    [Pure]
    public double Spacing(int dimension) => _axes[dimension].Spacing;

    /// <summary>The flat-index stride of axis <paramref name="dimension"/> (1 for the last axis).</summary>
    /// <param name="dimension">The axis, in <c>[0, Dimension)</c>.</param>
    /// <returns>The stride.</returns>
    [Pure]
    public int Stride(int dimension) => _strides[dimension];

    /// <summary>The coordinates of the points of axis <paramref name="dimension"/>, in index order.</summary>
    /// <param name="dimension">The axis, in <c>[0, Dimension)</c>.</param>
    /// <returns>A view of the cached coordinates.</returns>
    [Pure]
    public ReadOnlySpan<double> Coordinates(int dimension) => _coordinates[dimension];

    /// <summary>The flat index of the point with the given axis indices.</summary>
    /// <param name="indices">One index per axis, each in range.</param>
    /// <returns>The flat index.</returns>
    /// <exception cref="ArgumentException">The number of indices is not <see cref="Dimension"/> or an index is out of range.</exception>
    [Pure]
    public int Index(params ReadOnlySpan<int> indices)
    {
        if (indices.Length != Dimension)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Expected {Dimension} indices, got {indices.Length}."), nameof(indices));
        }

        int flat = 0;
        for (int k = 0; k < indices.Length; k++)
        {
            if ((uint)indices[k] >= (uint)_axes[k].Points)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Index {indices[k]} of axis {k} is outside [0, {_axes[k].Points})."), nameof(indices));
            }

            flat += indices[k] * _strides[k];
        }

        return flat;
    }

    /// <summary>Writes the coordinates of the point with flat index <paramref name="index"/> into <paramref name="point"/>.</summary>
    /// <param name="index">The flat index, in <c>[0, Count)</c>.</param>
    /// <param name="point">Receives <see cref="Dimension"/> coordinates.</param>
    public void Point(int index, Span<double> point)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        if (point.Length < Dimension)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The point span needs {Dimension} entries, has {point.Length}."), nameof(point));
        }

        for (int k = 0; k < Dimension; k++)
        {
            int i = index / _strides[k];
            index -= i * _strides[k];
            point[k] = _coordinates[k][i];
        }
    }

    /// <inheritdoc/>
    public override string ToString() => string.Join(" x ", _axes.Select(a => a.ToString()));
}
