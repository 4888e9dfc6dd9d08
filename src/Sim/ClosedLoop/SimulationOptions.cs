using Certus.Sim.Integration;

namespace Certus.Sim.ClosedLoop;

/// <summary>How a closed loop is simulated (the algorithm options).</summary>
public sealed record SimulationOptions
{
    /// <summary>The integrator used over each period (default <c>new Rk4()</c>: 10 steps per period).</summary>
    public IntegrationMethod Integrator { get; init; } = new Rk4();

    /// <summary>
    /// Evenly spaced points stored inside each period besides the sampling instants (default 9; at least 0). With
    /// the default <see cref="Rk4"/> (10 steps) every step point is stored. For <see cref="Rk4"/> the step count is
    /// rounded up to a multiple of <c>SamplesPerPeriod + 1</c> so the points are step points; for
    /// <see cref="DormandPrince45"/> they come from dense output. Margins are evaluated at every stored point, so
    /// this is also how finely violations between sampling instants are looked for.
    /// </summary>
    public int SamplesPerPeriod { get; init; } = 9;

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public void Validate()
    {
        if (Integrator is null)
        {
            throw new ArgumentException("SimulationOptions.Integrator must be set.", nameof(Integrator));
        }

        Integrator.Validate();
        if (SamplesPerPeriod < 0 || SamplesPerPeriod > 1_000_000)
        {
            throw new ArgumentException($"SimulationOptions.SamplesPerPeriod must be in [0, 10^6], got {SamplesPerPeriod}.", nameof(SamplesPerPeriod));
        }
    }
}
