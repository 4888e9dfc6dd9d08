using System.Diagnostics.Contracts;
using System.Globalization;

namespace Certus.Reach.HamiltonJacobi;

/// <content>Multilinear interpolation of the value and of the gradient off the grid.</content>
public sealed partial class GridFunction
{
    /// <summary>
    /// The multilinear interpolant of the values at <paramref name="x"/> (exact for functions that are affine in each
    /// coordinate separately on the cell that holds the point). Periodic coordinates wrap around.
    /// </summary>
    /// <param name="x">The point, one coordinate per axis.</param>
    /// <returns>The interpolated value.</returns>
    /// <exception cref="ArgumentException">The point has the wrong length or a coordinate is NaN.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A coordinate of a non-periodic axis lies outside the axis bounds, or a
    /// periodic coordinate is infinite (the message names the axis, the value and the domain).</exception>
    [Pure]
    public double Value(ReadOnlySpan<double> x)
    {
        Span<int> lower = stackalloc int[Grid.MaxDimension];
        Span<int> upper = stackalloc int[Grid.MaxDimension];
        Span<double> t = stackalloc double[Grid.MaxDimension];
        Locate(x, lower, upper, t);
        return Interpolate(_values, lower, upper, t);
    }

    /// <summary>
    /// The gradient at <paramref name="x"/>: the multilinear interpolant of the nodal gradient, which is the central
    /// difference at interior points and the one-sided difference at the ends of non-periodic axes (second-order accurate
    /// inside, first-order at the boundary; exact for affine functions).
    /// </summary>
    /// <param name="x">The point, one coordinate per axis.</param>
    /// <param name="gradient">Receives one partial derivative per axis.</param>
    /// <exception cref="ArgumentException">The point or the gradient span has the wrong length, or a coordinate is NaN.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A coordinate lies outside the domain (see <see cref="Value"/>).</exception>
    public void Gradient(ReadOnlySpan<double> x, Span<double> gradient)
    {
        if (gradient.Length != Grid.Dimension)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The gradient span needs {Grid.Dimension} entries, has {gradient.Length}."), nameof(gradient));
        }

        Span<int> lower = stackalloc int[Grid.MaxDimension];
        Span<int> upper = stackalloc int[Grid.MaxDimension];
        Span<double> t = stackalloc double[Grid.MaxDimension];
        Locate(x, lower, upper, t);
        double[][] nodal = _nodalGradient.Value;
        for (int k = 0; k < gradient.Length; k++)
        {
            gradient[k] = Interpolate(nodal[k], lower, upper, t);
        }
    }

    /// <summary>Whether <paramref name="x"/> lies in the domain (<see cref="Value"/> would not throw for it).</summary>
    /// <param name="x">The point.</param>
    /// <returns>True when every coordinate is a number, within the bounds of non-periodic axes and finite on periodic ones.</returns>
    [Pure]
    public bool Contains(ReadOnlySpan<double> x)
    {
        if (x.Length != Grid.Dimension)
        {
            return false;
        }

        for (int k = 0; k < x.Length; k++)
        {
            GridAxis a = Grid.Axes[k];
            if (double.IsNaN(x[k]) || (a.Periodic ? !double.IsFinite(x[k]) : x[k] < a.Lower || x[k] > a.Upper))
            {
                return false;
            }
        }

        return true;
    }

    // Validates x and finds, per axis, the flat offsets of the cell's two corners and the fraction t in [0, 1].
    private void Locate(ReadOnlySpan<double> x, Span<int> lower, Span<int> upper, Span<double> t)
    {
        int d = Grid.Dimension;
        if (x.Length != d)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The point has {x.Length} coordinates but the grid has {d} axes."), nameof(x));
        }

        for (int k = 0; k < d; k++)
        {
            GridAxis a = Grid.Axes[k];
            double c = x[k];
            if (double.IsNaN(c))
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Coordinate {k} of the query point is NaN."), nameof(x));
            }

            double s;
            int i, n = a.Points;
            if (a.Periodic)
            {
                if (!double.IsFinite(c))
                {
                    throw new ArgumentOutOfRangeException(nameof(x), c, string.Create(CultureInfo.InvariantCulture, $"Coordinate {k} = {c} is not finite; periodic axis {k} covers [{a.Lower}, {a.Upper}) and wraps, but needs a finite value."));
                }

                double period = a.Upper - a.Lower;
                double u = (c - a.Lower) % period;
                if (u < 0)
                {
                    u += period;
                }

                s = u / a.Spacing;
                i = Math.Min((int)s, n - 1);
                t[k] = Math.Clamp(s - i, 0, 1);
                lower[k] = i * Grid.Stride(k);
                upper[k] = (i + 1 == n ? 0 : i + 1) * Grid.Stride(k);
            }
            else
            {
                if (c < a.Lower || c > a.Upper)
                {
                    throw new ArgumentOutOfRangeException(nameof(x), c, string.Create(CultureInfo.InvariantCulture, $"Coordinate {k} = {c} is outside the domain [{a.Lower}, {a.Upper}] of axis {k}."));
                }

                s = (c - a.Lower) / a.Spacing;
                i = Math.Min((int)s, n - 2);
                t[k] = Math.Clamp(s - i, 0, 1);
                lower[k] = i * Grid.Stride(k);
                upper[k] = (i + 1) * Grid.Stride(k);
            }
        }
    }

    private double Interpolate(double[] values, ReadOnlySpan<int> lower, ReadOnlySpan<int> upper, ReadOnlySpan<double> t)
    {
        int d = Grid.Dimension;
        double sum = 0;
        for (int corner = 0; corner < 1 << d; corner++)
        {
            double w = 1;
            int flat = 0;
            for (int k = 0; k < d; k++)
            {
                if ((corner >> k & 1) == 0)
                {
                    w *= 1 - t[k];
                    flat += lower[k];
                }
                else
                {
                    w *= t[k];
                    flat += upper[k];
                }
            }

            if (w != 0)
            {
                sum += w * values[flat];
            }
        }

        return sum;
    }
}
