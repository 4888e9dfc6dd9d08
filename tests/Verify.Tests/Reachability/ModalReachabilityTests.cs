using Certus.Core.Expressions;
using Certus.Core.Networks;
using Certus.Core.Sets;
using Certus.Core.Systems;
using Certus.Reach.ClosedLoop;

using Certus.Sim.ClosedLoop;
using Interval = Certus.Core.Numerics.Interval;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Certus.Verify.Tests.Reachability;

/// <summary>
/// Modal loops (a finite mode, one network per mode, argmax, guarded cases and environment choices): random
/// discrete-time and continuous-time loops where every simulated state, under random choices, lies in the set of its
/// step and every mode a simulation takes is among the modes the sets follow; ties and straddled guards follow every
/// branch. One miss fails.
/// </summary>
public sealed class ModalReachabilityTests
{
    private static readonly Dictionary<string, Expr> NoParameters = new();

    private static OdeSystem Plant(bool discrete, double[] a) => new(["x1", "x2"], ["u"], [], NoParameters, discrete
        ? new Dictionary<string, Expr>
        {
            ["x1"] = ExpressionParser.Parse($"{N(a[0])} * x1 + {N(a[1])} * x2"),
            ["x2"] = ExpressionParser.Parse($"{N(a[2])} * x1 + {N(a[3])} * x2 + u"),
        }
        : new Dictionary<string, Expr>
        {
            ["x1"] = ExpressionParser.Parse("x2"),
            ["x2"] = ExpressionParser.Parse($"{N(a[0] - 1)} * x1 + {N(a[3] - 1)} * x2 + u"),
        }, discrete ? PlantKind.Discrete : PlantKind.Continuous);

    private static string N(double v) => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture);

    public sealed record Loop(ModalController Controller, Box Initial, int Steps, string Text)
    {
        public override string ToString() => Text;
    }

    public static class Arbitraries
    {
        private static Gen<double> Coefficient => Gen.Choose(-100, 100).Select(i => i / 100.0);

        public static Arbitrary<Loop> Loops() =>
            (from discrete in Gen.Elements(true, true, false)
             from modes in Gen.Choose(2, 3)
             from a in Gen.ArrayOf(Coefficient, 4)
             from hidden in Gen.Choose(2, 5)
             from weights in Gen.ArrayOf(Gen.ArrayOf(Coefficient, (2 * hidden) + hidden + (hidden * modes) + modes), modes)
             from values in Gen.ArrayOf(Coefficient, modes)
             from threshold in Coefficient
             from choice in Gen.ArrayOf(Coefficient, 3)
             from lo in Gen.ArrayOf(Gen.Choose(-100, 100).Select(i => i / 100.0), 2)
             from width in Gen.ArrayOf(Gen.Choose(0, 40).Select(i => i / 100.0), 2)
             from steps in Gen.Choose(1, 6)
             select Build(discrete, modes, a, hidden, weights, values, threshold, choice, lo, width, steps)).ToArbitrary();

        private static Loop Build(bool discrete, int modes, double[] a, int hidden, double[][] weights, double[] values, double threshold, double[] choice, double[] lo, double[] width, int steps)
        {
            OdeSystem system = Plant(discrete, a);
            var networks = new List<FeedForwardNetwork>();
            foreach (double[] w in weights)
            {
                int at = 0;
                double[] Take(int n)
                {
                    double[] r = w[at..(at + n)];
                    at += n;
                    return r;
                }

                networks.Add(new FeedForwardNetwork([
                    new DenseLayer(2, hidden, Take(2 * hidden), Take(hidden), Activation.Relu),
                    new DenseLayer(hidden, modes, Take(hidden * modes), Take(modes), Activation.Identity)]));
            }

            // Mode 0 is driven by out[0] of its network; while the mode stays 1, a guard on x1 sets 0, else the
            // environment chooses from a set; the other modes choose from an interval.
            var cases = new List<ControlCase>
            {
                new() { Modes = [0], Value = ExpressionParser.Parse($"0.5 * out[0] + {N(values[0])}") },
                new() { Modes = [1], Previous = [1], Guards = [ExpressionParser.Parse($"x1 - {N(threshold)}")], Value = ExpressionParser.Parse("0") },
                new() { Modes = [1], Choices = [.. choice.Select(ChoiceValue.Exact)] },
                new() { Range = (ChoiceValue.Exact(Math.Min(values[^1], 0)), ChoiceValue.Exact(Math.Max(values[^1], 0))) },
            };
            var controller = new ModalController(system, [.. Enumerable.Range(0, modes).Select(i => $"M{i}")], 0, networks, [Expr.Var("x1"), Expr.Var("x2")], ModeUpdate.Argmax,
                new Dictionary<string, IReadOnlyList<ControlCase>> { ["u"] = cases }, discrete ? 1.0 : 0.25);
            Box initial = Box.FromBounds(lo, [lo[0] + width[0], lo[1] + width[1]]);
            return new Loop(controller, initial, steps, $"{(discrete ? "discrete" : "ODE")} {system} | {modes} modes, hidden {hidden} | X0 {initial} | {steps} steps | threshold {threshold} | choices {string.Join(",", choice)}");
        }
    }

    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = 120, QuietOnSuccess = true)]
    public void EverySimulatedStateAndMode_IsInTheSetsOfItsStep(Loop loop)
    {
        ModalController c = loop.Controller;
        var problem = new ClosedLoopReachProblem(c.Primary, loop.Initial, loop.Steps, []) { Modal = c };
        CellResult cell = new ClosedLoopReachability().AnalyzeCell(problem, loop.Initial);
        if (cell.Failure is not null)
        {
            return; // a loop whose sets blow up (unbounded) may fail; it then proves nothing
        }

        Assert.NotNull(cell.Modes);
        var sim = new ClosedLoopSimulator(new ClosedLoopProblem
        {
            Plant = c.System.Compile(),
            Controller = c.Primary,
            Modal = c,
            Period = c.Period,
            Periods = loop.Steps,
        }, new SimulationOptions { Integrator = new Certus.Sim.Integration.Rk4 { StepsPerInterval = 20 }, SamplesPerPeriod = 4 });
        bool discrete = c.System.IsDiscrete;
        var random = new Random(loop.Text.GetHashCode(StringComparison.Ordinal));
        Box[] corners = [.. loop.Initial.Corners().Select(p => Box.FromBounds(p.ToArray(), p.ToArray()))];
        for (int run = 0; run < 60; run++)
        {
            double[] x0 = run < corners.Length ? [.. corners[run].Select(i => i.Lo)] : [.. loop.Initial.Select(i => i.Lo + (random.NextDouble() * i.Width))];
            double[] selectors = [.. Enumerable.Range(0, sim.ChoiceLength).Select(_ => run % 3 == 0 ? random.Next(2) : random.NextDouble())];
            Trajectory tr = sim.Simulate(x0, [], selectors);
            for (int k = 0; k < loop.Steps; k++)
            {
                Assert.True(cell.Modes[k + 1].Contains(tr.Modes![k]), $"step {k + 1}: mode {tr.Modes[k]} of the simulation from ({string.Join(", ", x0)}) is not among the followed modes {string.Join(",", cell.Modes[k + 1])}");
            }

            for (int i = 0; i < tr.PointCount; i++)
            {
                double t = tr.Time(i);
                double[] x = tr.State(i).ToArray();
                // The simulation rounds each step to doubles (RK4 with 20 substeps is accurate to ~1e-9 for the ODEs); the
                // tolerance absorbs only that.
                double tolerance = discrete ? 1e-12 : 1e-7;
                bool inside = cell.Tube.Where(s => s.Time.Lo <= t && t <= s.Time.Hi).Any(s => s.Enclosure.Select((iv, d) => iv.Inflate(tolerance * (1 + Math.Abs(x[d]))).Contains(x[d])).All(b => b));
                Assert.True(inside, $"the simulated state ({string.Join(", ", x)}) at t = {t} from ({string.Join(", ", x0)}) is outside every set of its time");
            }
        }
    }

    // Two modes whose scores are always equal: the real argmax is a tie, so both modes may be taken. Mode A pushes
    // x up, mode B down; the sets must contain both, although a simulation takes the first mode only.
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Ties_FollowEveryTiedMode(bool discrete)
    {
        var system = new OdeSystem(["x"], ["u"], [], NoParameters, new Dictionary<string, Expr> { ["x"] = ExpressionParser.Parse(discrete ? "x + u" : "u") }, discrete ? PlantKind.Discrete : PlantKind.Continuous);
        var tied = new FeedForwardNetwork([new DenseLayer(1, 2, [1, 1], [0, 0], Activation.Identity)]);
        var c = new ModalController(system, ["A", "B"], 0, [tied, tied], [Expr.Var("x")], ModeUpdate.Argmax, new Dictionary<string, IReadOnlyList<ControlCase>>
        {
            ["u"] = [new() { Modes = [0], Value = ExpressionParser.Parse("1") }, new() { Modes = [1], Value = ExpressionParser.Parse("-1") }],
        }, 1.0);
        var problem = new ClosedLoopReachProblem(c.Primary, Box.FromBounds([0], [0]), 3, []) { Modal = c };
        CellResult cell = new ClosedLoopReachability().AnalyzeCell(problem, problem.InitialSet);
        Assert.Null(cell.Failure);
        Assert.Equal([0, 1], cell.Modes![1]);
        Assert.True(cell.FinalSet![0].Contains(new Interval(-3, 3)), $"the final set {cell.FinalSet} misses a tied branch (x = ±3)");
    }

    // Two tied modes, one of which blows up (dx/dt = 100·x² from 1 escapes at t = 0.01): the cell fails, and the tube
    // keeps nothing of the failing period, since a partial tube of one branch would stand for both (a counterexample
    // replay could then be confirmed by the branch the real trajectory may not take).
    [Fact]
    public void FailingBranch_LeavesNoPartialTubeForTheOthers()
    {
        var system = new OdeSystem(["x"], ["u"], [], NoParameters, new Dictionary<string, Expr> { ["x"] = ExpressionParser.Parse("u * x^2") }, PlantKind.Continuous);
        var tied = new FeedForwardNetwork([new DenseLayer(1, 2, [1, 1], [0, 0], Activation.Identity)]);
        var c = new ModalController(system, ["calm", "wild"], 0, [tied, tied], [Expr.Var("x")], ModeUpdate.Argmax, new Dictionary<string, IReadOnlyList<ControlCase>>
        {
            ["u"] = [new() { Modes = [0], Value = ExpressionParser.Parse("0") }, new() { Modes = [1], Value = ExpressionParser.Parse("100") }],
        }, 1.0);
        var problem = new ClosedLoopReachProblem(c.Primary, Box.FromBounds([1], [1]), 2, []) { Modal = c };
        CellResult cell = new ClosedLoopReachability { SetMode = ClosedLoopSetMode.Box }.AnalyzeCell(problem, problem.InitialSet);
        Assert.IsType<FlowNotEnclosed>(cell.Failure);
        Assert.Empty(cell.Tube);
    }

    // A guard that the set straddles is not decided for the whole set: both cases are followed.
    [Fact]
    public void StraddledGuard_FollowsBothCases()
    {
        var system = new OdeSystem(["x"], ["u"], [], NoParameters, new Dictionary<string, Expr> { ["x"] = ExpressionParser.Parse("x + u") }, PlantKind.Discrete);
        var one = new FeedForwardNetwork([new DenseLayer(1, 1, [0], [0], Activation.Identity)]);
        var c = new ModalController(system, ["only"], 0, [one], [Expr.Var("x")], ModeUpdate.Argmax, new Dictionary<string, IReadOnlyList<ControlCase>>
        {
            ["u"] = [new() { Guards = [ExpressionParser.Parse("x")], Value = ExpressionParser.Parse("10") }, new() { Value = ExpressionParser.Parse("-10") }],
        }, 1.0);
        var problem = new ClosedLoopReachProblem(c.Primary, Box.FromBounds([-1], [1]), 1, []) { Modal = c };
        CellResult cell = new ClosedLoopReachability().AnalyzeCell(problem, problem.InitialSet);
        Assert.True(cell.FinalSet![0].Contains(new Interval(-11, 11)), $"the final set {cell.FinalSet} misses a case");

        // On a set where the guard holds for sure, only the first case is taken.
        CellResult right = new ClosedLoopReachability().AnalyzeCell(problem, Box.FromBounds([0.5], [1]));
        Assert.Equal(new Interval(10.5, 11), right.FinalSet![0]);
    }

    // With a fixed selector sequence (a counterexample's replay) the sets follow that one choice per step; without one,
    // every choice.
    [Fact]
    public void FixedSelectors_ReplayOneChoice_ElseEvery()
    {
        var system = new OdeSystem(["x"], ["u"], [], NoParameters, new Dictionary<string, Expr> { ["x"] = ExpressionParser.Parse("x + u") }, PlantKind.Discrete);
        var one = new FeedForwardNetwork([new DenseLayer(1, 1, [0], [0], Activation.Identity)]);
        var c = new ModalController(system, ["only"], 0, [one], [Expr.Var("x")], ModeUpdate.Argmax, new Dictionary<string, IReadOnlyList<ControlCase>>
        {
            ["u"] = [new() { Choices = [ChoiceValue.Exact(-1), ChoiceValue.Exact(0), ChoiceValue.Exact(2)] }],
        }, 1.0);
        var all = new ClosedLoopReachProblem(c.Primary, Box.FromBounds([0], [0]), 2, []) { Modal = c };
        Assert.Equal(new Interval(-2, 4), new ClosedLoopReachability().AnalyzeCell(all, all.InitialSet).FinalSet![0]);
        var replay = new ClosedLoopReachProblem(c.Primary, Box.FromBounds([0], [0]), 2, []) { Modal = c, Selectors = [0.0, 0.9] };
        Assert.Equal(new Interval(1, 1), new ClosedLoopReachability().AnalyzeCell(replay, replay.InitialSet).FinalSet![0]);
        Assert.Equal(-1, c.Cases[0][0].Choose(0).Nearest);
        Assert.Equal(0, c.Cases[0][0].Choose(0.5).Nearest);
        Assert.Equal(2, c.Cases[0][0].Choose(1).Nearest);
    }

    [Fact]
    public void MissingCase_IsAModelError()
    {
        var system = new OdeSystem(["x"], ["u"], [], NoParameters, new Dictionary<string, Expr> { ["x"] = ExpressionParser.Parse("x + u") }, PlantKind.Discrete);
        var two = new FeedForwardNetwork([new DenseLayer(1, 2, [1, -1], [0, 0], Activation.Identity)]);
        ModelException e = Assert.Throws<ModelException>(() => new ModalController(system, ["A", "B"], 0, [two, two], [Expr.Var("x")], ModeUpdate.Argmax, new Dictionary<string, IReadOnlyList<ControlCase>>
        {
            ["u"] = [new() { Modes = [0], Value = ExpressionParser.Parse("1") }, new() { Modes = [1], Guards = [ExpressionParser.Parse("x")], Value = ExpressionParser.Parse("-1") }],
        }, 1.0));
        Assert.Contains("when the mode becomes B after A", e.Message, StringComparison.Ordinal);
    }
}
