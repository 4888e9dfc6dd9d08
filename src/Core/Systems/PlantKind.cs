namespace Certus.Core.Systems;

/// <summary>How a plant's equations advance its state.</summary>
public enum PlantKind
{
    /// <summary>An ODE <c>ẋ = f(t, x, u, w)</c>: each equation is a time derivative, integrated over each control period
    /// with the control held (zero-order hold). The default.</summary>
    Continuous = 0,

    /// <summary>A discrete-time map <c>x⁺ = g(t, x, u, w)</c>: each equation is the next value of its state, one step per
    /// control period; the state is defined at the sampling instants only (there is no flow in between).</summary>
    Discrete = 1,
}
