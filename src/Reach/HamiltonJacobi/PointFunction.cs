namespace Certus.Reach.HamiltonJacobi;

/// <summary>A real function of a grid point (a target, constraint, running or terminal cost).</summary>
/// <param name="x">The point's coordinates, one per grid axis.</param>
/// <returns>The value (finite).</returns>
public delegate double PointFunction(ReadOnlySpan<double> x);
