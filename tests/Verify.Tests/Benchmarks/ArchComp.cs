using Certus.Control.Networks;
using Certus.Core.Expressions;
using Certus.Core.Numerics;
using Certus.Core.Sets;
using Certus.Core.Systems;
using Certus.Reach.ClosedLoop;

namespace Certus.Verify.Tests.Benchmarks;

/// <summary>The ARCH-COMP AINNCS benchmarks of ../shared/benchmarks/archcomp as reachability problems.</summary>
internal static class ArchComp
{
    private static Expr P(string s) => ExpressionParser.Parse(s);

    private static Dictionary<string, Expr> D(params (string State, string Rhs)[] eqs) => eqs.ToDictionary(e => e.State, e => P(e.Rhs));

    public static ClosedLoopReachProblem Acc()
    {
        var (_, controller) = AccSimulationTests.Acc();
        return new ClosedLoopReachProblem(controller, Box.FromBounds([90, 32, 0, 10, 30, 0], [110, 32.2, 0, 11, 30.2, 0]), 50,
            [new StateProperty("safe distance", PropertyKind.Always, P("x_lead - x_ego - 1.4*v_ego - 10"))]);
    }

    public static ClosedLoopReachProblem Tora()
    {
        var system = new OdeSystem(["x1", "x2", "x3", "x4"], ["u"], [], new Dictionary<string, Expr>(),
            D(("x1", "x2"), ("x2", "-x1 + 0.1*sin(x3)"), ("x3", "x4"), ("x4", "u")));
        var net = NetworkFile.Load(RepositoryPaths.Spec("networks", "tora", "TORA_ReLU_controller.polar"));
        var controller = new NeuralController(system, net, [P("x1"), P("x2"), P("x3"), P("x4")], new Dictionary<string, Expr> { ["u"] = P("out[0] - 10") }, 1);
        StateProperty[] stay = [.. Enumerable.Range(1, 4).Select(i => new StateProperty($"x{i} in [-2, 2]", PropertyKind.Always, P($"2 - abs(x{i})")))];
        return new ClosedLoopReachProblem(controller, Box.FromBounds([0.6, -0.7, -0.4, 0.5], [0.7, -0.6, -0.3, 0.6]), 20, stay);
    }

    public static ClosedLoopReachProblem ToraHeterogeneous(string file)
    {
        var system = new OdeSystem(["x1", "x2", "x3", "x4"], ["u"], [], new Dictionary<string, Expr>(),
            D(("x1", "x2"), ("x2", "-x1 + 0.1*sin(x3)"), ("x3", "x4"), ("x4", "u")));
        var net = NetworkFile.Load(RepositoryPaths.Spec("networks", "tora_heterogeneous", file));
        var controller = new NeuralController(system, net, [P("x1"), P("x2"), P("x3"), P("x4")], new Dictionary<string, Expr> { ["u"] = P("11*out[0]") }, 0.5);
        return new ClosedLoopReachProblem(controller, Box.FromBounds([-0.77, -0.45, 0.51, -0.3], [-0.75, -0.43, 0.54, -0.28]), 10,
        [
            new StateProperty("x1 in [-0.1, 0.2] at 5 s", PropertyKind.AtEnd, P("min(x1 + 0.1, 0.2 - x1)")),
            new StateProperty("x2 in [-0.9, -0.6] at 5 s", PropertyKind.AtEnd, P("min(x2 + 0.9, -0.6 - x2)")),
        ]);
    }

    public static ClosedLoopReachProblem SinglePendulum()
    {
        var system = new OdeSystem(["x1", "x2"], ["T"], [], new Dictionary<string, Expr>(), D(("x1", "x2"), ("x2", "2*sin(x1) + 8*T")));
        var net = NetworkFile.Load(RepositoryPaths.Spec("networks", "single_pendulum", "InvertedPendulum_controller.polar"));
        var controller = new NeuralController(system, net, [P("x1"), P("x2")], new Dictionary<string, Expr> { ["T"] = P("out[0]") }, 0.05);
        return new ClosedLoopReachProblem(controller, Box.FromBounds([1.0, 0.0], [1.175, 0.2]), 20,
            [new StateProperty("x1 in [0, 1] during [0.5, 1] s", PropertyKind.Always, P("min(x1, 1 - x1)"), new Interval(0.5, 1))]);
    }
}
