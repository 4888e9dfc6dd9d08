using Certus.Core.Expressions;
using Certus.Core.Networks;
using Certus.Core.Systems;

namespace Certus.Core.Tests.Systems;

public sealed class OdeSystemTests
{
    private static Dictionary<string, Expr> Dyn(params (string State, string Rhs)[] eqs) =>
        eqs.ToDictionary(e => e.State, e => ExpressionParser.Parse(e.Rhs));

    private static OdeSystem Acc() => new(
        ["x_lead", "v_lead", "g_lead", "x_ego", "v_ego", "g_ego"],
        ["a_ego"],
        [],
        new Dictionary<string, Expr> { ["mu"] = ExpressionParser.Parse("0.0001"), ["a_lead"] = ExpressionParser.Parse("-2") },
        Dyn(("x_lead", "v_lead"), ("v_lead", "g_lead"), ("g_lead", "-2*g_lead + 2*a_lead - mu*v_lead^2"),
            ("x_ego", "v_ego"), ("v_ego", "g_ego"), ("g_ego", "-2*g_ego + 2*a_ego - mu*v_ego^2")));

    [Fact]
    public void Compile_EvaluatesTheVectorFieldWithParameters()
    {
        OdeSystem acc = Acc();
        IClosedLoopPlant plant = acc.Compile();
        Assert.Equal(6, plant.StateCount);
        Assert.Equal(1, plant.ControlCount);
        double[] x = [100, 32, 0.5, 10, 30, -0.25];
        double[] dx = new double[6];
        plant.Field(0, x, [1.5], dx);
        Assert.Equal([32, 0.5, (-2 * 0.5) + (2 * -2) - (0.0001 * 32 * 32), 30, -0.25, (-2 * -0.25) + 3 - (0.0001 * 900)], dx);
    }

    [Fact]
    public void Validation_ReportsEveryProblemWithItsField()
    {
        var e = Assert.Throws<ModelException>(() => new OdeSystem(
            ["x", "v", "x"],
            ["sin"],
            [],
            new Dictionary<string, Expr> { ["k"] = ExpressionParser.Parse("2*x") },
            Dyn(("x", "v"), ("w", "1"), ("v", "-k*x + u + vv"))));
        string all = e.Message;
        Assert.Contains(e.Problems, p => p.Field == "states[2]" && p.Message.Contains("declared twice", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.Field == "inputs[0]" && p.Message.Contains("reserved", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.Field == "parameters.k" && p.Message.Contains("constant", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.Field == "dynamics.w" && p.Message.Contains("not a state", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.Field == "dynamics.v" && p.Message.Contains("unknown variable 'u'", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.Field == "dynamics.v" && p.Message.Contains("did you mean 'v'", StringComparison.Ordinal));
        Assert.Contains("dynamics.w", all, StringComparison.Ordinal);
    }

    [Fact]
    public void Validation_MissingEquation_NamesTheState()
    {
        var e = Assert.Throws<ModelException>(() => new OdeSystem(["x", "y"], [], [], new Dictionary<string, Expr>(), Dyn(("x", "y"))));
        Assert.Contains(e.Problems, p => p.Field == "dynamics.y" && p.Message.Contains("has no equation", StringComparison.Ordinal));
    }

    [Fact]
    public void StateJacobian_IsSymbolic()
    {
        Expr[][] j = Acc().StateJacobian();
        Assert.Equal("1", j[0][1].ToString());
        Assert.Equal("-2", j[2][2].ToString());
        Assert.Equal("-(0.0001*(2*v_lead))", j[2][1].ToString());
    }

    [Fact]
    public void TimeVariable_IsAvailable()
    {
        var s = new OdeSystem(["x"], [], [], new Dictionary<string, Expr>(), Dyn(("x", "sin(t)")));
        double[] dx = new double[1];
        s.Compile().Field(Math.PI / 2, [0.0], [], dx);
        Assert.Equal(1, dx[0], 12);
    }

    [Fact]
    public void NeuralController_ComputesThroughInputMapNetworkAndOutputMap()
    {
        OdeSystem acc = Acc();
        // out = relu(v_ego - 29) with a 5-input network that reads only its third input.
        var layer1 = new DenseLayer(5, 1, [0, 0, 1, 0, 0], [-29], Activation.Relu);
        var network = new FeedForwardNetwork([layer1], name: "tiny");
        var controller = new NeuralController(
            acc,
            network,
            [.. new[] { "30", "1.4", "v_ego", "x_lead - x_ego", "v_lead - v_ego" }.Select(ExpressionParser.Parse)],
            new Dictionary<string, Expr> { ["a_ego"] = ExpressionParser.Parse("2*out[0] + a_lead") },
            0.1);
        double[] u = new double[1];
        controller.Compute(0, [100, 32, 0, 10, 30.5, 0], u);
        Assert.Equal((2 * 1.5) - 2, u[0], 12);
    }

    [Fact]
    public void NeuralController_DimensionAndNameErrors()
    {
        OdeSystem acc = Acc();
        var network = new FeedForwardNetwork([new DenseLayer(2, 1, [1, 1], [0], Activation.Identity)], name: "two.json");
        var e = Assert.Throws<ModelException>(() => new NeuralController(
            acc,
            network,
            [.. new[] { "v_ego", "speed", "a_ego" }.Select(ExpressionParser.Parse)],
            new Dictionary<string, Expr> { ["a_ego"] = ExpressionParser.Parse("out[1]"), ["brake"] = ExpressionParser.Parse("out[0]") },
            0));
        Assert.Contains(e.Problems, p => p.Field == "controller.inputs" && p.Message.Contains("gives 3 inputs but the network 'two.json' takes 2", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.Field == "controller.inputs[1]" && p.Message.Contains("unknown variable 'speed'", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.Field == "controller.inputs[2]" && p.Message.Contains("not measured", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.Field == "controller.outputs.a_ego" && p.Message.Contains("'out[1]' does not exist", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.Field == "controller.outputs.brake" && p.Message.Contains("not an input of the plant", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.Field == "controller.period");
    }
}
