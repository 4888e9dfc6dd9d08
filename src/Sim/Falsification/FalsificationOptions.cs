using Certus.Sim.ClosedLoop;

namespace Certus.Sim.Falsification;

/// <summary>
/// How the falsifier searches (the algorithm options): first <see cref="RandomSamples"/> seeded random points
/// (optionally the centre and corners of the initial box first), then a compass (coordinate pattern) search from
/// each of the <see cref="LocalSearches"/> best of them, clamped to the box, until the <see cref="Budget"/> of
/// simulations is spent.
/// </summary>
/// <remarks>The search runs on coordinates scaled to [0, 1] per dimension; a compass step polls ±step along every
/// searched coordinate (in parallel), moves to the best improving point, and halves the step when none improves.
/// Points are evaluated in fixed batches, so the result is the same whatever the number of threads.</remarks>
public sealed record FalsificationOptions
{
    /// <summary>Most simulations in all (default 2000; at least 1).</summary>
    public int Budget { get; init; } = 2000;

    /// <summary>Points of the global phase (default 200; at least 1; at most the budget).</summary>
    public int RandomSamples { get; init; } = 200;

    /// <summary>Whether the global phase starts with the centre and, when there are at most
    /// <see cref="RandomSamples"/>/2 of them, the corners of the initial box (default true).</summary>
    public bool IncludeCentreAndCorners { get; init; } = true;

    /// <summary>How many of the best global points are refined by local search (default 4; at least 0).</summary>
    public int LocalSearches { get; init; } = 4;

    /// <summary>First compass step, as a fraction of each box width (default 0.25; in (0, 1]).</summary>
    public double InitialStep { get; init; } = 0.25;

    /// <summary>A local search ends when its step falls below this fraction (default 1e-4; in (0, InitialStep]).</summary>
    public double MinStep { get; init; } = 1e-4;

    /// <summary>Stop as soon as a negative margin is found (default true); otherwise go on to the most negative.</summary>
    public bool StopAtViolation { get; init; } = true;

    /// <summary>The seed of every random choice (default 0).</summary>
    public int Seed { get; init; }

    /// <summary>How each run is simulated (default <c>new SimulationOptions()</c>).</summary>
    public SimulationOptions Simulation { get; init; } = new();

    /// <summary>Most threads used (default −1: one per processor).</summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public void Validate()
    {
        if (Simulation is null)
        {
            throw new ArgumentException("FalsificationOptions.Simulation must be set.", nameof(Simulation));
        }

        Simulation.Validate();
        Require(Budget >= 1, $"FalsificationOptions.Budget must be at least 1, got {Budget}.", nameof(Budget));
        Require(RandomSamples >= 1 && RandomSamples <= Budget, $"FalsificationOptions.RandomSamples must be in [1, Budget = {Budget}], got {RandomSamples}.", nameof(RandomSamples));
        Require(LocalSearches >= 0, $"FalsificationOptions.LocalSearches must be at least 0, got {LocalSearches}.", nameof(LocalSearches));
        Require(InitialStep > 0 && InitialStep <= 1, $"FalsificationOptions.InitialStep must be in (0, 1], got {InitialStep}.", nameof(InitialStep));
        Require(MinStep > 0 && MinStep <= InitialStep, $"FalsificationOptions.MinStep must be in (0, InitialStep], got {MinStep}.", nameof(MinStep));
        Require(MaxDegreeOfParallelism == -1 || MaxDegreeOfParallelism > 0, $"FalsificationOptions.MaxDegreeOfParallelism must be -1 or positive, got {MaxDegreeOfParallelism}.", nameof(MaxDegreeOfParallelism));
    }

    private static void Require(bool ok, string message, string name)
    {
        if (!ok)
        {
            throw new ArgumentException(message, name);
        }
    }
}
