using System.Diagnostics.Contracts;
using System.Globalization;

namespace Certus.Reach.HamiltonJacobi;

/// <summary>
/// One axis of a <see cref="Grid"/>: bounds, number of points and whether the axis is periodic (an angle).
/// </summary>
/// <remarks>
/// <para>A non-periodic axis has its points at <c>Lower + i·h</c>, <c>i = 0 … Points − 1</c>, with
/// <c>h = (Upper − Lower) / (Points − 1)</c>: both bounds are grid points. A periodic axis identifies <c>Upper</c> with
/// <c>Lower</c> (the period is <c>Upper − Lower</c>) and has its points at <c>Lower + i·h</c> with
/// <c>h = (Upper − Lower) / Points</c>: <c>Upper</c> itself is not stored (an angle in <c>[−π, π)</c> is
/// <c>new GridAxis(-Math.PI, Math.PI, 51, periodic: true)</c>).</para>
/// <para><c>default(GridAxis)</c> has no points and is rejected by <see cref="Grid"/>.</para>
/// </remarks>
public readonly record struct GridAxis
{
    /// <summary>The fewest points on an axis (the upwind stencils reach three points to each side).</summary>
    public const int MinPoints = 4;

    /// <summary>Creates and validates an axis.</summary>
    /// <param name="lower">The lower bound (finite).</param>
    /// <param name="upper">The upper bound (finite, greater than <paramref name="lower"/>); for a periodic axis, the
    /// bound identified with <paramref name="lower"/>.</param>
    /// <param name="points">The number of grid points, at least <see cref="MinPoints"/>.</param>
    /// <param name="periodic">Whether the axis wraps around (default false).</param>
    /// <exception cref="ArgumentException">A bound is not finite, the bounds are not increasing, or there are too few points.</exception>
    public GridAxis(double lower, double upper, int points, bool periodic = false)
    {
        if (!double.IsFinite(lower) || !double.IsFinite(upper) || !(lower < upper))
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"A grid axis needs finite bounds with lower < upper, got [{lower}, {upper}]."), nameof(upper));
        }

        if (points < MinPoints)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"A grid axis needs at least {MinPoints} points, got {points}."), nameof(points));
        }

        Lower = lower;
        Upper = upper;
        Points = points;
        Periodic = periodic;
    }

    /// <summary>The lower bound.</summary>
    public double Lower { get; }

    /// <summary>The upper bound (for a periodic axis, identified with <see cref="Lower"/> and not a stored point).</summary>
    public double Upper { get; }

    /// <summary>The number of grid points.</summary>
    public int Points { get; }

    /// <summary>Whether the axis is periodic.</summary>
    public bool Periodic { get; }

    /// <summary>The spacing <c>h</c> between neighbouring points (see the remarks of <see cref="GridAxis"/>).</summary>
    public double Spacing => Periodic ? (Upper - Lower) / Points : (Upper - Lower) / (Points - 1);

    /// <summary>The coordinate of point <paramref name="index"/>: <c>Lower + index·Spacing</c>.</summary>
    /// <param name="index">The point index, in <c>[0, Points)</c>.</param>
    /// <returns>The coordinate.</returns>
    [Pure]
    public double Coordinate(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Points);
        return index == Points - 1 && !Periodic ? Upper : Lower + (index * Spacing);
    }

    /// <inheritdoc/>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"[{Lower}, {Upper}{(Periodic ? ")" : "]")} x {Points}{(Periodic ? " periodic" : string.Empty)}");
}
