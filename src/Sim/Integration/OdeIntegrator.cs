using System.Globalization;
using Certus.Core.Systems;

namespace Certus.Sim.Integration;

/// <summary>
/// A reusable integration engine for one vector field, made by <see cref="IntegrationMethod.CreateIntegrator"/>.
/// It owns its scratch buffers, so repeated calls allocate nothing; it is not thread-safe (make one per thread).
/// </summary>
/// <remarks>Every call holds the inputs constant over <c>[startTime, endTime]</c>. Adaptive methods remember their
/// last step proposal between calls; <see cref="Reset"/> forgets it (and the statistics), so that a run that starts
/// with a reset gives the same numbers whatever ran before.</remarks>
public abstract class OdeIntegrator
{
    private protected OdeIntegrator(IntegrationMethod method, VectorField field, int stateCount, int inputCount)
    {
        Method = method;
        Field = field;
        StateCount = stateCount;
        InputCount = inputCount;
    }

    /// <summary>The method and options this integrator runs.</summary>
    public IntegrationMethod Method { get; }

    /// <summary>The vector field.</summary>
    public VectorField Field { get; }

    /// <summary>Number of states.</summary>
    public int StateCount { get; }

    /// <summary>Number of held inputs.</summary>
    public int InputCount { get; }

    /// <summary>Steps and evaluations since the integrator was made or last reset.</summary>
    public IntegrationStatistics Statistics => new(AcceptedSteps, RejectedSteps, Evaluations);

    private protected long AcceptedSteps { get; set; }

    private protected long RejectedSteps { get; set; }

    private protected long Evaluations { get; set; }

    /// <summary>Forgets the carried step proposal and zeroes the statistics.</summary>
    public void Reset()
    {
        AcceptedSteps = 0;
        RejectedSteps = 0;
        Evaluations = 0;
        ResetCore();
    }

    /// <summary>Integrates from <paramref name="startTime"/> to <paramref name="endTime"/> in place.</summary>
    /// <param name="startTime">Start time, finite.</param>
    /// <param name="endTime">End time, finite, not before <paramref name="startTime"/>.</param>
    /// <param name="state">The state at the start on entry, at the end on return; <see cref="StateCount"/> finite values.</param>
    /// <param name="inputs"><see cref="InputCount"/> inputs held over the interval.</param>
    /// <exception cref="ArgumentException">A length does not match, or a time or state entry is not finite.</exception>
    /// <exception cref="IntegrationException">An adaptive method hit its step guard or minimum step.</exception>
    public void Advance(double startTime, double endTime, Span<double> state, ReadOnlySpan<double> inputs) =>
        Advance(startTime, endTime, state, inputs, []);

    /// <summary>
    /// Integrates in place and also writes the states at <c>k = interiorStates.Length / StateCount</c> evenly
    /// spaced interior times <c>startTime + j·(endTime − startTime)/(k + 1)</c>, <c>j = 1..k</c>, row by row.
    /// </summary>
    /// <param name="startTime">Start time, finite.</param>
    /// <param name="endTime">End time, finite, not before <paramref name="startTime"/>.</param>
    /// <param name="state">The state at the start on entry, at the end on return; <see cref="StateCount"/> finite values.</param>
    /// <param name="inputs"><see cref="InputCount"/> inputs held over the interval.</param>
    /// <param name="interiorStates">A multiple of <see cref="StateCount"/> values, written: step points for
    /// <see cref="Rk4"/> (its step count is rounded up so they are), dense output for <see cref="DormandPrince45"/>.</param>
    /// <exception cref="ArgumentException">A length does not match, or a time or state entry is not finite.</exception>
    /// <exception cref="IntegrationException">An adaptive method hit its step guard or minimum step.</exception>
    public void Advance(double startTime, double endTime, Span<double> state, ReadOnlySpan<double> inputs, Span<double> interiorStates)
    {
        if (!double.IsFinite(startTime) || !double.IsFinite(endTime) || endTime < startTime)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The interval [{startTime}, {endTime}] must be finite and not reversed."), nameof(endTime));
        }

        if (state.Length != StateCount)
        {
            throw new ArgumentException($"The state has {state.Length} entries, the integrator {StateCount}.", nameof(state));
        }

        if (inputs.Length != InputCount)
        {
            throw new ArgumentException($"There are {inputs.Length} inputs, the integrator expects {InputCount}.", nameof(inputs));
        }

        if (interiorStates.Length % StateCount != 0)
        {
            throw new ArgumentException($"The interior buffer has {interiorStates.Length} entries, not a multiple of {StateCount}.", nameof(interiorStates));
        }

        for (int i = 0; i < state.Length; i++)
        {
            if (!double.IsFinite(state[i]))
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"State entry {i} is {state[i]}; it must be finite."), nameof(state));
            }
        }

        AdvanceCore(startTime, endTime, state, inputs, interiorStates, null);
    }

    /// <summary>The unchecked integration, called by the closed loop and by <see cref="Advance(double, double, Span{double}, ReadOnlySpan{double}, Span{double})"/>.</summary>
    internal abstract void AdvanceCore(double t0, double t1, Span<double> y, ReadOnlySpan<double> u, Span<double> interior, IStepObserver? observer);

    /// <summary>How the dense data passed to observers is laid out.</summary>
    internal abstract DenseKind DenseKind { get; }

    private protected abstract void ResetCore();

    private protected static void FillConstant(ReadOnlySpan<double> y, Span<double> interior)
    {
        for (int offset = 0; offset < interior.Length; offset += y.Length)
        {
            y.CopyTo(interior.Slice(offset, y.Length));
        }
    }
}
