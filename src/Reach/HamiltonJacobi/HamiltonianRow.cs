using System.Globalization;

namespace Certus.Reach.HamiltonJacobi;

/// <summary>
/// One row of grid points along the last (contiguous) axis, with the costate <c>p = ∇V</c> (the Lax-Friedrichs average
/// of the left and right upwind derivatives) at each point: the unit of work of
/// <see cref="Hamiltonian.EvaluateRow(in HamiltonianRow, Span{double})"/>.
/// </summary>
/// <remarks>A row always spans the whole last axis: point <c>j</c> has the coordinates of <see cref="Start"/> in the
/// other axes and <c>Along[j] = Grid.Coordinates(Dimension − 1)[j]</c> in the last.</remarks>
public readonly ref struct HamiltonianRow
{
    private readonly ReadOnlySpan<double> _p0;
    private readonly ReadOnlySpan<double> _p1;
    private readonly ReadOnlySpan<double> _p2;
    private readonly ReadOnlySpan<double> _p3;

    /// <summary>Creates a row.</summary>
    /// <param name="grid">The grid.</param>
    /// <param name="start">The coordinates of the row's first point (one per axis).</param>
    /// <param name="p0">The costate component of axis 0 at each point of the row.</param>
    /// <param name="p1">The costate component of axis 1.</param>
    /// <param name="p2">Axis 2 (empty for a 2-D grid).</param>
    /// <param name="p3">Axis 3 (empty below 4-D).</param>
    /// <exception cref="ArgumentException">A span length does not match the grid.</exception>
    public HamiltonianRow(Grid grid, ReadOnlySpan<double> start, ReadOnlySpan<double> p0, ReadOnlySpan<double> p1, ReadOnlySpan<double> p2, ReadOnlySpan<double> p3)
    {
        ArgumentNullException.ThrowIfNull(grid);
        int d = grid.Dimension, n = grid.Axes[d - 1].Points;
        if (start.Length != d || p0.Length != n || p1.Length != n || p2.Length != (d > 2 ? n : 0) || p3.Length != (d > 3 ? n : 0))
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"A row of this grid has {d} start coordinates and {d} costate spans of {n} entries."), nameof(grid));
        }

        Grid = grid;
        Start = start;
        _p0 = p0;
        _p1 = p1;
        _p2 = p2;
        _p3 = p3;
    }

    /// <summary>The grid.</summary>
    public Grid Grid { get; }

    /// <summary>The coordinates of the row's first point.</summary>
    public ReadOnlySpan<double> Start { get; }

    /// <summary>The last-axis coordinate of each point of the row.</summary>
    public ReadOnlySpan<double> Along => Grid.Coordinates(Grid.Dimension - 1);

    /// <summary>The number of points in the row.</summary>
    public int Count => _p0.Length;

    /// <summary>The costate component <c>p_k = ∂V/∂x_k</c> at each point of the row.</summary>
    /// <param name="dimension">The axis <c>k</c>, in <c>[0, Grid.Dimension)</c>.</param>
    /// <returns>The component, one entry per point.</returns>
    public ReadOnlySpan<double> Costate(int dimension) => dimension switch
    {
        0 => _p0,
        1 => _p1,
        2 when Grid.Dimension > 2 => _p2,
        3 when Grid.Dimension > 3 => _p3,
        _ => throw new ArgumentOutOfRangeException(nameof(dimension), dimension, string.Create(CultureInfo.InvariantCulture, $"The grid has {Grid.Dimension} axes.")),
    };
}
