using Certus.Sim.ClosedLoop;

namespace Certus.Sim.Ensembles;

/// <summary>
/// The outcome of an ensemble: per run its initial state, final state and (with a margin) its smallest margin and
/// when it occurred, and the worst run. Any run can be replayed in full. Immutable.
/// </summary>
public sealed class EnsembleResult
{
    private readonly ClosedLoopSimulator _simulator;
    private readonly double[] _initialStates;
    private readonly double[] _finalStates;
    private readonly double[] _margins;
    private readonly double[] _times;

    internal EnsembleResult(
        EnsembleProblem problem, EnsembleOptions options, ClosedLoopSimulator simulator, double[] initialStates, double[] finalStates, double[] margins, double[] times, TimeSpan elapsed)
    {
        Problem = problem;
        Options = options;
        _simulator = simulator;
        _initialStates = initialStates;
        _finalStates = finalStates;
        _margins = margins;
        _times = times;
        Elapsed = elapsed;
        Count = initialStates.Length / StateCount;
        WorstIndex = -1;
        for (int i = 0; i < margins.Length; i++)
        {
            if (WorstIndex < 0 || margins[i] < margins[WorstIndex])
            {
                WorstIndex = i;
            }

            if (margins[i] < 0)
            {
                ViolationCount++;
            }
        }
    }

    /// <summary>The problem.</summary>
    public EnsembleProblem Problem { get; }

    /// <summary>The options it ran with.</summary>
    public EnsembleOptions Options { get; }

    /// <summary>Number of runs.</summary>
    public int Count { get; }

    /// <summary>Number of states.</summary>
    public int StateCount => Problem.Loop.Plant.StateCount;

    /// <summary>Wall-clock time of the whole ensemble.</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>Whether runs were scored (the problem has a margin).</summary>
    public bool HasMargins => Problem.Margin is not null;

    /// <summary>Initial states, row-major (<see cref="Count"/> rows).</summary>
    public ReadOnlySpan<double> InitialStates => _initialStates;

    /// <summary>Final states, row-major (<see cref="Count"/> rows).</summary>
    public ReadOnlySpan<double> FinalStates => _finalStates;

    /// <summary>The smallest margin of every run (empty without a margin).</summary>
    public ReadOnlySpan<double> MinimumMargins => _margins;

    /// <summary>The time of every run's smallest margin (empty without a margin).</summary>
    public ReadOnlySpan<double> TimesOfMinimum => _times;

    /// <summary>The run with the smallest margin (the first on ties), −1 without a margin.</summary>
    public int WorstIndex { get; }

    /// <summary>The smallest margin over all runs (NaN without a margin).</summary>
    public double WorstMargin => WorstIndex >= 0 ? _margins[WorstIndex] : double.NaN;

    /// <summary>Number of runs whose margin went below zero.</summary>
    public int ViolationCount { get; }

    /// <summary>The initial state of run <paramref name="index"/>.</summary>
    /// <param name="index">0 to <see cref="Count"/> − 1.</param>
    /// <returns>A read-only view.</returns>
    public ReadOnlySpan<double> InitialState(int index)
    {
        CheckIndex(index);
        return _initialStates.AsSpan(index * StateCount, StateCount);
    }

    /// <summary>The final state of run <paramref name="index"/>.</summary>
    /// <param name="index">0 to <see cref="Count"/> − 1.</param>
    /// <returns>A read-only view.</returns>
    public ReadOnlySpan<double> FinalState(int index)
    {
        CheckIndex(index);
        return _finalStates.AsSpan(index * StateCount, StateCount);
    }

    /// <summary>The disturbance sequence run <paramref name="index"/> used (re-drawn from its seed).</summary>
    /// <param name="index">0 to <see cref="Count"/> − 1.</param>
    /// <returns>Periods · disturbances values.</returns>
    public double[] Disturbances(int index)
    {
        CheckIndex(index);
        return Ensemble.DisturbancesOf(_simulator, Options.Seed, index);
    }

    /// <summary>Simulates run <paramref name="index"/> again, keeping the whole trajectory (same numbers as in the ensemble).</summary>
    /// <param name="index">0 to <see cref="Count"/> − 1.</param>
    /// <returns>The trajectory.</returns>
    public Trajectory Replay(int index) => _simulator.SimulateCore(_simulator.CreateWorkspace(), InitialState(index), Disturbances(index));

    private void CheckIndex(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
    }
}
