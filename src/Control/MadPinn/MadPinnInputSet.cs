namespace Certus.Control.MadPinn;

/// <summary>The set every agent's control lies in; it fixes the closed form of the Hamiltonian's minimum.</summary>
public enum MadPinnInputSet
{
    /// <summary>The box <c>|u_x| ≤ u_max, |u_y| ≤ u_max</c>: <c>min_u c·u = −u_max (|c_x| + |c_y|)</c>, minimizer <c>u = −u_max sign(c)</c>.</summary>
    Box,

    /// <summary>The disc <c>‖u‖₂ ≤ u_max</c>: <c>min_u c·u = −u_max ‖c‖₂</c>, minimizer <c>u = −u_max c/‖c‖₂</c>.</summary>
    Ball,
}
