using System.Globalization;
using Certus.Sim.ClosedLoop;

namespace Certus.Testing;

/// <summary>The result of checking a <see cref="ControllerSuite"/>: how many runs failed, the first counterexample as
/// found and shrunk, the seed that replays it, and a printable report. Immutable.</summary>
public sealed class ControllerCheckResult
{
    internal ControllerCheckResult(
        ControllerSuite suite, ControllerCheckOptions options, int seed, int runs, int failed, int[] failedByProperty, TimeSpan elapsed,
        int? firstFailingRun, ClosedLoopCase? counterexample, CaseOutcome? counterexampleOutcome, ShrinkResult? shrunk, Trajectory? shrunkTrajectory)
    {
        Suite = suite;
        Options = options;
        Seed = seed;
        Runs = runs;
        Failed = failed;
        FailedByProperty = failedByProperty;
        Elapsed = elapsed;
        FirstFailingRun = firstFailingRun;
        Counterexample = counterexample;
        CounterexampleOutcome = counterexampleOutcome;
        Shrink = shrunk;
        ShrunkTrajectory = shrunkTrajectory;
        Report = TestReport.Result(this);
    }

    /// <summary>The suite checked.</summary>
    public ControllerSuite Suite { get; }

    /// <summary>The options it ran with.</summary>
    public ControllerCheckOptions Options { get; }

    /// <summary>The seed (given or drawn): the same seed gives the same runs and the same counterexample.</summary>
    public int Seed { get; }

    /// <summary>Runs simulated (fewer than asked only with <see cref="ControllerCheckOptions.StopAtFirstFailure"/>).</summary>
    public int Runs { get; }

    /// <summary>Runs that violated some property.</summary>
    public int Failed { get; }

    /// <summary>Per property of <see cref="ControllerSuite.Properties"/>: the runs that violated it.</summary>
    public IReadOnlyList<int> FailedByProperty { get; }

    /// <summary>Whether no run violated any property.</summary>
    public bool Passed => Failed == 0;

    /// <summary>Wall-clock time, shrinking included.</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>The index of the first failing run, or <c>null</c>.</summary>
    public int? FirstFailingRun { get; }

    /// <summary>The first failing case as drawn, or <c>null</c>.</summary>
    public ClosedLoopCase? Counterexample { get; }

    /// <summary>What the first failing case violated, or <c>null</c>.</summary>
    public CaseOutcome? CounterexampleOutcome { get; }

    /// <summary>The shrunk counterexample (the smallest failing case found), or <c>null</c>.</summary>
    public ClosedLoopCase? ShrunkCounterexample => Shrink?.Case;

    /// <summary>The shrinking: the shrunk case, its outcome, steps and simulations spent; <c>null</c> when passed.</summary>
    public ShrinkResult? Shrink { get; }

    /// <summary>The trajectory of the shrunk counterexample, or <c>null</c>.</summary>
    public Trajectory? ShrunkTrajectory { get; }

    /// <summary>The conventional summary line: <c>acc.yaml: 1000 runs, 0 failed (seed 12345)</c>.</summary>
    public string SummaryLine => string.Create(CultureInfo.InvariantCulture, $"{Path.GetFileName(Suite.Spec.Path)}: {Runs} runs, {Failed} failed (seed {Seed})");

    /// <summary>The printable report: the summary, and for a failure the violated property, the case as found and
    /// shrunk, the trajectory table of the shrunk case up to the violation, and how to replay it.</summary>
    public string Report { get; }

    /// <summary>Throws <see cref="ControllerPropertyException"/> with the report when some run failed.</summary>
    /// <exception cref="ControllerPropertyException">Some run failed.</exception>
    public void ThrowIfFailed()
    {
        if (!Passed)
        {
            throw new ControllerPropertyException(this);
        }
    }

    /// <inheritdoc/>
    public override string ToString() => Report;
}
