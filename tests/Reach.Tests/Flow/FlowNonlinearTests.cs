using Certus.Core.Expressions;
using Certus.Core.Numerics;
using Certus.Core.Sets;
using Certus.Core.Systems;
using Certus.Reach.Flow;
using Xunit.Abstractions;

namespace Certus.Reach.Tests.Flow;

/// <summary>Elementary functions, held inputs, time-dependent dynamics and kinks, every form against simulation.</summary>
public sealed class FlowNonlinearTests(ITestOutputHelper output)
{
    private const int Substeps = 400;

    private static readonly TaylorEnclosureForm[] Forms = [TaylorEnclosureForm.Direct, TaylorEnclosureForm.MeanValue, TaylorEnclosureForm.Lohner, TaylorEnclosureForm.Doubleton];

    public static TheoryData<string> Systems => ["pendulum", "network", "elementary", "tangent", "kinks-away", "time"];

    private static (OdeSystem System, Box X0, Box? V, double T0, double T) Make(string name) => name switch
    {
        "pendulum" => (FlowTestSupport.System(["th", "om"], ["u"], "om", "-9.81*sin(th) - 0.1*om + u"),
            Box.FromBounds([0.9, -0.1], [1.1, 0.1]), new Box(new Interval(-0.5, 0.5)), 0, 0.2),
        "network" => (FlowTestSupport.System(["x", "y"], ["u"], "tanh(-2*x + y) - 0.5*x + 0.3*u", "sigmoid(x - y) - atan(y)"),
            Box.FromBounds([-0.5, 0.2], [-0.3, 0.4]), new Box(new Interval(-1, 1)), 0, 0.5),
        "elementary" => (FlowTestSupport.System(["x", "y"], [], "-x/(1 + y^2) + sqrt(1 + x^2) - log(2 + y)", "exp(-x) - y + (1 + x^2)^0.3"),
            Box.FromBounds([0.1, -0.2], [0.3, 0.1]), null, 0, 0.4),
        "tangent" => (FlowTestSupport.System(["x", "y"], [], "tan(0.5*x) - y", "x"),
            Box.FromBounds([0.2, -0.1], [0.4, 0.1]), null, 0, 0.3),
        "kinks-away" => (FlowTestSupport.System(["x", "y"], ["u"], "-abs(x) + max(y, 2) - abs(u)", "min(x, -1) + abs(y - 1)*sign(u + 1)"),
            Box.FromBounds([0.5, 0.1], [0.7, 0.3]), new Box(new Interval(-0.2, 0.3)), 0, 0.2),
        _ => (FlowTestSupport.System(["x", "y"], [], "cos(t)*y", "-sin(2*t) - 0.5*x"),
            Box.FromBounds([0.9, -0.1], [1.1, 0.1]), null, 1.3, 0.5),
    };

    [Theory]
    [MemberData(nameof(Systems))]
    public void EveryForm_ContainsEverySimulatedTrajectory(string name)
    {
        (OdeSystem system, Box x0, Box? v, double t0, double period) = Make(name);
        var problem = new FlowProblem(system, x0, v, t0, period);
        VectorField field = system.Compile().Field;
        foreach (TaylorEnclosureForm form in Forms)
        {
            FlowEnclosure e = new IntervalTaylorFlow { Form = form }.Enclose(problem);
            output.WriteLine($"{name}, {form}: end {e.End}, {e.Statistics.Steps} steps");
            int[][] table = FlowTestSupport.SegmentTable(e.Tube, t0, period, Substeps);
            var random = new Random(7);
            foreach ((double[] s0, double[] u) in FlowTestSupport.Samples(x0, v, random, 300))
            {
                double[] end = FlowTestSupport.Simulate(field, t0, period, s0, u, Substeps, (k, s, x) =>
                {
                    foreach (int i in table[k])
                    {
                        FlowTestSupport.AssertInside(e.Tube[i].Enclosure, x, () => $"{name}, {form}: {e.Tube[i]} misses ({string.Join(", ", x)}) at offset {s}.");
                    }
                });
                FlowTestSupport.AssertInside(e.End, end, () => $"{name}, {form}: the end box {e.End} misses ({string.Join(", ", end)}).");
            }
        }
    }

    [Fact]
    public void KinkInsideTheSet_IsUnknownWithTheReason()
    {
        OdeSystem system = FlowTestSupport.System(["x"], [], "-abs(x) + 1");
        var problem = new FlowProblem(system, new Box(new Interval(-0.5, 0.5)), null, 0, 0.1);
        var algorithm = new IntervalTaylorFlow { MinStep = 1e-4 };
        Assert.False(algorithm.TryEnclose(problem, out _, out FlowFailure? failure));
        output.WriteLine(failure.Reason);
        Assert.Contains("|x|", failure.Reason, StringComparison.Ordinal);
        Assert.Equal(0, failure.ValidatedUntil);
        Assert.Empty(failure.Tube);
        Assert.Equal(problem.InitialStates, failure.LastEnclosure);
    }

    [Fact]
    public void Sign_IsDifferentiatedAwayFromItsJumpOnly()
    {
        // x' = −sign(x): away from 0 every form validates (x = x0 − t); across 0 the flow is not differentiable.
        OdeSystem system = FlowTestSupport.System(["x"], [], "-sign(x)");
        foreach (TaylorEnclosureForm form in Forms)
        {
            var algorithm = new IntervalTaylorFlow { Form = form, MinStep = 1e-3 };
            FlowEnclosure e = algorithm.Enclose(new FlowProblem(system, new Box(new Interval(0.5, 0.6)), null, 0, 0.2));
            Assert.True(e.End[0].Contains(new Interval(0.3, 0.4)) && e.End[0].Width < 0.1 + 1e-9, e.End.ToString());
            Assert.False(algorithm.TryEnclose(new FlowProblem(system, new Box(new Interval(-0.1, 0.1)), null, 0, 0.2), out _, out FlowFailure? failure));
            output.WriteLine($"{form}: {failure.Reason}");
            Assert.Contains("sign", failure.Reason, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void DomainProblem_IsUnknownWithTheReason()
    {
        // x' = log(x) is undefined for x ≤ 0, and x = 1e-3 − t reaches 0 at t = 1e-3.
        OdeSystem system = FlowTestSupport.System(["x", "y"], [], "-1", "log(x)");
        var problem = new FlowProblem(system, Box.FromBounds([1e-3, 0], [1e-3, 0]), null, 0, 0.1);
        Assert.False(new IntervalTaylorFlow().TryEnclose(problem, out _, out FlowFailure? failure));
        output.WriteLine($"{failure.ValidatedUntil}: {failure.Reason}");
        Assert.Contains("log", failure.Reason, StringComparison.Ordinal);
        Assert.True(failure.ValidatedUntil < 1e-3);
    }

    [Fact]
    public void ParametersAndDecimalConstants_EnterAsEnclosures()
    {
        // x' = −k x with k = 0.1 (not a double): the end box must contain x0·e^{−0.1 T} for the exact 0.1.
        var system = new OdeSystem(["x"], [], [], new Dictionary<string, Expr> { ["k"] = ExpressionParser.Parse("0.1") },
            new Dictionary<string, Expr> { ["x"] = ExpressionParser.Parse("-k*x") });
        FlowEnclosure e = new IntervalTaylorFlow().Enclose(new FlowProblem(system, new Box(new Interval(1)), null, 0, 1));
        Interval k = ((ConstantExpr)ExpressionParser.Parse("0.1")).Value;
        Assert.False(k.IsPoint);
        Interval exact = Interval.Exp(-k);
        Assert.True(e.End[0].Contains(exact), $"{e.End} does not contain {exact}.");
        Assert.True(e.End[0].Width < 1e-12, $"{e.End} is too wide.");
    }
}
