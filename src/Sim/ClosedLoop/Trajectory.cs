namespace Certus.Sim.ClosedLoop;

/// <summary>
/// One simulated run of a closed loop: the stored points (every sampling instant plus
/// <see cref="SimulationOptions.SamplesPerPeriod"/> evenly spaced points inside each period), and the control and
/// disturbance held over each period. Immutable.
/// </summary>
/// <remarks>Point <c>k·(S + 1) + j</c> (<c>S</c> = samples per period, <c>0 ≤ j ≤ S</c>) lies at
/// <c>t_k + j·T/(S + 1)</c>; the last point, index <c>Periods·(S + 1)</c>, is the end time. Control <c>k</c> was
/// computed from the state at point <c>k·(S + 1)</c>.</remarks>
public sealed class Trajectory
{
    private readonly double[] _times;
    private readonly double[] _states;
    private readonly double[] _controls;
    private readonly double[] _disturbances;

    internal Trajectory(ClosedLoopProblem problem, SimulationOptions options, double[] times, double[] states, double[] controls, double[] disturbances)
    {
        Problem = problem;
        Options = options;
        _times = times;
        _states = states;
        _controls = controls;
        _disturbances = disturbances;
    }

    /// <summary>For a modal controller (<see cref="ClosedLoopProblem.Modal"/>), the mode taken at each period (after the
    /// update at its sampling instant), by index; null otherwise.</summary>
    public IReadOnlyList<int>? Modes { get; init; }

    /// <summary>The environment's selectors of the run, period by period (empty without choices).</summary>
    public IReadOnlyList<double> Selectors { get; init; } = [];

    /// <summary>The closed loop that was simulated.</summary>
    public ClosedLoopProblem Problem { get; }

    /// <summary>The options it was simulated with.</summary>
    public SimulationOptions Options { get; }

    /// <summary>Number of states.</summary>
    public int StateCount => Problem.Plant.StateCount;

    /// <summary>Number of controls per period.</summary>
    public int ControlCount => Problem.Plant.ControlCount;

    /// <summary>Number of disturbances per period.</summary>
    public int DisturbanceCount => Problem.Plant.DisturbanceCount;

    /// <summary>Number of control periods.</summary>
    public int Periods => Problem.Periods;

    /// <summary>Stored points inside each period besides the sampling instant.</summary>
    public int SamplesPerPeriod => Options.SamplesPerPeriod;

    /// <summary>Number of stored points: <c>Periods·(SamplesPerPeriod + 1) + 1</c>.</summary>
    public int PointCount => _times.Length;

    /// <summary>Times of the stored points, ascending.</summary>
    public ReadOnlySpan<double> Times => _times;

    /// <summary>States at the stored points, row-major (<see cref="PointCount"/> rows of <see cref="StateCount"/>).</summary>
    public ReadOnlySpan<double> States => _states;

    /// <summary>Controls, row-major (<see cref="Periods"/> rows of <see cref="ControlCount"/>).</summary>
    public ReadOnlySpan<double> Controls => _controls;

    /// <summary>Disturbances, row-major (<see cref="Periods"/> rows of <see cref="DisturbanceCount"/>).</summary>
    public ReadOnlySpan<double> Disturbances => _disturbances;

    /// <summary>The time of stored point <paramref name="index"/>.</summary>
    /// <param name="index">0 to <see cref="PointCount"/> − 1.</param>
    /// <returns>The time.</returns>
    public double Time(int index)
    {
        CheckPoint(index);
        return _times[index];
    }

    /// <summary>The state at stored point <paramref name="index"/>.</summary>
    /// <param name="index">0 to <see cref="PointCount"/> − 1.</param>
    /// <returns>A read-only view of <see cref="StateCount"/> values.</returns>
    public ReadOnlySpan<double> State(int index)
    {
        CheckPoint(index);
        return _states.AsSpan(index * StateCount, StateCount);
    }

    /// <summary>The index of the stored point at sampling instant <c>t_k</c>.</summary>
    /// <param name="period">0 to <see cref="Periods"/> (the last is the end time).</param>
    /// <returns><c>period·(SamplesPerPeriod + 1)</c>.</returns>
    public int SamplingIndex(int period)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(period);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(period, Periods);
        return period * (SamplesPerPeriod + 1);
    }

    /// <summary>The state at sampling instant <c>t_k</c>.</summary>
    /// <param name="period">0 to <see cref="Periods"/>.</param>
    /// <returns>A read-only view.</returns>
    public ReadOnlySpan<double> SampledState(int period) => State(SamplingIndex(period));

    /// <summary>The control held over period <paramref name="period"/>.</summary>
    /// <param name="period">0 to <see cref="Periods"/> − 1.</param>
    /// <returns>A read-only view of <see cref="ControlCount"/> values.</returns>
    public ReadOnlySpan<double> Control(int period)
    {
        CheckPeriod(period);
        return _controls.AsSpan(period * ControlCount, ControlCount);
    }

    /// <summary>The disturbance held over period <paramref name="period"/>.</summary>
    /// <param name="period">0 to <see cref="Periods"/> − 1.</param>
    /// <returns>A read-only view of <see cref="DisturbanceCount"/> values.</returns>
    public ReadOnlySpan<double> Disturbance(int period)
    {
        CheckPeriod(period);
        return _disturbances.AsSpan(period * DisturbanceCount, DisturbanceCount);
    }

    /// <summary>The initial state.</summary>
    public ReadOnlySpan<double> InitialState => State(0);

    /// <summary>The state at the end time.</summary>
    public ReadOnlySpan<double> FinalState => State(PointCount - 1);

    /// <summary>The margin at every stored point.</summary>
    /// <param name="margin">The margin function.</param>
    /// <returns><see cref="PointCount"/> values (NaN margins become −∞, as in the simulator's cheap mode).</returns>
    public double[] Margins(StateMargin margin)
    {
        ArgumentNullException.ThrowIfNull(margin);
        var result = new double[PointCount];
        for (int i = 0; i < result.Length; i++)
        {
            double m = margin(_times[i], _states.AsSpan(i * StateCount, StateCount));
            result[i] = double.IsNaN(m) ? double.NegativeInfinity : m;
        }

        return result;
    }

    /// <summary>The smallest margin over the stored points: the same number the simulator's cheap mode reports for this run.</summary>
    /// <param name="margin">The margin function.</param>
    /// <returns>The minimum, its time and point index (the first point that attains it).</returns>
    public MarginSummary MinimumMargin(StateMargin margin)
    {
        double[] margins = Margins(margin);
        int best = 0;
        for (int i = 1; i < margins.Length; i++)
        {
            if (margins[i] < margins[best])
            {
                best = i;
            }
        }

        return new MarginSummary(margins[best], _times[best], best);
    }

    private void CheckPoint(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, PointCount);
    }

    private void CheckPeriod(int period)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(period);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(period, Periods);
    }
}
