using System.Globalization;

namespace Certus.Sim.Integration;

/// <summary>Solves an <see cref="InitialValueProblem"/> with a chosen <see cref="IntegrationMethod"/>, keeping every step.</summary>
/// <remarks>For repeated integration in a loop use <see cref="IntegrationMethod.CreateIntegrator"/> instead:
/// it allocates nothing per call.</remarks>
public static class OdeSolver
{
    /// <summary>Integrates the problem and records every accepted step with its continuous extension.</summary>
    /// <param name="problem">The problem; its initial state and inputs must be finite.</param>
    /// <param name="method">The method (default <see cref="Rk4"/> with its defaults).</param>
    /// <returns>The solution: step points, final state, statistics, and <see cref="OdeSolution.StateAt(double)"/>.</returns>
    /// <exception cref="ArgumentException">The problem or the method options are invalid.</exception>
    /// <exception cref="IntegrationException">An adaptive method hit its step guard or minimum step.</exception>
    public static OdeSolution Solve(InitialValueProblem problem, IntegrationMethod? method = null)
    {
        ArgumentNullException.ThrowIfNull(problem);
        method ??= new Rk4();
        ArgumentNullException.ThrowIfNull(problem.Field, nameof(problem.Field));
        ArgumentNullException.ThrowIfNull(problem.InitialState, nameof(problem.InitialState));
        ArgumentNullException.ThrowIfNull(problem.Inputs, nameof(problem.Inputs));
        if (problem.InitialState.Count == 0)
        {
            throw new ArgumentException("The initial state needs at least one entry.", nameof(problem));
        }

        CheckFinite(problem.InitialState, "initial state");
        CheckFinite(problem.Inputs, "inputs");
        if (!double.IsFinite(problem.StartTime) || !double.IsFinite(problem.EndTime) || problem.EndTime < problem.StartTime)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"The interval [{problem.StartTime}, {problem.EndTime}] must be finite and not reversed."), nameof(problem));
        }

        return SolveCore(problem, method);
    }

    private static void CheckFinite(IReadOnlyList<double> values, string what)
    {
        for (int i = 0; i < values.Count; i++)
        {
            if (!double.IsFinite(values[i]))
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Entry {i} of the {what} is {values[i]}; it must be finite."), nameof(values));
            }
        }
    }

    private static OdeSolution SolveCore(InitialValueProblem problem, IntegrationMethod method)
    {
        int n = problem.InitialState.Count;
        OdeIntegrator integrator = method.CreateIntegrator(problem.Field, n, problem.Inputs.Count);
        double[] state = [.. problem.InitialState];
        double[] inputs = [.. problem.Inputs];
        var recorder = new Recorder(problem.StartTime, state, DenseOutput.Blocks(integrator.DenseKind) * n);
        integrator.AdvanceCore(problem.StartTime, problem.EndTime, state, inputs, [], recorder);
        return new OdeSolution(problem, method, integrator.DenseKind, n, [.. recorder.Times], [.. recorder.States], [.. recorder.Dense], integrator.Statistics);
    }

    private sealed class Recorder : IStepObserver
    {
        private readonly int _denseSize;

        public Recorder(double t0, ReadOnlySpan<double> y0, int denseSize)
        {
            _denseSize = denseSize;
            Times.Add(t0);
            States.AddRange(y0);
        }

        public List<double> Times { get; } = [];

        public List<double> States { get; } = [];

        public List<double> Dense { get; } = [];

        public void OnAccepted(double start, double end, ReadOnlySpan<double> endState, ReadOnlySpan<double> dense)
        {
            Times.Add(end);
            States.AddRange(endState);
            Dense.AddRange(dense[.._denseSize]);
        }
    }
}
