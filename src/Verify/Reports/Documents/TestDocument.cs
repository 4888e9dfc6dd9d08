namespace Certus.Verify.Reports.Documents;

/// <summary>One simulated case of a property test: where it started and how it ended.</summary>
/// <param name="InitialState">The initial state, by state name.</param>
/// <param name="Disturbances">The disturbance sequence (period by period, flattened), empty without disturbances.</param>
/// <param name="Periods">The periods simulated.</param>
/// <param name="Property">The property it violates, or null.</param>
/// <param name="Margin">The smallest margin along the run.</param>
/// <param name="Time">When it is attained (s).</param>
public sealed record TestCaseDocument(IReadOnlyDictionary<string, double> InitialState, IReadOnlyList<double> Disturbances, int Periods, string? Property, JsonReal Margin, double Time);

/// <summary>A property of a property test with its failing runs.</summary>
/// <param name="Name">The property.</param>
/// <param name="FailedRuns">How many runs violated it.</param>
public sealed record TestPropertyDocument(string Name, int FailedRuns);

/// <summary>The first failing case, as found and as shrunk.</summary>
/// <param name="Run">The 0-based run that failed first.</param>
/// <param name="Found">The case as found.</param>
/// <param name="Shrunk">The case after shrinking.</param>
/// <param name="ShrinkSteps">Accepted shrinking steps.</param>
/// <param name="ShrinkSimulations">Simulations spent shrinking.</param>
public sealed record TestCounterexampleDocument(int Run, TestCaseDocument Found, TestCaseDocument Shrunk, int ShrinkSteps, int ShrinkSimulations);

/// <summary>The <c>test --json</c> document.</summary>
public sealed record TestDocument : CertusDocument
{
    /// <inheritdoc/>
    public override string Kind => "test";

    /// <summary>Whether every property held on every run.</summary>
    public required bool Passed { get; init; }

    /// <summary>The spec file as given.</summary>
    public required string Spec { get; init; }

    /// <summary>The spec's name.</summary>
    public required string Name { get; init; }

    /// <summary>Runs simulated.</summary>
    public required int Runs { get; init; }

    /// <summary>Runs that violated some property.</summary>
    public required int Failed { get; init; }

    /// <summary>The seed (replay with <c>--seed</c>).</summary>
    public required int Seed { get; init; }

    /// <summary>Wall-clock time (s).</summary>
    public required double Seconds { get; init; }

    /// <summary>State names, in order.</summary>
    public required IReadOnlyList<string> States { get; init; }

    /// <summary>Per property.</summary>
    public required IReadOnlyList<TestPropertyDocument> Properties { get; init; }

    /// <summary>The first failing case, or null when every run passed.</summary>
    public TestCounterexampleDocument? Counterexample { get; init; }

    /// <summary>The shrunk failing trajectory at the sampling instants, or null.</summary>
    public IReadOnlyList<TracePointDocument>? Trace { get; init; }
}
