using Certus.Reach.ClosedLoop;
using Certus.Verify.Specs;

namespace Certus.Verify.Certification;

/// <summary>The verdict of one property.</summary>
/// <param name="Name">The property's name.</param>
/// <param name="Verdict">Safe, unsafe or unknown.</param>
/// <param name="Margin">Safe: a proved lower bound of the margin; unsafe: the simulated (negative) margin of the counterexample; unknown: the lower bound found.</param>
/// <param name="Reason">Why, when not safe.</param>
public sealed record PropertyVerdict(string Name, Verdict Verdict, double Margin, string? Reason);

/// <summary>A trajectory that violates a property, confirmed by a validated simulation.</summary>
/// <param name="Property">The violated property.</param>
/// <param name="InitialState">The initial state.</param>
/// <param name="Time">When the simulated margin is smallest.</param>
/// <param name="Margin">That margin (negative).</param>
/// <param name="ConfirmedDuring">The time interval during which the validated enclosure of this trajectory lies entirely in the violating region.</param>
/// <param name="Times">The simulated trace: times.</param>
/// <param name="States">The simulated trace: one state per time.</param>
public sealed record Counterexample(string Property, double[] InitialState, double Time, double Margin, (double Lo, double Hi) ConfirmedDuring, double[] Times, double[][] States)
{
    /// <summary>The controls held over each period of the trace (the environment's choices among them), one row per period.</summary>
    public double[][] Controls { get; init; } = [];

    /// <summary>The disturbances held over each period of the trace, one row per period (empty rows without disturbances).</summary>
    public double[][] Disturbances { get; init; } = [];

    /// <summary>For a modal controller, the mode taken at each period (after the update at its sampling instant); null otherwise.</summary>
    public string[]? Modes { get; init; }

    /// <summary>For a modal controller with environment choices, the selectors of each period that replay the choices
    /// (see <c>ControlCase.Choose</c>); empty otherwise.</summary>
    public double[] Selectors { get; init; } = [];
}

/// <summary>The outcome of certifying a spec.</summary>
/// <param name="Spec">The spec.</param>
/// <param name="Verdict">Overall: unsafe if any property is unsafe, safe if all are safe, unknown otherwise.</param>
/// <param name="Properties">Per property.</param>
/// <param name="Counterexample">The confirmed counterexample, when unsafe.</param>
/// <param name="Reach">The reachability result, when the proof was attempted.</param>
/// <param name="Elapsed">Wall-clock time.</param>
public sealed record CertificationResult(
    CertificationSpec Spec,
    Verdict Verdict,
    IReadOnlyList<PropertyVerdict> Properties,
    Counterexample? Counterexample,
    ClosedLoopReachResult? Reach,
    TimeSpan Elapsed)
{
    /// <summary>Number of cells in the final partition (0 when no proof was attempted).</summary>
    public int Cells => Reach?.Cells.Count ?? 0;

    /// <summary>How many final cells each configuration of the portfolio ended with, by name (configurations with no
    /// cell left out; empty when no proof ran).</summary>
    /// <returns>Name → cells, in portfolio order.</returns>
    public IReadOnlyDictionary<string, int> CellsByConfiguration()
    {
        IReadOnlyList<string> names = Algorithm.PortfolioNames();
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var group in (Reach?.Cells ?? []).GroupBy(c => c.Configuration).OrderBy(g => g.Key))
        {
            counts[group.Key < names.Count ? names[group.Key] : $"configuration {group.Key}"] = group.Count();
        }

        return counts;
    }

    /// <summary>Every confirmed counterexample, one per refuted property, in property order (<see cref="Counterexample"/> is the first).</summary>
    public IReadOnlyList<Counterexample> Counterexamples { get; init; } = Counterexample is null ? [] : [Counterexample];

    /// <summary>The algorithm the run used.</summary>
    public CertificationAlgorithm Algorithm { get; init; } = CertificationAlgorithm.Default;

    /// <summary>Per property, the typed finding: safe with its margin, unsafe with its counterexample, unknown with the reason, bound and undecided cells.</summary>
    public IReadOnlyList<PropertyFinding> Findings => PropertyFinding.Of(this);

    /// <summary>The top-level partition of the initial set the proof started from (null for results built elsewhere).</summary>
    public InitialPartition? Partition { get; init; }

    /// <summary>The indices of the partition's cells this run proved (every cell unless sharded).</summary>
    public IReadOnlyList<int> Share { get; init; } = [];

    /// <summary>The shard this run proved.</summary>
    public int ShardIndex { get; init; }

    /// <summary>How many shards share the partition.</summary>
    public int ShardCount { get; init; } = 1;

    /// <summary>The properties the reachability proof was run for (those falsification did not refute), by name.</summary>
    public IReadOnlyList<string> ReachedProperties { get; init; } = [];
}
