using Certus.Core.Expressions;
using Certus.Core.Networks;
using Certus.Core.Numerics;
using Certus.Core.Sets;
using Certus.Core.Systems;

namespace Certus.Core.Tests.Systems;

/// <summary>The one closed-loop type: checked at construction, every problem listed.</summary>
public sealed class ClosedLoopTests
{
    private static NeuralController Controller(bool disturbed = false)
    {
        var system = new OdeSystem(["x"], ["u"], disturbed ? ["w"] : [], new Dictionary<string, Expr>(), new Dictionary<string, Expr> { ["x"] = ExpressionParser.Parse(disturbed ? "u + w" : "u") });
        var net = new FeedForwardNetwork([new DenseLayer(1, 1, [-1], [0], Activation.Identity)]);
        return new NeuralController(system, net, [Expr.Var("x")], new Dictionary<string, Expr> { ["u"] = Expr.Var("out[0]") }, 0.1);
    }

    [Fact]
    public void AFittingLoop_KeepsItsParts()
    {
        NeuralController c = Controller();
        var loop = new ClosedLoop(c, Box.FromBounds([0], [1]), 10, []);
        Assert.Same(c.System, loop.Plant);
        Assert.Equal(0.1, loop.Period);
        Assert.Equal(10 * 0.1, loop.EndTime);
        Assert.Null(loop.Modal);
    }

    [Fact]
    public void EveryMisfit_IsListed()
    {
        ModelException e = Assert.Throws<ModelException>(() => new ClosedLoop(Controller(disturbed: true), Box.FromBounds([0, 0], [1, 1]), 0, []));
        Assert.Contains("initial", e.Message, StringComparison.Ordinal);
        Assert.Contains("horizon", e.Message, StringComparison.Ordinal);
        Assert.Contains("disturbances", e.Message, StringComparison.Ordinal);
        Assert.Throws<ModelException>(() => new ClosedLoop(Controller(), new Box([new Interval(0, double.PositiveInfinity)]), 5, []));
    }
}
