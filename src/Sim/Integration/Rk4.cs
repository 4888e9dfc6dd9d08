using System.Globalization;
using Certus.Core.Systems;

namespace Certus.Sim.Integration;

/// <summary>
/// The classical fixed-step fourth-order Runge-Kutta method. Each call over <c>[t0, t1]</c> takes equal steps:
/// <see cref="StepsPerInterval"/> of them, or, when <see cref="StepSize"/> is set, the fewest equal steps no
/// longer than it.
/// </summary>
/// <remarks>Global error is O(h^4): halving the step divides it by about 16. When interior output points are asked
/// for (<see cref="OdeIntegrator.Advance(double, double, Span{double}, ReadOnlySpan{double}, Span{double})"/>), the
/// step count is rounded up to a multiple of (points + 1) so that every output point is a step point.</remarks>
public sealed record Rk4 : IntegrationMethod
{
    /// <summary>Equal steps per call (default 10; at least 1). Ignored when <see cref="StepSize"/> is set.</summary>
    public int StepsPerInterval { get; init; } = 10;

    /// <summary>Largest step length (default <see langword="null"/>: use <see cref="StepsPerInterval"/>); positive and finite when set.</summary>
    public double? StepSize { get; init; }

    /// <inheritdoc/>
    public override void Validate()
    {
        if (StepSize is { } h)
        {
            if (!(h > 0) || !double.IsFinite(h))
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Rk4.StepSize must be positive and finite, got {h}."), nameof(StepSize));
            }
        }
        else if (StepsPerInterval < 1)
        {
            throw new ArgumentException($"Rk4.StepsPerInterval must be at least 1, got {StepsPerInterval}.", nameof(StepsPerInterval));
        }
    }

    /// <summary>The number of equal steps used over an interval of the given length with <paramref name="interiorPoints"/> output points.</summary>
    /// <param name="length">Interval length, non-negative and finite.</param>
    /// <param name="interiorPoints">Evenly spaced interior output points, at least 0.</param>
    /// <returns>The step count, a positive multiple of <c>interiorPoints + 1</c>.</returns>
    /// <exception cref="ArgumentException">The options are invalid, or more than 2^30 steps would be needed.</exception>
    public int StepCount(double length, int interiorPoints)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(interiorPoints);
        if (!(length >= 0) || !double.IsFinite(length))
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, "The interval length must be non-negative and finite.");
        }

        Validate();
        return StepCountCore(length, interiorPoints);
    }

    internal int StepCountCore(double length, int interiorPoints)
    {
        long n = StepSize is { } h
            ? Math.Max(1, (long)Math.Ceiling((length / h) * (1 - 1e-12)))
            : StepsPerInterval;
        long per = interiorPoints + 1L;
        n = ((n + per - 1) / per) * per;
        return n > int.MaxValue / 2
            ? throw new ArgumentException($"Rk4 would need {n} steps over an interval of length {length.ToString(CultureInfo.InvariantCulture)}.")
            : (int)n;
    }

    /// <inheritdoc/>
    private protected override OdeIntegrator CreateCore(VectorField field, int stateCount, int inputCount) =>
        new Rk4Integrator(this, field, stateCount, inputCount);
}
