using System.Diagnostics;
using Certus.Sim.ClosedLoop;

namespace Certus.Sim.Ensembles;

/// <summary>Runs an <see cref="EnsembleProblem"/> in parallel with given <see cref="EnsembleOptions"/>.</summary>
public static class Ensemble
{
    /// <summary>Simulates every initial state of the sampling, in parallel, keeping per run the final state and the smallest margin.</summary>
    /// <param name="problem">The ensemble.</param>
    /// <param name="options">How to run it (default <c>new EnsembleOptions()</c>).</param>
    /// <returns>The per-run results and the worst run; the same for the same seed whatever the parallelism.</returns>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    /// <exception cref="Integration.IntegrationException">An adaptive integration failed in some run.</exception>
    public static EnsembleResult Run(EnsembleProblem problem, EnsembleOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(problem);
        options ??= new EnsembleOptions();
        options.Validate();
        return RunCore(problem, options);
    }

    private static EnsembleResult RunCore(EnsembleProblem problem, EnsembleOptions options)
    {
        var clock = Stopwatch.StartNew();
        var simulator = new ClosedLoopSimulator(problem.Loop, options.Simulation);
        int n = simulator.StateCount;
        double[] initial = options.Sampling.GenerateCore(problem.LowerArray, problem.UpperArray, options.Seed);
        int count = initial.Length / n;
        var finals = new double[initial.Length];
        StateMargin? margin = problem.Margin;
        double[] margins = margin is null ? [] : new double[count];
        double[] times = margin is null ? [] : new double[count];
        DisturbanceModel model = problem.Loop.Disturbance;
        double[] fixedDisturbances = model.IsRandom ? [] : simulator.DrawDisturbances(null);
        double[] selectors = simulator.CentralSelectors(); // a modal controller's environment takes its central choices
        int seed = options.Seed;

        ParallelLoop.For(
            0,
            count,
            options.MaxDegreeOfParallelism,
            options.ChunkSize,
            () => (Workspace: simulator.CreateWorkspace(), Disturbances: new double[simulator.DisturbanceLength]),
            (i, local) =>
            {
                ReadOnlySpan<double> disturbances = fixedDisturbances;
                if (model.IsRandom)
                {
                    model.Draw(Seeds.For(seed, i, Seeds.DisturbanceStream), local.Disturbances);
                    disturbances = local.Disturbances;
                }

                MarginSummary summary = simulator.RunCore(
                    local.Workspace, initial.AsSpan(i * n, n), disturbances, selectors, margin, finals.AsSpan(i * n, n), null, null);
                if (margin is not null)
                {
                    margins[i] = summary.MinimumMargin;
                    times[i] = summary.Time;
                }
            });

        return new EnsembleResult(problem, options, simulator, initial, finals, margins, times, clock.Elapsed);
    }

    /// <summary>The disturbance sequence of sample <paramref name="index"/> of an ensemble run with <paramref name="seed"/>.</summary>
    internal static double[] DisturbancesOf(ClosedLoopSimulator simulator, int seed, int index) =>
        simulator.Problem.Disturbance.IsRandom
            ? simulator.DrawDisturbances(Seeds.For(seed, index, Seeds.DisturbanceStream))
            : simulator.DrawDisturbances(null);
}
