using Certus.Core.Systems;
using Certus.Sim.ClosedLoop;
using Certus.Sim.Integration;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Certus.Sim.Tests.ClosedLoop;

public sealed class ClosedLoopSimulatorTests
{
    private const double Period = 0.1;
    private const int Periods = 50;

    private static ClosedLoopProblem DoubleIntegratorLoop() => new()
    {
        Plant = LinearPlant.DoubleIntegrator(),
        Controller = new LinearFeedback(2, 1, [1.0, 1.5]),
        Period = Period,
        Periods = Periods,
    };

    /// <summary>
    /// The exact sampled-data solution: x_{k+1} = Ad x_k + Bd u_k with u_k = -K x_k, and inside a period
    /// x(t_k + s) = Ad(s) x_k + Bd(s) u_k (matrix exponential of the augmented system, zero-order hold).
    /// </summary>
    private static double[] ExactStates(LinearPlant plant, LinearFeedback controller, double[] x0, int samplesPerPeriod, out double[] controls)
    {
        int n = plant.StateCount, m = plant.ControlCount, stride = samplesPerPeriod + 1;
        var states = new double[((Periods * stride) + 1) * n];
        controls = new double[Periods * m];
        var maps = new (double[] Ad, double[] Bd)[stride + 1];
        for (int j = 1; j <= stride; j++)
        {
            maps[j] = Matrix.Zoh(plant.A, plant.B, n, m, j * Period / stride);
        }

        double[] x = [.. x0];
        x.CopyTo(states, 0);
        for (int k = 0; k < Periods; k++)
        {
            double[] u = new double[m];
            controller.Compute(k * Period, x, u);
            u.CopyTo(controls, k * m);
            double[] next = x;
            for (int j = 1; j <= stride; j++)
            {
                double[] ax = Matrix.Apply(maps[j].Ad, x, n, n);
                double[] bu = Matrix.Apply(maps[j].Bd, u, n, m);
                next = new double[n];
                for (int i = 0; i < n; i++)
                {
                    next[i] = ax[i] + bu[i];
                }

                next.CopyTo(states, ((k * stride) + j) * n);
            }

            x = next;
        }

        return states;
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    [InlineData(9)]
    public void DoubleIntegrator_Rk4_MatchesTheExactZohSolution(int samples)
    {
        // The solution is a quadratic in t on each period, which RK4 integrates exactly: only rounding remains.
        ClosedLoopProblem loop = DoubleIntegratorLoop();
        var simulator = new ClosedLoopSimulator(loop, new SimulationOptions { SamplesPerPeriod = samples });
        double[] x0 = [2, -1];
        Trajectory trajectory = simulator.Simulate(x0);
        double[] exact = ExactStates((LinearPlant)loop.Plant, (LinearFeedback)loop.Controller, x0, samples, out double[] controls);

        Assert.Equal((Periods * (samples + 1)) + 1, trajectory.PointCount);
        Assert.Equal(exact.Length, trajectory.States.Length);
        for (int i = 0; i < exact.Length; i++)
        {
            Assert.Equal(exact[i], trajectory.States[i], 1e-12);
        }

        for (int k = 0; k < Periods; k++)
        {
            Assert.Equal(controls[k], trajectory.Control(k)[0], 1e-12);
        }

        Assert.Equal(Periods * Period, trajectory.Times[^1], 1e-12);
        for (int k = 0; k < Periods; k++)
        {
            for (int j = 0; j <= samples; j++)
            {
                Assert.Equal((k * Period) + (j * Period / (samples + 1)), trajectory.Time((k * (samples + 1)) + j), 1e-12);
            }
        }
    }

    [Fact]
    public void DampedOscillator_Dp45_MatchesTheExactZohSolutionBetweenSamples()
    {
        var plant = new LinearPlant(2, 1, 0, [0, 1, -4, -0.6], [0, 2]);
        var controller = new LinearFeedback(2, 1, [0.5, 0.8]);
        var loop = new ClosedLoopProblem { Plant = plant, Controller = controller, Period = Period, Periods = Periods };
        var options = new SimulationOptions
        {
            Integrator = new DormandPrince45 { AbsoluteTolerance = 1e-11, RelativeTolerance = 1e-11 },
            SamplesPerPeriod = 7,
        };
        double[] x0 = [1, -0.5];
        Trajectory trajectory = new ClosedLoopSimulator(loop, options).Simulate(x0);
        double[] exact = ExactStates(plant, controller, x0, 7, out _);
        for (int i = 0; i < exact.Length; i++)
        {
            Assert.Equal(exact[i], trajectory.States[i], 1e-9);
        }
    }

    [Fact]
    public void ControlIsComputedAtTheSampleAndHeldOverThePeriod()
    {
        // A controller that records when it is called: exactly once per period, at t_k, on the sampled state.
        var calls = new List<(double Time, double[] State)>();
        var recording = new DelegateFeedback(2, 1, (t, x, u) =>
        {
            calls.Add((t, x.ToArray()));
            u[0] = -x[0];
        });
        var loop = DoubleIntegratorLoop() with { Controller = recording, StartTime = 3 };
        Trajectory trajectory = new ClosedLoopSimulator(loop).Simulate([1, 0]);
        Assert.Equal(Periods, calls.Count);
        for (int k = 0; k < Periods; k++)
        {
            Assert.Equal(3 + (k * Period), calls[k].Time, 1e-12);
            Assert.Equal(trajectory.SampledState(k).ToArray(), calls[k].State);
            Assert.Equal(-calls[k].State[0], trajectory.Control(k)[0]);
        }
    }

    [Fact]
    public void ConstantDisturbance_IsAddedInEveryPeriod()
    {
        // x' = u + w with u = 0: x(t) = x0 + w·t.
        VectorField field = (t, x, v, dx) => dx[0] = v[0] + v[1];
        var loop = new ClosedLoopProblem
        {
            Plant = new FieldPlant(1, 1, 1, field),
            Controller = new LinearFeedback(1, 1, [0]),
            Period = 0.5,
            Periods = 4,
            Disturbance = new ConstantDisturbance(0.3),
        };
        Trajectory trajectory = new ClosedLoopSimulator(loop).Simulate([1]);
        for (int i = 0; i < trajectory.PointCount; i++)
        {
            Assert.Equal(1 + (0.3 * trajectory.Times[i]), trajectory.State(i)[0], 1e-13);
        }

        Assert.All(Enumerable.Range(0, 4), k => Assert.Equal(0.3, trajectory.Disturbance(k)[0]));
    }

    [Fact]
    public void BoxDisturbance_IsDrawnPerPeriodInsideTheBox_AndReproducibleFromTheSeed()
    {
        VectorField field = (t, x, v, dx) =>
        {
            dx[0] = v[1];
            dx[1] = v[2];
        };
        var loop = new ClosedLoopProblem
        {
            Plant = new FieldPlant(2, 1, 2, field),
            Controller = new LinearFeedback(2, 1, [0, 0]),
            Period = 0.2,
            Periods = 30,
            Disturbance = new BoxDisturbance([-1, 2], [1, 3], seed: 17),
        };
        var simulator = new ClosedLoopSimulator(loop);
        Trajectory a = simulator.Simulate([0, 0]);
        Trajectory b = simulator.Simulate([0, 0]);
        Assert.Equal(a.Disturbances.ToArray(), b.Disturbances.ToArray());
        Assert.Equal(a.States.ToArray(), b.States.ToArray());
        Trajectory c = simulator.Simulate([0, 0], new Random(18));
        Assert.NotEqual(a.Disturbances.ToArray(), c.Disturbances.ToArray());

        var distinct = new HashSet<double>();
        double x = 0;
        for (int k = 0; k < 30; k++)
        {
            ReadOnlySpan<double> w = a.Disturbance(k);
            Assert.InRange(w[0], -1, 1);
            Assert.InRange(w[1], 2, 3);
            distinct.Add(w[0]);
            x += 0.2 * w[0];
            Assert.Equal(x, a.SampledState(k + 1)[0], 1e-12);
        }

        Assert.Equal(30, distinct.Count);
    }

    public static class Arbitraries
    {
        /// <summary>Initial states of the double integrator in [-5, 5]².</summary>
        public static Arbitrary<(double, double)> InitialState() =>
            (from a in Gen.Choose(-5000, 5000)
             from b in Gen.Choose(-5000, 5000)
             select (a / 1000.0, b / 1000.0)).ToArbitrary();
    }

    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = 200, Replay = "(2024,2027)")]
    public void MarginMode_AgreesWithTheFullTrajectory((double, double) start)
    {
        StateMargin margin = (t, x) => 1.5 - Math.Abs(x[0]) - (0.1 * t);
        var simulator = new ClosedLoopSimulator(DoubleIntegratorLoop(), new SimulationOptions { SamplesPerPeriod = 3 });
        double[] x0 = [start.Item1, start.Item2];
        Trajectory trajectory = simulator.Simulate(x0);
        double[] final = new double[2];
        MarginSummary summary = simulator.SimulateMargin(x0, [], margin, final, simulator.CreateWorkspace());
        Assert.Equal(trajectory.MinimumMargin(margin), summary);
        Assert.Equal(trajectory.FinalState.ToArray(), final);
        Assert.Equal(trajectory.Times[summary.PointIndex], summary.Time);
    }

    [Fact]
    public void MarginMode_ReusesTheWorkspaceWithoutAllocating()
    {
        StateMargin margin = (t, x) => x[0];
        var simulator = new ClosedLoopSimulator(DoubleIntegratorLoop() with { Periods = 200 }, new SimulationOptions());
        SimulationWorkspace workspace = simulator.CreateWorkspace();
        double[] x0 = [1, 0];
        double[] final = new double[2];
        MarginSummary first = simulator.SimulateMargin(x0, [], margin, final, workspace);
        long before = GC.GetAllocatedBytesForCurrentThread();
        MarginSummary second = simulator.SimulateMargin(x0, [], margin, final, workspace);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(first, second);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void NanMargin_CountsAsMinusInfinity()
    {
        var simulator = new ClosedLoopSimulator(DoubleIntegratorLoop());
        MarginSummary summary = simulator.SimulateMargin([1, 0], (t, x) => t > 1 ? double.NaN : 1, new double[2]);
        Assert.Equal(double.NegativeInfinity, summary.MinimumMargin);
        Assert.True(summary.IsViolated);
        Assert.True(summary.Time > 1);
    }

    [Fact]
    public void Problem_MismatchesAreReportedByName()
    {
        ClosedLoopProblem good = DoubleIntegratorLoop();
        Assert.Contains("reads 3 states", Assert.Throws<ArgumentException>(() => new ClosedLoopSimulator(good with { Controller = new LinearFeedback(3, 1, [0, 0, 0]) })).Message, StringComparison.Ordinal);
        Assert.Contains("gives 2 controls", Assert.Throws<ArgumentException>(() => new ClosedLoopSimulator(good with { Controller = new LinearFeedback(2, 2, [0, 0, 0, 0]) })).Message, StringComparison.Ordinal);
        Assert.Contains("period", Assert.Throws<ArgumentException>(() => new ClosedLoopSimulator(good with { Period = 0 })).Message, StringComparison.Ordinal);
        Assert.Contains("disturbance", Assert.Throws<ArgumentException>(() => new ClosedLoopSimulator(good with { Disturbance = new ConstantDisturbance(1) })).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new ClosedLoopSimulator(good, new SimulationOptions { SamplesPerPeriod = -1 }));

        var simulator = new ClosedLoopSimulator(good);
        Assert.Throws<ArgumentException>(() => simulator.Simulate([1, 2, 3]));
        Assert.Throws<ArgumentException>(() => simulator.Simulate([1, double.PositiveInfinity]));
        Assert.Throws<ArgumentException>(() => simulator.Simulate([1, 2], [0.5]));
        Assert.Throws<ArgumentException>(() => simulator.SimulateMargin([1, 2], [], (t, x) => 0, new double[2], new ClosedLoopSimulator(good).CreateWorkspace()));
    }

    private sealed class DelegateFeedback(int states, int controls, Action<double, ReadOnlySpan<double>, Span<double>> compute) : IStateFeedback
    {
        public int StateCount => states;

        public int ControlCount => controls;

        public void Compute(double time, ReadOnlySpan<double> state, Span<double> control) => compute(time, state, control);
    }
}
