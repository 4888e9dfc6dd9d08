using Certus.Core.Sets;
using Certus.Sim.ClosedLoop;
using Certus.Sim.Integration;
using Certus.Verify.Specs;

namespace Certus.Verify.Reports;

/// <summary>One simulated trajectory, stored by state for plotting.</summary>
/// <param name="Times">The stored times.</param>
/// <param name="Series">Per state, its value at each time.</param>
internal sealed record SimulatedRun(double[] Times, double[][] Series);

/// <summary>
/// Seeded simulations of a spec's closed loop for the report: a few whole trajectories to draw, and the hull of the
/// final states of many more (and of the initial set's corners) to compare with the reach set's final set.
/// </summary>
internal sealed class SimulationEnsemble
{
    private SimulationEnsemble(IReadOnlyList<SimulatedRun> runs, Box? finalHull, int hullCount, int failed)
    {
        Runs = runs;
        FinalHull = finalHull;
        HullCount = hullCount;
        Failed = failed;
    }

    /// <summary>The trajectories to draw.</summary>
    public IReadOnlyList<SimulatedRun> Runs { get; }

    /// <summary>The hull of every simulated final state, or null when no simulation succeeded.</summary>
    public Box? FinalHull { get; }

    /// <summary>How many final states make up <see cref="FinalHull"/>.</summary>
    public int HullCount { get; }

    /// <summary>Simulations whose integration failed (left out).</summary>
    public int Failed { get; }

    /// <summary>The closed loop the certifier simulates.</summary>
    public static ClosedLoopProblem LoopOf(CertificationSpec spec, int seed) => spec.SimulationLoop(seed);

    public static SimulationEnsemble Run(CertificationSpec spec, ReportOptions options)
    {
        var simulator = new ClosedLoopSimulator(LoopOf(spec, options.Seed));
        Box start = spec.InnerInitialSet ?? spec.InitialSet;
        int n = spec.System.States.Count;
        var random = new Random(options.Seed);
        var runs = new List<SimulatedRun>(options.Simulations);
        var lower = Enumerable.Repeat(double.PositiveInfinity, n).ToArray();
        var upper = Enumerable.Repeat(double.NegativeInfinity, n).ToArray();
        int hullCount = 0, failed = 0;

        void Include(ReadOnlySpan<double> final)
        {
            for (int i = 0; i < n; i++)
            {
                lower[i] = Math.Min(lower[i], final[i]);
                upper[i] = Math.Max(upper[i], final[i]);
            }

            hullCount++;
        }

        for (int k = 0; k < options.Simulations; k++)
        {
            double[] x0 = start.Sample(random);
            try
            {
                Trajectory trajectory = simulator.Simulate(x0, random);
                double[] times = trajectory.Times.ToArray();
                var series = new double[n][];
                for (int i = 0; i < n; i++)
                {
                    series[i] = new double[times.Length];
                }

                for (int p = 0; p < times.Length; p++)
                {
                    ReadOnlySpan<double> x = trajectory.State(p);
                    for (int i = 0; i < n; i++)
                    {
                        series[i][p] = x[i];
                    }
                }

                if (series.Any(v => !v.All(double.IsFinite)))
                {
                    failed++;
                    continue;
                }

                runs.Add(new SimulatedRun(times, series));
                Include(trajectory.FinalState);
            }
            catch (IntegrationException)
            {
                failed++;
            }
        }

        // Final states only: the corners (small dimensions) and more random points, without storing trajectories.
        IEnumerable<double[]> corners = n <= 10 ? start.Corners() : [];
        IEnumerable<double[]> extra = Enumerable.Range(0, options.HullSimulations).Select(_ => start.Sample(random));
        SimulationWorkspace workspace = simulator.CreateWorkspace();
        var final = new double[n];
        var disturbances = new double[simulator.DisturbanceLength];
        foreach (double[] x0 in corners.Concat(extra))
        {
            simulator.DrawDisturbances(random, disturbances);
            try
            {
                simulator.SimulateMargin(x0, disturbances, static (_, _) => 0, final, workspace);
                if (Array.TrueForAll(final, double.IsFinite))
                {
                    Include(final);
                }
                else
                {
                    failed++;
                }
            }
            catch (IntegrationException)
            {
                failed++;
            }
        }

        Box? hull = hullCount == 0 ? null : Box.FromBounds(lower, upper);
        return new SimulationEnsemble(runs, hull, hullCount, failed);
    }
}
