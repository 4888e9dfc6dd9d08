using Certus.Sim.ClosedLoop;

namespace Certus.Sim.Ensembles;

/// <summary>How an ensemble is run (the algorithm options).</summary>
/// <remarks>Results depend only on these options and the problem, never on the number of threads: sample
/// <c>i</c> draws its initial state and disturbances from random sources derived from <see cref="Seed"/> and <c>i</c>.</remarks>
public sealed record EnsembleOptions
{
    /// <summary>How initial states are chosen (default <c>new UniformSampling(1000)</c>).</summary>
    public InitialStateSampling Sampling { get; init; } = new UniformSampling(1000);

    /// <summary>How each run is simulated (default <c>new SimulationOptions()</c>).</summary>
    public SimulationOptions Simulation { get; init; } = new();

    /// <summary>The seed of every random choice (default 0).</summary>
    public int Seed { get; init; }

    /// <summary>Most threads used (default −1: one per processor; 1 runs on the calling thread).</summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;

    /// <summary>Runs handed to a thread at a time (default 16; at least 1).</summary>
    public int ChunkSize { get; init; } = 16;

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public void Validate()
    {
        if (Sampling is null || Simulation is null)
        {
            throw new ArgumentException("EnsembleOptions.Sampling and Simulation must be set.");
        }

        Sampling.Validate();
        Simulation.Validate();
        if (MaxDegreeOfParallelism == 0 || MaxDegreeOfParallelism < -1)
        {
            throw new ArgumentException($"EnsembleOptions.MaxDegreeOfParallelism must be -1 or positive, got {MaxDegreeOfParallelism}.", nameof(MaxDegreeOfParallelism));
        }

        if (ChunkSize < 1)
        {
            throw new ArgumentException($"EnsembleOptions.ChunkSize must be at least 1, got {ChunkSize}.", nameof(ChunkSize));
        }
    }
}
