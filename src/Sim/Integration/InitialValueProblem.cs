using Certus.Core.Systems;

namespace Certus.Sim.Integration;

/// <summary>
/// An initial value problem <c>ẋ = f(t, x, v)</c>, <c>x(StartTime) = InitialState</c>, with the inputs <c>v</c>
/// held constant over <c>[StartTime, EndTime]</c>. Checked when solved by <see cref="OdeSolver.Solve"/>.
/// </summary>
public sealed record InitialValueProblem
{
    /// <summary>The vector field.</summary>
    public required VectorField Field { get; init; }

    /// <summary>The state at <see cref="StartTime"/>: at least one finite value.</summary>
    public required IReadOnlyList<double> InitialState { get; init; }

    /// <summary>The inputs held over the interval (default none).</summary>
    public IReadOnlyList<double> Inputs { get; init; } = [];

    /// <summary>Start time (default 0).</summary>
    public double StartTime { get; init; }

    /// <summary>End time, finite and not before <see cref="StartTime"/>.</summary>
    public required double EndTime { get; init; }
}
