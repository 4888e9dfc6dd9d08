namespace Certus.Core.Systems;

/// <summary>
/// The right-hand side of an ODE <c>ẋ = f(t, x, v)</c> on doubles, writing <c>f</c> into <paramref name="derivative"/>.
/// </summary>
/// <param name="t">Time.</param>
/// <param name="state">The state <c>x</c>.</param>
/// <param name="inputs">The held inputs <c>v</c>: the controls first, then the disturbances (see <see cref="IClosedLoopPlant"/>).</param>
/// <param name="derivative">Receives <c>ẋ</c>; the same length as <paramref name="state"/>.</param>
/// <remarks>Implementations must be thread-safe (ensembles call one instance from many threads) and must not
/// keep references to the spans.</remarks>
public delegate void VectorField(double t, ReadOnlySpan<double> state, ReadOnlySpan<double> inputs, Span<double> derivative);

/// <summary>A plant ready for numerical simulation: dimensions and a compiled vector field.</summary>
public interface IClosedLoopPlant
{
    /// <summary>Number of states.</summary>
    int StateCount { get; }

    /// <summary>Number of control inputs (the first entries of the input vector).</summary>
    int ControlCount { get; }

    /// <summary>Number of disturbances (the entries after the controls).</summary>
    int DisturbanceCount { get; }

    /// <summary>The vector field over states and (controls, disturbances); for a discrete-time plant
    /// (<see cref="IsDiscrete"/>) it writes the next state instead of the derivative.</summary>
    VectorField Field { get; }

    /// <summary>Whether <see cref="Field"/> is a next-state map <c>x⁺ = g(t, x, v)</c>, applied once per control period,
    /// rather than a derivative (default false: an ODE).</summary>
    bool IsDiscrete => false;
}

/// <summary>A state-feedback controller evaluated on doubles (for simulation), such as a neural controller.</summary>
public interface IStateFeedback
{
    /// <summary>Number of plant states the controller reads.</summary>
    int StateCount { get; }

    /// <summary>Number of controls it produces.</summary>
    int ControlCount { get; }

    /// <summary>Computes the controls for a state. Must be thread-safe.</summary>
    /// <param name="time">The sampling instant.</param>
    /// <param name="state">The sampled state.</param>
    /// <param name="control">Receives <see cref="ControlCount"/> values.</param>
    void Compute(double time, ReadOnlySpan<double> state, Span<double> control);
}

/// <summary>
/// A controller with a finite mode and choices left to the environment, evaluated on doubles (for simulation): at each
/// sampling instant it reads the state and the current mode, and gives the next mode and the controls; where a control
/// is the environment's choice, a selector in [0, 1] picks it (see <see cref="ControlCase.Choose"/>).
/// </summary>
public interface IModalFeedback
{
    /// <summary>Number of plant states the controller reads.</summary>
    int StateCount { get; }

    /// <summary>Number of controls it produces.</summary>
    int ControlCount { get; }

    /// <summary>The mode names, by index.</summary>
    IReadOnlyList<string> ModeNames { get; }

    /// <summary>The mode at the start.</summary>
    int InitialMode { get; }

    /// <summary>Selectors per step (one per control that the environment may choose).</summary>
    int ChoiceCount { get; }

    /// <summary>Computes the next mode and the controls. Must be thread-safe.</summary>
    /// <param name="time">The sampling instant.</param>
    /// <param name="state">The sampled state.</param>
    /// <param name="mode">The current mode.</param>
    /// <param name="selectors"><see cref="ChoiceCount"/> numbers in [0, 1]: the environment's choices of this step.</param>
    /// <param name="control">Receives <see cref="ControlCount"/> values.</param>
    /// <returns>The next mode.</returns>
    int Compute(double time, ReadOnlySpan<double> state, int mode, ReadOnlySpan<double> selectors, Span<double> control);
}
