using Certus.Core.Expressions;
using Certus.Core.Networks;
using Certus.Core.Sets;
using Certus.Core.Systems;
using Certus.Reach.ClosedLoop;
using Certus.Reach.Flow;
using Certus.Sim.ClosedLoop;
using Certus.Sim.Integration;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Certus.Verify.Tests.Reachability;

/// <summary>
/// Random small closed loops (linear or quadratic 2-D plants, random small networks): simulated trajectories lie in
/// the computed tube at every sampled time, between the sampling instants too. One miss fails.
/// </summary>
public sealed class RandomClosedLoopSoundnessTests
{
    public sealed record Loop(NeuralController Controller, Box Initial, int Periods)
    {
        public override string ToString() =>
            $"{string.Join("; ", Controller.System.RightHandSides)} | u = {Controller.OutputMap[0]} | net {Controller.Network} | X0 {Initial} | {Periods} x {Controller.Period}";
    }

    public static class Arbitraries
    {
        private static Gen<double> Coefficient => Gen.Choose(-150, 150).Select(i => i / 100.0);

        public static Arbitrary<Loop> Loops() =>
            (from a in Gen.ArrayOf(Coefficient, 4)
             from quadratic in Gen.Elements(false, true)
             from q in Coefficient
             from b in Coefficient
             from hidden in Gen.Choose(2, 6)
             from act in Gen.Elements(Activation.Relu, Activation.Tanh, Activation.Sigmoid)
             from w1 in Gen.ArrayOf(Coefficient, 2 * hidden)
             from b1 in Gen.ArrayOf(Coefficient, hidden)
             from w2 in Gen.ArrayOf(Coefficient, hidden)
             from c in Gen.ArrayOf(Gen.Choose(-100, 100).Select(i => i / 100.0), 2)
             from r in Gen.ArrayOf(Gen.Choose(1, 20).Select(i => i / 100.0), 2)
             from period in Gen.Elements(0.05, 0.1, 0.2)
             from periods in Gen.Choose(1, 5)
             select Build(a, quadratic ? q : 0, b, hidden, act, w1, b1, w2, c, r, period, periods)).ToArbitrary();

        private static Loop Build(double[] a, double q, double b, int hidden, Activation act, double[] w1, double[] b1, double[] w2, double[] c, double[] r, double period, int periods)
        {
            static string N(double v) => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
            var system = new OdeSystem(["x", "y"], ["u"], [], new Dictionary<string, Expr>(), new Dictionary<string, Expr>
            {
                ["x"] = ExpressionParser.Parse($"{N(a[0])}*x + {N(a[1])}*y + {N(q)}*x*y"),
                ["y"] = ExpressionParser.Parse($"{N(a[2])}*x + {N(a[3])}*y - {N(q)}*x^2 + {N(b)}*u"),
            });
            var net = new FeedForwardNetwork([
                new DenseLayer(2, hidden, w1, b1, act),
                new DenseLayer(hidden, 1, w2, [0], Activation.Identity)]);
            var controller = new NeuralController(system, net, [ExpressionParser.Parse("x"), ExpressionParser.Parse("y")],
                new Dictionary<string, Expr> { ["u"] = ExpressionParser.Parse("out[0]") }, period);
            return new Loop(controller, Box.FromBounds([c[0] - r[0], c[1] - r[1]], [c[0] + r[0], c[1] + r[1]]), periods);
        }
    }

    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = 60, Replay = "(8080,8081)")]
    public bool SimulatedTrajectories_LieInTheTube(Loop loop)
    {
        var problem = new ClosedLoopReachProblem(loop.Controller, loop.Initial, loop.Periods, []);
        CellResult cell = new ClosedLoopReachability { SetMode = ClosedLoopSetMode.Box }.AnalyzeCell(problem, loop.Initial);
        var sim = new ClosedLoopSimulator(
            new ClosedLoopProblem { Plant = loop.Controller.System.Compile(), Controller = loop.Controller, Period = loop.Controller.Period, Periods = loop.Periods },
            new SimulationOptions { Integrator = new Rk4 { StepsPerInterval = 40 }, SamplesPerPeriod = 19 });
        var random = new Random(1);
        for (int run = 0; run < 300; run++)
        {
            double[] x0 = run < 4 ? [.. loop.Initial.Corners().ElementAt(run)] : loop.Initial.Sample(random);
            Trajectory tr = sim.Simulate(x0);
            for (int i = 0; i < tr.Times.Length; i++)
            {
                double t = tr.Times[i];
                double[] x = tr.State(i).ToArray();
                FlowSegment[] covering = [.. cell.Tube.Where(s => s.Time.Contains(t))];
                if (covering.Length == 0)
                {
                    Assert.NotNull(cell.Failure); // no tube only where the analysis said it stopped
                    continue;
                }

                if (!covering.Any(s => s.Enclosure.Select((iv, k) => iv.Inflate(1e-8 * (1 + Math.Abs(x[k]))).Contains(x[k])).All(ok => ok)))
                {
                    throw new InvalidOperationException($"{loop}: at t = {t} the state ({string.Join(", ", x)}) from ({string.Join(", ", x0)}) is outside the tube {string.Join(" / ", covering.Select(s => s.Enclosure))}");
                }
            }
        }

        return true;
    }
}
