namespace Certus.Reach.HamiltonJacobi;

/// <summary>What the input of a one-player Hamiltonian wants of the set <c>{V ≤ 0}</c>.</summary>
public enum PlayerGoal
{
    /// <summary>Reach it: the input minimizes <c>p · f</c>, so <c>V</c> decreases and the backward reachable set grows
    /// (the default).</summary>
    Reach = 0,

    /// <summary>Avoid it: the input maximizes <c>p · f</c> (a disturbance that pushes into the set has to be overcome,
    /// or the set of states from which entering cannot be prevented shrinks).</summary>
    Avoid = 1,
}
