namespace Certus.Reach.HamiltonJacobi;

/// <summary>How the target enters the evolution: the set at one time or the tube up to that time.</summary>
public enum TubeForm
{
    /// <summary>The backward reachable tube by the minimum with the target (the default): after every time step
    /// <c>V ← min(V, g)</c>, the discrete form of the variational inequality <c>min(g − V, ∂V/∂τ − H) = 0</c>.
    /// <c>V(τ, x) ≤ 0</c> exactly when the minimizing player can force <c>g ≤ 0</c> at some time within <c>τ</c>, and
    /// <c>V ≤ g</c> everywhere.</summary>
    MinWithTarget = 0,

    /// <summary>The backward reachable tube by the "minimum with zero" form <c>∂V/∂τ = min(0, H(x, ∇V))</c> (Mitchell,
    /// Bayen and Tomlin 2005): the rate is clipped at 0 in every Runge-Kutta stage, so the value never increases in τ
    /// at any grid point. Same zero sublevel set as <see cref="MinWithTarget"/>, different values elsewhere.</summary>
    NonIncreasing = 1,

    /// <summary>No tube: the plain terminal-value evolution <c>∂V/∂τ = H(x, ∇V)</c>, whose zero sublevel set is the
    /// backward reachable set at exactly time τ (the form used by the epigraph problems of <see cref="Epigraph"/>).</summary>
    None = 2,
}
