namespace Certus.Reach.HamiltonJacobi;

/// <summary>
/// The Hamiltonian <c>H(x, p)</c> of a level-set problem and a bound on its sensitivity to the costate, for the
/// Lax-Friedrichs scheme.
/// </summary>
/// <remarks>
/// <para><b>Sign convention.</b> The solver integrates, in time-to-go <c>τ = T − t</c> (so that <c>V(0, ·)</c> is the
/// terminal value), the equation <c>∂V/∂τ = H(x, ∇V)</c> with
/// <c>H(x, p) = ext_u ext_d p · f(x, u, d)</c>, where each player takes the extremum that it wants <c>V</c> to take:
/// a player that wants to reach <c>{V ≤ 0}</c> (the control of a reach problem, the pursuer of a capture game) minimizes
/// <c>p · f</c>, a player that wants to avoid it (a disturbance, the evader) maximizes. This is the terminal-cost form
/// <c>∂V/∂t + H(x, ∇V) = 0</c> in forward time <c>t</c>. For <c>ẋ = u</c>, <c>|u| ≤ v</c>, reaching a target,
/// <c>H(x, p) = −v·|p|</c>: <c>V</c> decreases and <c>{V ≤ 0}</c> grows by <c>v</c> per unit of time.</para>
/// <para><b>Dissipation bound.</b> <see cref="DissipationBounds"/> returns <c>α_k ≥ max |∂H/∂p_k|</c> over the grid's
/// points and over all costates, the largest speed of axis <c>k</c> (for <c>H = ext p · f</c>, <c>α_k = max |f_k|</c> over the
/// grid and the input sets). The Lax-Friedrichs scheme is monotone only with such a bound, and the time step is
/// <c>Δτ = CFL / Σ_k α_k / Δx_k</c>.</para>
/// <para>Subclasses implement the scalar <see cref="Evaluate"/>; overriding
/// <see cref="EvaluateRow(in HamiltonianRow, Span{double})"/> with a tight (vectorised) loop is what makes a solver fast.</para>
/// </remarks>
public abstract class Hamiltonian
{
    /// <summary>The state dimension (the grid's number of axes).</summary>
    public abstract int Dimension { get; }

    /// <summary>A short description for results and logs.</summary>
    public abstract string Name { get; }

    /// <summary>The Hamiltonian at one point.</summary>
    /// <param name="x">The state, <see cref="Dimension"/> coordinates.</param>
    /// <param name="p">The costate <c>∇V</c>, <see cref="Dimension"/> components.</param>
    /// <returns><c>H(x, p)</c>.</returns>
    public abstract double Evaluate(ReadOnlySpan<double> x, ReadOnlySpan<double> p);

    /// <summary>Writes <c>α_k ≥ max |∂H/∂p_k|</c> over the points of <paramref name="grid"/> and all costates, per axis.</summary>
    /// <param name="grid">The grid the problem is solved on.</param>
    /// <param name="alpha">Receives one finite, non-negative bound per axis.</param>
    public abstract void DissipationBounds(Grid grid, Span<double> alpha);

    /// <summary>The Hamiltonian at every point of a row; the default calls <see cref="Evaluate"/> point by point.</summary>
    /// <param name="row">The row's points and costates.</param>
    /// <param name="values">Receives <c>H</c> at each point of the row (<see cref="HamiltonianRow.Count"/> entries).</param>
    public virtual void EvaluateRow(in HamiltonianRow row, Span<double> values)
    {
        int d = row.Grid.Dimension;
        Span<double> x = stackalloc double[d];
        Span<double> p = stackalloc double[d];
        row.Start.CopyTo(x);
        ReadOnlySpan<double> along = row.Along;
        for (int j = 0; j < row.Count; j++)
        {
            x[d - 1] = along[j];
            for (int k = 0; k < d; k++)
            {
                p[k] = row.Costate(k)[j];
            }

            values[j] = Evaluate(x, p);
        }
    }

    /// <inheritdoc/>
    public override string ToString() => Name;
}
