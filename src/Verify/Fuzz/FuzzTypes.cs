namespace Certus.Verify.Fuzz;

/// <summary>The loader a fuzz case goes through.</summary>
internal enum FuzzTarget
{
    /// <summary>A certification spec (<see cref="Specs.SpecReader.Parse"/>).</summary>
    CertificationSpec,

    /// <summary>A network-only spec (<see cref="Specs.SpecReader.ParseNetwork"/>).</summary>
    NetworkSpec,

    /// <summary>A navigation scenario (<see cref="Specs.NavigationSpecReader.Parse"/>).</summary>
    Scenario,

    /// <summary>A training configuration (<see cref="Training.TrainingConfigReader.Parse"/>).</summary>
    TrainingConfig,

    /// <summary>A network file of any format (<see cref="Control.Networks.NetworkFile.Parse"/>).</summary>
    Network,

    /// <summary>A MAD-PINN model file (<see cref="Control.MadPinn.MadPinnModelFile.Parse"/>).</summary>
    MadPinnModel,
}

/// <summary>A shipped file that fuzz cases mutate; network files are held as Latin-1 text (one char per byte).</summary>
internal sealed record FuzzSeed(FuzzTarget Target, string Path, string Text);

/// <summary>One edit of a text; its meaning depends on <see cref="Kind"/> (see <see cref="Mutator"/>).</summary>
internal sealed record Mutation(int Kind, int A, int B, int Pick);

/// <summary>A case that crashed (an exception of a type the loader does not document, or one without a message) or hung.</summary>
internal sealed record FuzzFailure(int Index, FuzzTarget Target, string Seed, string Mutations, string Kind, string Detail);

/// <summary>How a fuzz run draws and runs its cases.</summary>
internal sealed record FuzzOptions
{
    /// <summary>Number of cases (default 300).</summary>
    public int Cases { get; init; } = 300;

    /// <summary>Seed of every random choice (default 1); case i is a pure function of the seed and i.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>A case that runs longer than this is a hang (default 10 s).</summary>
    public TimeSpan CaseTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The folder of shipped specs whose files are the seeds (default <c>specs</c>).</summary>
    public string SpecsFolder { get; init; } = "specs";

    /// <summary>Worker threads (default: one per processor).</summary>
    public int Workers { get; init; } = Environment.ProcessorCount;

    /// <summary>Only these targets, or every target when null (the default).</summary>
    public IReadOnlyCollection<FuzzTarget>? Targets { get; init; }
}

/// <summary>The figures of a fuzz run.</summary>
internal sealed record FuzzReport(
    int Cases,
    int Loaded,
    int Rejected,
    IReadOnlyList<FuzzFailure> Crashes,
    IReadOnlyList<FuzzFailure> Hangs,
    TimeSpan Elapsed,
    IReadOnlyDictionary<FuzzTarget, int> CasesByTarget)
{
    /// <summary>Cases per second of wall-clock time.</summary>
    public double CasesPerSecond => Cases / Math.Max(Elapsed.TotalSeconds, 1e-9);
}
