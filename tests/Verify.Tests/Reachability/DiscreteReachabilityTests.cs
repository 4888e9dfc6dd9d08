using Certus.Core.Expressions;
using Certus.Core.Networks;
using Certus.Core.Sets;
using Certus.Core.Systems;
using Certus.Reach.ClosedLoop;
using Certus.Reach.Flow;
using Certus.Sim.ClosedLoop;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Certus.Verify.Tests.Reachability;

/// <summary>
/// Discrete-time plants: the reachable set of each step against the closed form of a linear loop, and random
/// affine (optionally quadratic) maps with random small networks, where every simulated state lies in the set of its
/// step. One miss fails.
/// </summary>
public sealed class DiscreteReachabilityTests
{
    private static readonly Dictionary<string, Expr> NoParameters = new();

    private static string N(double v) => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture);

    // x⁺ = x + u, u = K·x by a network (identity layer, or relu(K·x) − relu(−K·x)): the loop is x⁺ = M·x, M = I + K.
    private static NeuralController Rotation(bool relu)
    {
        var system = new OdeSystem(["x1", "x2"], ["u1", "u2"], [], NoParameters, new Dictionary<string, Expr>
        {
            ["x1"] = ExpressionParser.Parse("x1 + u1"),
            ["x2"] = ExpressionParser.Parse("x2 + u2"),
        }, PlantKind.Discrete);
        double[] k = [-0.5, 0.5, -0.5, -0.5];
        FeedForwardNetwork net = relu
            ? new FeedForwardNetwork([
                new DenseLayer(2, 4, [.. k, .. k.Select(v => -v)], [0, 0, 0, 0], Activation.Relu),
                new DenseLayer(4, 2, [1, 0, -1, 0, 0, 1, 0, -1], [0, 0], Activation.Identity)])
            : new FeedForwardNetwork([new DenseLayer(2, 2, k, [0, 0], Activation.Identity)]);
        return new NeuralController(system, net, [Expr.Var("x1"), Expr.Var("x2")],
            new Dictionary<string, Expr> { ["u1"] = Expr.Var("out[0]"), ["u2"] = Expr.Var("out[1]") }, 1.0);
    }

    [Theory]
    [InlineData(ClosedLoopSetMode.Box, false)]
    [InlineData(ClosedLoopSetMode.Affine, false)]
    [InlineData(ClosedLoopSetMode.Box, true)]
    [InlineData(ClosedLoopSetMode.Affine, true)]
    public void StepSets_ContainTheClosedForm(ClosedLoopSetMode mode, bool relu)
    {
        Box x0 = Box.FromBounds([0.5, -0.25], [1, 0.25]);
        const int steps = 8;
        var problem = new ClosedLoopReachProblem(Rotation(relu), x0, steps, []);
        CellResult cell = new ClosedLoopReachability { SetMode = mode }.AnalyzeCell(problem, x0);
        Assert.Null(cell.Failure);
        Assert.Equal(steps + 1, cell.Tube.Count);

        // The exact set of step k is M^k·X0, a parallelogram: its hull is the hull of the images of the corners.
        double[][] corners = [.. x0.Corners().Select(c => c.ToArray())];
        for (int k = 0; k <= steps; k++)
        {
            FlowSegment s = cell.Tube[k];
            Assert.Equal((double)k, s.Time.Lo);
            Assert.Equal((double)k, s.Time.Hi);
            for (int i = 0; i < 2; i++)
            {
                double lo = corners.Min(c => c[i]), hi = corners.Max(c => c[i]);
                Assert.True(s.Enclosure[i].Lo <= lo && s.Enclosure[i].Hi >= hi, $"step {k}, x{i + 1}: {s.Enclosure[i]} misses [{lo}, {hi}]");

                // A linear network in affine mode is exact up to rounding; the other combinations only have to contain it.
                if (mode == ClosedLoopSetMode.Affine && !relu)
                {
                    Assert.True(s.Enclosure[i].Width - (hi - lo) < 1e-12, $"step {k}, x{i + 1}: {s.Enclosure[i]} is wider than [{lo}, {hi}]");
                }
            }

            corners = [.. corners.Select(c => new[] { (0.5 * c[0]) + (0.5 * c[1]), (-0.5 * c[0]) + (0.5 * c[1]) })];
        }

        // M⁸ = I/16: the final set is the initial box scaled by 1/16.
        Assert.True(cell.FinalSet![0].Contains(new Core.Numerics.Interval(0.03125, 0.0625)));
        Assert.True(cell.FinalSet[1].Contains(new Core.Numerics.Interval(-1.0 / 64, 1.0 / 64)));
    }

    [Fact]
    public void Simulator_IteratesTheMap_AtTheSamplingInstantsOnly()
    {
        NeuralController c = Rotation(relu: true);
        var sim = new ClosedLoopSimulator(new ClosedLoopProblem { Plant = c.System.Compile(), Controller = c, Period = 1, Periods = 8 });
        Trajectory tr = sim.Simulate([1.0, 0.25]);
        Assert.Equal(9, tr.PointCount);
        Assert.Equal(0, tr.SamplesPerPeriod);
        Assert.Equal([0.0, 1, 2, 3, 4, 5, 6, 7, 8], tr.Times.ToArray());
        Assert.Equal(-0.25, tr.State(4)[0], 15); // M⁴ = −I/4
        Assert.Equal(-0.0625, tr.State(4)[1], 15);
        Assert.Equal(1.0 / 16, tr.State(8)[0], 15);
        Assert.Equal(0.25 / 16, tr.State(8)[1], 15);
    }

    [Fact]
    public void UndefinedMap_IsUndecided_NamingTheExpression()
    {
        var system = new OdeSystem(["x"], ["u"], [], NoParameters, new Dictionary<string, Expr> { ["x"] = ExpressionParser.Parse("x + u + 0*sqrt(x)") }, PlantKind.Discrete);
        var c = new NeuralController(system, new FeedForwardNetwork([new DenseLayer(1, 1, [0], [-1], Activation.Identity)]), [Expr.Var("x")],
            new Dictionary<string, Expr> { ["u"] = Expr.Var("out[0]") }, 1.0);

        // x = 1.5 → 0.5 → -0.5: sqrt of a negative number at step 3.
        var problem = new ClosedLoopReachProblem(c, Box.FromBounds([1.5], [1.5]), 4, [new StateProperty("x >= -5", PropertyKind.Always, ExpressionParser.Parse("x + 5"))]);
        CellResult cell = new ClosedLoopReachability().AnalyzeCell(problem, problem.InitialSet);
        UpdateNotEnclosed failure = Assert.IsType<UpdateNotEnclosed>(cell.Failure);
        Assert.Equal(3, failure.Period);
        Assert.Contains("sqrt", failure.Message, StringComparison.Ordinal);
        Assert.False(cell.Proved);
    }

    public sealed record Loop(NeuralController Controller, Box Initial, Box? Disturbances, int Steps)
    {
        public override string ToString() =>
            $"{Controller.System} | u = {Controller.OutputMap[0]} | net {Controller.Network} | X0 {Initial} | W {Disturbances?.ToString() ?? "none"} | {Steps} steps";
    }

    public static class Arbitraries
    {
        private static Gen<double> Coefficient => Gen.Choose(-120, 120).Select(i => i / 100.0);

        public static Arbitrary<Loop> Loops() =>
            (from a in Gen.ArrayOf(Coefficient, 4)
             from bu in Gen.ArrayOf(Coefficient, 2)
             from offset in Gen.ArrayOf(Coefficient, 2)
             from quadratic in Gen.Frequency((2, Gen.Constant(0.0)), (1, Coefficient.Select(q => q / 4)))
             from disturbed in Gen.Elements(false, true)
             from hidden in Gen.Choose(2, 6)
             from act in Gen.Elements(Activation.Relu, Activation.Tanh, Activation.Sigmoid, Activation.Identity)
             from w1 in Gen.ArrayOf(Coefficient, 2 * hidden)
             from b1 in Gen.ArrayOf(Coefficient, hidden)
             from w2 in Gen.ArrayOf(Coefficient, hidden)
             from c in Gen.ArrayOf(Coefficient, 2)
             from r in Gen.ArrayOf(Gen.Frequency((1, Gen.Constant(0.0)), (5, Gen.Choose(1, 30).Select(i => i / 100.0))), 2)
             from steps in Gen.Choose(1, 6)
             select Build(a, bu, offset, quadratic, disturbed, hidden, act, w1, b1, w2, c, r, steps)).ToArbitrary();

        private static Loop Build(double[] a, double[] bu, double[] offset, double q, bool disturbed, int hidden, Activation act, double[] w1, double[] b1, double[] w2, double[] c, double[] r, int steps)
        {
            // x⁺ = A·x + B·u + d (+ q·x·y, + w): contracting-ish entries keep a few steps bounded.
            var system = new OdeSystem(["x", "y"], ["u"], disturbed ? ["w"] : [], NoParameters, new Dictionary<string, Expr>
            {
                ["x"] = ExpressionParser.Parse($"{N(a[0] / 2)}*x + {N(a[1] / 2)}*y + {N(bu[0])}*u + {N(offset[0] / 4)} + {N(q)}*x*y"),
                ["y"] = ExpressionParser.Parse($"{N(a[2] / 2)}*x + {N(a[3] / 2)}*y + {N(bu[1])}*u + {N(offset[1] / 4)}" + (disturbed ? " + w" : string.Empty)),
            }, PlantKind.Discrete);
            var net = new FeedForwardNetwork([
                new DenseLayer(2, hidden, w1, b1, act),
                new DenseLayer(hidden, 1, w2, [0], Activation.Identity)]);
            var controller = new NeuralController(system, net, [ExpressionParser.Parse("x"), ExpressionParser.Parse("y")],
                new Dictionary<string, Expr> { ["u"] = ExpressionParser.Parse("out[0]") }, 1.0);
            return new Loop(controller, Box.FromBounds([c[0] - r[0], c[1] - r[1]], [c[0] + r[0], c[1] + r[1]]), disturbed ? Box.FromBounds([-0.05], [0.05]) : null, steps);
        }
    }

    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = 80, Replay = "(1601,1603)")]
    public bool SimulatedStates_LieInTheSetOfTheirStep(Loop loop, bool affine)
    {
        var problem = new ClosedLoopReachProblem(loop.Controller, loop.Initial, loop.Steps, [], loop.Disturbances);
        CellResult cell = new ClosedLoopReachability { SetMode = affine ? ClosedLoopSetMode.Affine : ClosedLoopSetMode.Box }.AnalyzeCell(problem, loop.Initial);
        DisturbanceModel disturbance = loop.Disturbances is null ? DisturbanceModel.None : new BoxDisturbance(loop.Disturbances, 7);
        var sim = new ClosedLoopSimulator(new ClosedLoopProblem
        {
            Plant = loop.Controller.System.Compile(),
            Controller = loop.Controller,
            Period = 1,
            Periods = loop.Steps,
            Disturbance = disturbance,
        });
        var random = new Random(3);
        double[][] corners = [.. loop.Initial.Corners()];
        for (int run = 0; run < 300; run++)
        {
            double[] x0 = run < corners.Length ? corners[run] : loop.Initial.Sample(random);
            Trajectory tr = sim.Simulate(x0, random);
            Assert.Equal(loop.Steps + 1, tr.PointCount);
            for (int k = 0; k < tr.PointCount; k++)
            {
                double[] x = tr.State(k).ToArray();
                if (k >= cell.Tube.Count)
                {
                    Assert.NotNull(cell.Failure); // no set only where the analysis said it stopped
                    break;
                }

                FlowSegment s = cell.Tube[k];
                Assert.Equal(tr.Times[k], s.Time.Lo);

                // The simulation rounds each step to doubles; the tolerance absorbs only that.
                if (!s.Enclosure.Select((iv, i) => iv.Inflate(1e-12 * (1 + Math.Abs(x[i]))).Contains(x[i])).All(ok => ok))
                {
                    throw new InvalidOperationException($"{loop} ({(affine ? "affine" : "box")}): at step {k} the state ({string.Join(", ", x)}) from ({string.Join(", ", x0)}) is outside {s.Enclosure}");
                }
            }
        }

        return true;
    }
}
