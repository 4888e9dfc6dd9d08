using Certus.Verify.Fuzz;
using Certus.Verify.Navigation;

namespace Certus.Verify.Reports.Documents;

/// <summary>One spec of the certify suite.</summary>
/// <param name="Spec">The spec file.</param>
/// <param name="Name">The spec's name (null when it could not be read).</param>
/// <param name="SpecKind">closed-loop or network (null when it could not be read).</param>
/// <param name="Verdict">safe, unsafe, unknown, or bad-input.</param>
/// <param name="Seconds">Wall-clock time of the certification (s); null for bad input.</param>
/// <param name="Cells">Cells of the final partition; null for bad input.</param>
/// <param name="Margin">The smallest property margin (its meaning follows the verdict, as in the certify document); null for bad input.</param>
/// <param name="Error">Why the spec could not be read, or null.</param>
public sealed record BenchSpecRowDocument(string Spec, string? Name, string? SpecKind, string Verdict, double? Seconds, int? Cells, JsonReal Margin, string? Error)
{
    /// <summary>Wall time of the whole <c>certus certify</c> process (start to exit, s), when it ran as a child process.</summary>
    public double? ProcessSeconds { get; init; }

    /// <summary>Peak resident memory of that process (MiB, VmHWM sampled every 20 ms), when known.</summary>
    public double? PeakMemoryMb { get; init; }

    /// <summary>Cells by the portfolio configuration that ended them (as in the certify document), when a proof ran.</summary>
    public IReadOnlyDictionary<string, int>? CellsByConfiguration { get; init; }

    /// <summary>Per state, the width of the final set over the width of the hull of simulated final states (the initial
    /// set's corners and 1000 random points; 1 is exact), when the proof enclosed the final set; a state whose simulated
    /// final states do not spread is left out.</summary>
    public IReadOnlyDictionary<string, double>? WidthRatios { get; init; }
}

/// <summary>One policy at one agent count of the navigation suite (aggregated over seeds; null where a value does not exist).</summary>
/// <param name="Scenario">The scenario.</param>
/// <param name="Policy">The policy.</param>
/// <param name="Agents">Number of agents.</param>
/// <param name="Seeds">Seeds run.</param>
/// <param name="SafetyRate">Mean safety rate.</param>
/// <param name="SuccessRate">Mean success rate.</param>
/// <param name="WorstSafetyRate">The worst seed's safety rate.</param>
/// <param name="MeanCumulativeCost">Mean cumulative cost.</param>
/// <param name="MinSeparation">Smallest separation over the seeds.</param>
/// <param name="PolicyMsPerStep">Median policy time per step (ms).</param>
/// <param name="StepMs">Median whole-step time (ms).</param>
/// <param name="Makespan">Mean makespan (s), null when some agent never arrived.</param>
public sealed record BenchNavigationRowDocument(
    string Scenario, string Policy, int Agents, int Seeds, double SafetyRate, double SuccessRate, double WorstSafetyRate,
    double? MeanCumulativeCost, double? MinSeparation, double? PolicyMsPerStep, double? StepMs, double? Makespan);

/// <summary>The step-time scaling of a policy.</summary>
/// <param name="Policy">The policy.</param>
/// <param name="Agents">The agent counts.</param>
/// <param name="StepMs">Median whole-step time at each count (ms).</param>
/// <param name="PolicyMs">Median policy time per step at each count (ms).</param>
/// <param name="Exponent">The fitted k of time ∝ N^k, or null.</param>
public sealed record BenchScalingRowDocument(string Policy, IReadOnlyList<int> Agents, IReadOnlyList<JsonReal> StepMs, IReadOnlyList<JsonReal> PolicyMs, double? Exponent);

/// <summary>An input that crashed or hung a loader in the fuzz suite.</summary>
/// <param name="Index">The case index.</param>
/// <param name="Target">The loader.</param>
/// <param name="Seed">The shipped file it was mutated from.</param>
/// <param name="Mutations">The mutations applied (replayable).</param>
/// <param name="Kind">crash or hang.</param>
/// <param name="Detail">The exception or the time spent.</param>
public sealed record BenchFuzzFailureDocument(int Index, string Target, string Seed, string Mutations, string Kind, string Detail);

/// <summary>The figures of the fuzz suite.</summary>
/// <param name="Cases">Mutated inputs tried.</param>
/// <param name="Seed">The mutation seed.</param>
/// <param name="Seconds">Wall-clock time (s).</param>
/// <param name="CasesPerSecond">Throughput.</param>
/// <param name="Loaded">Inputs that loaded.</param>
/// <param name="Rejected">Inputs rejected with a message (the documented way).</param>
/// <param name="Crashes">Inputs that crashed a loader.</param>
/// <param name="Hangs">Inputs that hung a loader.</param>
/// <param name="ByTarget">Cases per loader.</param>
public sealed record BenchFuzzDocument(int Cases, int Seed, double Seconds, double CasesPerSecond, int Loaded, int Rejected, IReadOnlyList<BenchFuzzFailureDocument> Crashes, IReadOnlyList<BenchFuzzFailureDocument> Hangs, IReadOnlyDictionary<string, int> ByTarget);

/// <summary>The <c>bench --json</c> document: the sections of the suites that ran.</summary>
public sealed record BenchDocument : CertusDocument
{
    /// <inheritdoc/>
    public override string Kind => "bench";

    /// <summary>certify, navigation, all, or fuzz.</summary>
    public required string Suite { get; init; }

    /// <summary>The certify suite's rows, one per spec (empty when it did not run).</summary>
    public IReadOnlyList<BenchSpecRowDocument> Certify { get; init; } = [];

    /// <summary>The navigation suite's rows (empty when it did not run).</summary>
    public IReadOnlyList<BenchNavigationRowDocument> Navigation { get; init; } = [];

    /// <summary>The navigation suite's step-time scaling (empty when it did not run).</summary>
    public IReadOnlyList<BenchScalingRowDocument> Scaling { get; init; } = [];

    /// <summary>The fuzz suite's figures, or null when it did not run.</summary>
    public BenchFuzzDocument? Fuzz { get; init; }

    /// <summary>A sharded certify suite: this part's shard index (0-based), or null for a whole run.</summary>
    public int? ShardIndex { get; init; }

    /// <summary>A sharded certify suite: the number of shards, or null.</summary>
    public int? ShardCount { get; init; }

    /// <summary>A sharded certify suite: every spec of the suite in order, with hashes (shard K runs those at positions i with i mod N = K).</summary>
    public IReadOnlyList<InputFileHash> AllSpecs { get; init; } = [];

    internal static BenchNavigationRowDocument Row(NavigationBenchRow r) => new(
        r.Scenario, r.Policy, r.Agents, r.Seeds, r.SafetyRate, r.SuccessRate, r.WorstSafetyRate,
        NavigationMetricsDocument.Finite(r.MeanCumulativeCost), NavigationMetricsDocument.Finite(r.MinSeparation),
        NavigationMetricsDocument.Finite(r.PolicyMillisecondsPerStep), NavigationMetricsDocument.Finite(r.StepMilliseconds), NavigationMetricsDocument.Finite(r.Makespan));

    internal static BenchScalingRowDocument Row(ScalingRow s) => new(
        s.Policy, s.Agents, [.. s.StepMilliseconds.Select(JsonReal.FromDouble)], [.. s.PolicyMilliseconds.Select(JsonReal.FromDouble)], NavigationMetricsDocument.Finite(s.Exponent));

    internal static BenchFuzzDocument Fuzzed(FuzzReport r, int seed)
    {
        static BenchFuzzFailureDocument F(FuzzFailure f) => new(f.Index, f.Target.ToString(), f.Seed, f.Mutations, f.Kind, f.Detail);
        return new(r.Cases, seed, r.Elapsed.TotalSeconds, r.CasesPerSecond, r.Loaded, r.Rejected, [.. r.Crashes.Select(F)], [.. r.Hangs.Select(F)],
            r.CasesByTarget.OrderBy(kv => kv.Key.ToString(), StringComparer.Ordinal).ToDictionary(kv => kv.Key.ToString(), kv => kv.Value, StringComparer.Ordinal));
    }
}
