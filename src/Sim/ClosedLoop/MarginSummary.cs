namespace Certus.Sim.ClosedLoop;

/// <summary>The smallest margin along one trajectory and where it occurred.</summary>
/// <param name="MinimumMargin">The smallest margin over every stored point (NaN margins count as −∞; +∞ if every margin was +∞).</param>
/// <param name="Time">The time of the first stored point that attains it.</param>
/// <param name="PointIndex">Its index among the stored points of the run (see <see cref="Trajectory"/>).</param>
public readonly record struct MarginSummary(double MinimumMargin, double Time, int PointIndex)
{
    /// <summary>Whether the margin went below zero somewhere.</summary>
    public bool IsViolated => MinimumMargin < 0;
}
