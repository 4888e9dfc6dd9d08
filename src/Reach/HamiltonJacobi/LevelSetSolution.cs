namespace Certus.Reach.HamiltonJacobi;

/// <summary>The result of <see cref="LevelSetSolver.Solve"/>: the value at the horizon, the saved snapshots, and how it
/// was computed.</summary>
/// <param name="Problem">The problem solved.</param>
/// <param name="Solver">The solver (options) that solved it.</param>
/// <param name="Snapshots">The values at <c>τ = 0</c> (after the target and constraint are applied) and at the
/// <see cref="LevelSetProblem.Snapshots"/> equally spaced times up to the horizon, in increasing τ.</param>
/// <param name="Steps">The number of time steps taken.</param>
/// <param name="MaxTimeStep">The CFL-limited step <c>CFL / Σ_k α_k / Δx_k</c> (steps are at most this long; they are
/// shortened evenly to land on the snapshot times).</param>
/// <param name="Dissipation">The Lax-Friedrichs bounds <c>α_k</c> used, one per axis.</param>
/// <param name="Elapsed">The wall-clock time of the solve.</param>
public sealed record LevelSetSolution(
    LevelSetProblem Problem,
    LevelSetSolver Solver,
    IReadOnlyList<ValueSnapshot> Snapshots,
    int Steps,
    double MaxTimeStep,
    IReadOnlyList<double> Dissipation,
    TimeSpan Elapsed)
{
    /// <summary>The value at the horizon, <c>V(T, ·)</c>.</summary>
    public GridFunction Value => Snapshots[^1].Value;
}
