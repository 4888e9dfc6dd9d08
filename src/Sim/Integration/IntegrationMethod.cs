using Certus.Core.Systems;

namespace Certus.Sim.Integration;

/// <summary>
/// The choice of numerical integrator (an algorithm options record): <see cref="Rk4"/> or
/// <see cref="DormandPrince45"/>. Inputs are held constant over every call of the integrator.
/// </summary>
/// <remarks>Records are immutable; use <c>with</c> to change a setting. The engine that runs a method is made by
/// <see cref="CreateIntegrator"/> and holds its own scratch buffers.</remarks>
public abstract record IntegrationMethod
{
    private protected IntegrationMethod()
    {
    }

    /// <summary>Makes a reusable, allocation-free integrator for one vector field.</summary>
    /// <param name="field">The right-hand side; must be thread-safe only if several integrators share it.</param>
    /// <param name="stateCount">Number of states, at least 1.</param>
    /// <param name="inputCount">Number of held inputs (controls then disturbances), at least 0.</param>
    /// <returns>An integrator with its own scratch buffers (not thread-safe: one per thread).</returns>
    /// <exception cref="ArgumentException">The options of this method are invalid, or a count is out of range.</exception>
    public OdeIntegrator CreateIntegrator(VectorField field, int stateCount, int inputCount)
    {
        ArgumentNullException.ThrowIfNull(field);
        ArgumentOutOfRangeException.ThrowIfLessThan(stateCount, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(inputCount);
        Validate();
        return CreateCore(field, stateCount, inputCount);
    }

    /// <summary>Checks the options and throws an <see cref="ArgumentException"/> naming the bad one.</summary>
    /// <exception cref="ArgumentException">An option is out of its documented range.</exception>
    public abstract void Validate();

    /// <summary>Builds the engine once the options are known to be valid.</summary>
    private protected abstract OdeIntegrator CreateCore(VectorField field, int stateCount, int inputCount);
}
