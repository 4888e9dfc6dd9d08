namespace Certus.Testing;

/// <summary>How <see cref="ControllerSuite.Check"/> runs (the algorithm options).</summary>
public sealed record ControllerCheckOptions
{
    /// <summary>Random cases to simulate (default 100; at least 1).</summary>
    public int Runs { get; init; } = 100;

    /// <summary>The seed: run <c>i</c> draws its case from this seed and <c>i</c> only, so the same seed gives the same
    /// cases and the same counterexample. Default <c>null</c>: a fresh seed, reported in the result.</summary>
    public int? Seed { get; init; }

    /// <summary>Most simulations spent on shrinking the first counterexample (default 4000; 0 keeps it as found).</summary>
    public int ShrinkBudget { get; init; } = 4000;

    /// <summary>Stop at the first batch that contains a failure instead of running every case (default false).</summary>
    public bool StopAtFirstFailure { get; init; }

    /// <summary>Most threads (default −1: one per processor). Results do not depend on it.</summary>
    public int Jobs { get; init; } = -1;

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public void Validate()
    {
        if (Runs < 1)
        {
            throw new ArgumentException($"ControllerCheckOptions.Runs must be at least 1, got {Runs}.", nameof(Runs));
        }

        if (ShrinkBudget < 0)
        {
            throw new ArgumentException($"ControllerCheckOptions.ShrinkBudget must be at least 0, got {ShrinkBudget}.", nameof(ShrinkBudget));
        }

        if (Jobs == 0 || Jobs < -1)
        {
            throw new ArgumentException($"ControllerCheckOptions.Jobs must be -1 or positive, got {Jobs}.", nameof(Jobs));
        }
    }
}

/// <summary>Progress of a check: runs done out of the total and failures so far.</summary>
/// <param name="Done">Runs simulated.</param>
/// <param name="Total">Runs asked for.</param>
/// <param name="Failed">Failing runs so far.</param>
public readonly record struct CheckProgress(int Done, int Total, int Failed);
