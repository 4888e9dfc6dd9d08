namespace Certus.Sim.ClosedLoop;

/// <summary>How a run's margins over its stored points make the run's value.</summary>
public enum MarginAggregate
{
    /// <summary>The smallest margin (a safety property: violated when some point is below 0).</summary>
    Minimum,

    /// <summary>The largest margin (a reach property, <c>eventually</c>: violated when every point is below 0, the goal
    /// never reached); NaN and −∞ margins (points outside the window) do not count.</summary>
    Maximum,
}

/// <summary>The smallest margin along one trajectory and where it occurred (the largest, for <see cref="MarginAggregate.Maximum"/>).</summary>
/// <param name="MinimumMargin">The smallest margin over every stored point (NaN margins count as −∞; +∞ if every margin
/// was +∞); for <see cref="MarginAggregate.Maximum"/> the largest (−∞ if none counts).</param>
/// <param name="Time">The time of the first stored point that attains it.</param>
/// <param name="PointIndex">Its index among the stored points of the run (see <see cref="Trajectory"/>).</param>
public readonly record struct MarginSummary(double MinimumMargin, double Time, int PointIndex)
{
    /// <summary>Whether the margin went below zero somewhere.</summary>
    public bool IsViolated => MinimumMargin < 0;
}
