using System.Globalization;

namespace Certus.Sim.Integration;

/// <summary>
/// The solution of an <see cref="InitialValueProblem"/>: the accepted step points and a continuous extension
/// that reads the state at any time of the interval. Immutable.
/// </summary>
/// <remarks>Between step points <see cref="StateAt(double)"/> uses the method's interpolant: the fourth-order
/// continuous extension for <see cref="DormandPrince45"/>, cubic Hermite interpolation (third order, from the
/// states and derivatives at both ends) for <see cref="Rk4"/>. At a step point it returns the stored state.</remarks>
public sealed class OdeSolution
{
    private readonly DenseKind _kind;
    private readonly double[] _times;
    private readonly double[] _states;
    private readonly double[] _dense;

    internal OdeSolution(InitialValueProblem problem, IntegrationMethod method, DenseKind kind, int stateCount, double[] times, double[] states, double[] dense, IntegrationStatistics statistics)
    {
        Problem = problem;
        Method = method;
        _kind = kind;
        StateCount = stateCount;
        _times = times;
        _states = states;
        _dense = dense;
        Statistics = statistics;
    }

    /// <summary>The problem that was solved.</summary>
    public InitialValueProblem Problem { get; }

    /// <summary>The method and options that solved it.</summary>
    public IntegrationMethod Method { get; }

    /// <summary>Number of states.</summary>
    public int StateCount { get; }

    /// <summary>Work done.</summary>
    public IntegrationStatistics Statistics { get; }

    /// <summary>Number of stored points: the start and the end of every accepted step.</summary>
    public int PointCount => _times.Length;

    /// <summary>The step points' times, ascending, from the start time to the end time.</summary>
    public ReadOnlySpan<double> Times => _times;

    /// <summary>The states at <see cref="Times"/>, row-major (<see cref="PointCount"/> rows of <see cref="StateCount"/>).</summary>
    public ReadOnlySpan<double> States => _states;

    /// <summary>The state at step point <paramref name="index"/>.</summary>
    /// <param name="index">0 to <see cref="PointCount"/> − 1.</param>
    /// <returns>A read-only view.</returns>
    public ReadOnlySpan<double> State(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, PointCount);
        return _states.AsSpan(index * StateCount, StateCount);
    }

    /// <summary>The state at the end time.</summary>
    public ReadOnlySpan<double> FinalState => State(PointCount - 1);

    /// <summary>The state at any time of the interval, from the step's continuous extension.</summary>
    /// <param name="time">A time in [start, end].</param>
    /// <returns>A new array of <see cref="StateCount"/> values.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The time lies outside the interval.</exception>
    public double[] StateAt(double time)
    {
        var result = new double[StateCount];
        StateAt(time, result);
        return result;
    }

    /// <summary>The state at any time of the interval, written into <paramref name="result"/>.</summary>
    /// <param name="time">A time in [start, end].</param>
    /// <param name="result"><see cref="StateCount"/> values, written.</param>
    /// <exception cref="ArgumentOutOfRangeException">The time lies outside the interval.</exception>
    /// <exception cref="ArgumentException">The result has the wrong length.</exception>
    public void StateAt(double time, Span<double> result)
    {
        if (!(time >= _times[0] && time <= _times[^1]))
        {
            throw new ArgumentOutOfRangeException(nameof(time), time, string.Create(CultureInfo.InvariantCulture, $"The solution covers [{_times[0]}, {_times[^1]}]."));
        }

        if (result.Length != StateCount)
        {
            throw new ArgumentException($"The result needs {StateCount} entries, got {result.Length}.", nameof(result));
        }

        int found = Array.BinarySearch(_times, time);
        if (found >= 0)
        {
            State(found).CopyTo(result);
            return;
        }

        int step = ~found - 1;
        double start = _times[step], h = _times[step + 1] - start;
        int size = DenseOutput.Blocks(_kind) * StateCount;
        DenseOutput.Evaluate(_kind, _dense.AsSpan(step * size, size), h, (time - start) / h, result);
    }
}
