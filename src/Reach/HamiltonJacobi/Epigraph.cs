using System.Globalization;

namespace Certus.Reach.HamiltonJacobi;

/// <summary>
/// The epigraph form of a state-constrained optimal control problem (Altarovici, Bokanowski and Zidani 2013; the
/// formulation that MAD-PINN learns): the cost budget <c>z</c> is an extra, last grid axis.
/// </summary>
/// <remarks>
/// <para>Problem: from state <c>x</c> with time-to-go <c>τ</c>, minimize <c>φ(x(τ)) + ∫₀^τ l(x(s)) ds</c> subject to
/// <c>g(x(s)) ≤ 0</c> for all <c>s ∈ [0, τ]</c>. Epigraph value:
/// <c>V(τ, x, z) = min_u max( φ(x(τ)) + ∫₀^τ l ds − z, max_{s ≤ τ} g(x(s)) )</c>,
/// so that the optimal cost is <c>C(τ, x) = min { z : V(τ, x, z) ≤ 0 }</c> (<see cref="TryMinimalBudget"/>).
/// With <c>ż = −l(x)</c> the cost becomes a terminal one and <c>V</c> solves
/// <c>max(∂V/∂τ − H_e(x, z, ∇V), g(x) − V) = 0</c> with <c>V(0, x, z) = max(g(x), φ(x) − z)</c> and
/// <c>H_e = H(x, p) − p_z · l(x)</c> (<see cref="EpigraphHamiltonian"/>); discretely, the plain evolution
/// (<see cref="TubeForm.None"/>) with the constraint <c>V ← max(V, g)</c> after every step.</para>
/// <para>The budget axis must cover the costs of interest: below its lower bound every budget counts as feasible
/// (<see cref="TryMinimalBudget"/> returns the lower bound), above its upper bound none does. Its boundaries use linear
/// extrapolation, which is exact where <c>V = C − z</c> (budget constraint active).</para>
/// </remarks>
public static class Epigraph
{
    /// <summary>Builds the epigraph problem on a grid whose last axis is the budget <c>z</c>.</summary>
    /// <param name="grid">The grid: the state axes, then the budget axis (not periodic).</param>
    /// <param name="hamiltonian">The epigraph Hamiltonian, with <c>grid.Dimension − 1</c> state axes.</param>
    /// <param name="terminalCost">The terminal cost <c>φ(x)</c> (called with the state coordinates only).</param>
    /// <param name="constraint">The state constraint <c>g(x)</c>, feasible where <c>g ≤ 0</c> (state coordinates only).</param>
    /// <param name="horizon">The time-to-go <c>T</c> (finite, positive).</param>
    /// <param name="snapshots">The number of saved times (default 1, see <see cref="LevelSetProblem.Snapshots"/>).</param>
    /// <returns>The problem: <see cref="TubeForm.None"/>, terminal value <c>max(g(x), φ(x) − z)</c>, constraint <c>g(x)</c>.</returns>
    /// <exception cref="ArgumentException">The dimensions do not match or the budget axis is periodic.</exception>
    public static LevelSetProblem Problem(Grid grid, EpigraphHamiltonian hamiltonian, PointFunction terminalCost, PointFunction constraint, double horizon, int snapshots = 1)
    {
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(hamiltonian);
        ArgumentNullException.ThrowIfNull(terminalCost);
        ArgumentNullException.ThrowIfNull(constraint);
        int n = hamiltonian.StateDimension;
        if (grid.Dimension != n + 1)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The grid needs {n} state axes and a budget axis, has {grid.Dimension} axes."), nameof(grid));
        }

        if (grid.Axes[n].Periodic)
        {
            throw new ArgumentException("The budget axis (the last) cannot be periodic.", nameof(grid));
        }

        GridFunction g = GridFunction.Sample(grid, x => constraint(x[..n]));
        GridFunction terminal = GridFunction.Sample(grid, x => Math.Max(constraint(x[..n]), terminalCost(x[..n]) - x[n]));
        return new LevelSetProblem(hamiltonian, terminal, horizon) { Tube = TubeForm.None, Constraint = g, Snapshots = snapshots };
    }

    /// <summary>
    /// The smallest budget <c>z</c> on the grid's budget axis with <c>V(x, z) ≤ 0</c>: the first budget grid point where the
    /// interpolated value is at most 0, refined by linear interpolation with the point below it.
    /// </summary>
    /// <param name="value">The epigraph value (budget last).</param>
    /// <param name="state">The state <c>x</c> (<c>Dimension − 1</c> coordinates, inside the domain).</param>
    /// <param name="budget">The smallest feasible budget (the axis' lower bound when even that is feasible); positive
    /// infinity when no budget on the axis is.</param>
    /// <returns>Whether some budget on the axis is feasible.</returns>
    /// <exception cref="ArgumentException">The state has the wrong length or a NaN.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The state is outside the domain.</exception>
    public static bool TryMinimalBudget(GridFunction value, ReadOnlySpan<double> state, out double budget)
    {
        ArgumentNullException.ThrowIfNull(value);
        int n = value.Grid.Dimension - 1;
        if (state.Length != n)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The state needs {n} coordinates, has {state.Length}."), nameof(state));
        }

        Span<double> point = stackalloc double[n + 1];
        state.CopyTo(point);
        ReadOnlySpan<double> z = value.Grid.Coordinates(n);
        double previous = double.NaN;
        for (int i = 0; i < z.Length; i++)
        {
            point[n] = z[i];
            double v = value.Value(point);
            if (v <= 0)
            {
                budget = i == 0 ? z[0] : z[i - 1] + ((z[i] - z[i - 1]) * previous / (previous - v));
                return true;
            }

            previous = v;
        }

        budget = double.PositiveInfinity;
        return false;
    }
}
