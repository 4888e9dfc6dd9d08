using Certus.Sim.ClosedLoop;

namespace Certus.Sim.Falsification;

/// <summary>
/// The worst run the falsifier found: its initial state, disturbances, smallest margin and when, and its full trace.
/// Immutable.
/// </summary>
/// <remarks>A negative <see cref="Margin"/> is a candidate counterexample from floating-point simulation (to be
/// confirmed rigorously before anyone calls the loop unsafe); a non-negative one proves nothing.</remarks>
public sealed class FalsificationResult
{
    private readonly double[] _initialState;
    private readonly double[] _disturbances;

    internal FalsificationResult(
        FalsificationProblem problem, FalsificationOptions options, double[] initialState, double[] disturbances, MarginSummary worst, Trajectory trace, int simulations, bool stoppedEarly, TimeSpan elapsed)
    {
        Problem = problem;
        Options = options;
        _initialState = initialState;
        _disturbances = disturbances;
        Margin = worst.MinimumMargin;
        Time = worst.Time;
        PointIndex = worst.PointIndex;
        Trace = trace;
        Simulations = simulations;
        StoppedEarly = stoppedEarly;
        Elapsed = elapsed;
    }

    /// <summary>The problem.</summary>
    public FalsificationProblem Problem { get; }

    /// <summary>The options it ran with.</summary>
    public FalsificationOptions Options { get; }

    /// <summary>The smallest margin found (over every stored point of every run tried).</summary>
    public double Margin { get; }

    /// <summary>Whether <see cref="Margin"/> is below zero: a candidate counterexample.</summary>
    public bool IsViolation => Margin < 0;

    /// <summary>The time at which the worst run attains <see cref="Margin"/>.</summary>
    public double Time { get; }

    /// <summary>The stored point of <see cref="Trace"/> that attains <see cref="Margin"/>.</summary>
    public int PointIndex { get; }

    /// <summary>The initial state of the worst run (inside the initial box).</summary>
    public IReadOnlyList<double> InitialState => _initialState;

    /// <summary>The disturbance sequence of the worst run, period by period (empty without disturbances).</summary>
    public IReadOnlyList<double> Disturbances => _disturbances;

    /// <summary>The environment's selectors of the worst run (a modal controller's choices), period by period; empty without choices.</summary>
    public IReadOnlyList<double> Selectors => Trace.Selectors;

    /// <summary>The worst run in full; its smallest margin is exactly <see cref="Margin"/>.</summary>
    public Trajectory Trace { get; }

    /// <summary>Simulations spent (not counting the final replay of the trace).</summary>
    public int Simulations { get; }

    /// <summary>Whether the search stopped at a violation before its budget or steps ran out.</summary>
    public bool StoppedEarly { get; }

    /// <summary>Wall-clock time of the search.</summary>
    public TimeSpan Elapsed { get; }
}
