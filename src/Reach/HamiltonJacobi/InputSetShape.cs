namespace Certus.Reach.HamiltonJacobi;

/// <summary>The shape of a single integrator's input set.</summary>
public enum InputSetShape
{
    /// <summary>A box: <c>|u_k| ≤ u_max</c> for each component; <c>min_u p · u = −u_max · Σ|p_k|</c>.</summary>
    Box = 0,

    /// <summary>A Euclidean ball: <c>‖u‖₂ ≤ u_max</c>; <c>min_u p · u = −u_max · ‖p‖₂</c>.</summary>
    Ball = 1,
}
