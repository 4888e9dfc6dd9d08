using System.Diagnostics.Contracts;
using System.Globalization;

namespace Certus.Reach.HamiltonJacobi;

/// <summary>
/// Values at the points of a <see cref="Grid"/> (a value function, a target or a constraint), with multilinear
/// interpolation of the value and its gradient between the points (<see cref="GridFunction"/>'s other part).
/// </summary>
/// <remarks>Immutable; the values are finite (NaN and infinities are rejected on construction).</remarks>
public sealed partial class GridFunction
{
    private readonly double[] _values;
    private readonly Lazy<double[][]> _nodalGradient;

    /// <summary>Creates a function from its values (copied).</summary>
    /// <param name="grid">The grid.</param>
    /// <param name="values">One finite value per grid point, in flat-index order.</param>
    /// <exception cref="ArgumentException">The length does not match or a value is not finite.</exception>
    public GridFunction(Grid grid, ReadOnlySpan<double> values)
        : this(grid, values.ToArray(), validate: true)
    {
    }

    internal GridFunction(Grid grid, double[] owned, bool validate)
    {
        ArgumentNullException.ThrowIfNull(grid);
        if (owned.Length != grid.Count)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The grid has {grid.Count} points but {owned.Length} values were given."), nameof(owned));
        }

        if (validate)
        {
            for (int i = 0; i < owned.Length; i++)
            {
                if (!double.IsFinite(owned[i]))
                {
                    throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The value at flat index {i} is {owned[i]}; values must be finite."), nameof(owned));
                }
            }
        }

        Grid = grid;
        _values = owned;
        _nodalGradient = new Lazy<double[][]>(ComputeNodalGradient, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The grid.</summary>
    public Grid Grid { get; }

    /// <summary>The values in flat-index order.</summary>
    public ReadOnlySpan<double> Values => _values;

    internal double[] Array => _values;

    /// <summary>The value at flat index <paramref name="index"/>.</summary>
    /// <param name="index">The flat index.</param>
    public double this[int index] => _values[index];

    /// <summary>Samples <paramref name="function"/> at every grid point.</summary>
    /// <param name="grid">The grid.</param>
    /// <param name="function">The function; must return finite values.</param>
    /// <returns>The sampled function.</returns>
    /// <exception cref="ArgumentException">The function returned a value that is not finite (the message names the point).</exception>
    public static GridFunction Sample(Grid grid, PointFunction function)
    {
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(function);
        double[] values = new double[grid.Count];
        Span<double> x = stackalloc double[grid.Dimension];
        for (int i = 0; i < values.Length; i++)
        {
            grid.Point(i, x);
            double v = function(x);
            if (!double.IsFinite(v))
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The function is {v} at ({string.Join(", ", x.ToArray())}); it must be finite on the grid."), nameof(function));
            }

            values[i] = v;
        }

        return new GridFunction(grid, values, validate: false);
    }

    /// <summary>The fraction of grid points where the value is at most <paramref name="level"/> (for a periodic axis
    /// every point counts once): an estimate of the relative volume of the sublevel set.</summary>
    /// <param name="level">The level (default 0).</param>
    /// <returns>A number in <c>[0, 1]</c>.</returns>
    [Pure]
    public double SublevelFraction(double level = 0)
    {
        int count = 0;
        foreach (double v in _values)
        {
            if (v <= level)
            {
                count++;
            }
        }

        return (double)count / _values.Length;
    }

    // Central differences at interior points; one-sided first differences at the ends of non-periodic axes.
    private double[][] ComputeNodalGradient()
    {
        int d = Grid.Dimension;
        double[][] gradient = new double[d][];
        for (int k = 0; k < d; k++)
        {
            GridAxis axis = Grid.Axes[k];
            int stride = Grid.Stride(k), n = axis.Points;
            double h = axis.Spacing;
            double[] g = gradient[k] = new double[_values.Length];
            for (int flat = 0; flat < _values.Length; flat++)
            {
                int i = flat / stride % n;
                int below = flat - stride, above = flat + stride;
                double span = 2 * h;
                if (i == 0)
                {
                    if (axis.Periodic)
                    {
                        below = flat + ((n - 1) * stride);
                    }
                    else
                    {
                        below = flat;
                        span = h;
                    }
                }

                if (i == n - 1)
                {
                    if (axis.Periodic)
                    {
                        above = flat - ((n - 1) * stride);
                    }
                    else
                    {
                        above = flat;
                        span = h;
                    }
                }

                g[flat] = (_values[above] - _values[below]) / span;
            }
        }

        return gradient;
    }
}
