namespace Certus.Reach.HamiltonJacobi;

/// <summary>The total-variation-diminishing Runge-Kutta scheme (Shu and Osher 1988) of the time integration.</summary>
public enum TimeIntegrator
{
    /// <summary>Third order, three stages: <c>u₁ = u + Δτ L(u)</c>, <c>u₂ = ¾u + ¼(u₁ + Δτ L(u₁))</c>,
    /// <c>u' = ⅓u + ⅔(u₂ + Δτ L(u₂))</c> (the default).</summary>
    RungeKutta3 = 0,

    /// <summary>Second order (Heun), two stages: <c>u₁ = u + Δτ L(u)</c>, <c>u' = ½u + ½(u₁ + Δτ L(u₁))</c>.</summary>
    RungeKutta2 = 1,

    /// <summary>First order (forward Euler), one stage.</summary>
    Euler = 2,
}
