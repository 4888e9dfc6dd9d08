using Certus.Control.Networks;
using Certus.Core.Expressions;
using Certus.Core.Networks;
using Certus.Core.Systems;
using Certus.Sim.ClosedLoop;
using Certus.Sim.Ensembles;
using Certus.Sim.Integration;
using Xunit.Abstractions;

namespace Certus.Verify.Tests.Benchmarks;

/// <summary>
/// The ACC benchmark simulated end to end (plant from expressions, POLAR controller, sampled-data loop) against
/// figures from outside the project (DESIGN.md: two independent simulations; a peer tool's figure).
/// </summary>
public sealed class AccSimulationTests(ITestOutputHelper output)
{
    internal static (OdeSystem System, NeuralController Controller) Acc()
    {
        static Expr P(string s) => ExpressionParser.Parse(s);
        var system = new OdeSystem(
            ["x_lead", "v_lead", "g_lead", "x_ego", "v_ego", "g_ego"],
            ["a_ego"],
            [],
            new Dictionary<string, Expr> { ["mu"] = P("0.0001"), ["a_lead"] = P("-2") },
            new Dictionary<string, Expr>
            {
                ["x_lead"] = P("v_lead"),
                ["v_lead"] = P("g_lead"),
                ["g_lead"] = P("-2*g_lead + 2*a_lead - mu*v_lead^2"),
                ["x_ego"] = P("v_ego"),
                ["v_ego"] = P("g_ego"),
                ["g_ego"] = P("-2*g_ego + 2*a_ego - mu*v_ego^2"),
            });
        FeedForwardNetwork network = NetworkFile.Load(RepositoryPaths.Spec("networks", "acc", "ACC_controller_relu.polar"));
        var controller = new NeuralController(
            system,
            network,
            [P("30"), P("1.4"), P("v_ego"), P("x_lead - x_ego"), P("v_lead - v_ego")],
            new Dictionary<string, Expr> { ["a_ego"] = P("out[0]") },
            0.1);
        return (system, controller);
    }

    private static double Margin(double t, ReadOnlySpan<double> x) => x[0] - x[3] - (1.4 * x[4]) - 10;

    [Fact]
    public void FromTheCentre_MatchesThePublishedStateAtFiveSeconds()
    {
        var (system, controller) = Acc();
        var problem = new ClosedLoopProblem { Plant = system.Compile(), Controller = controller, Period = 0.1, Periods = 50 };
        foreach (IntegrationMethod method in new IntegrationMethod[] { new Rk4 { StepsPerInterval = 10 }, new DormandPrince45 { AbsoluteTolerance = 1e-10, RelativeTolerance = 1e-10 } })
        {
            Trajectory tr = new ClosedLoopSimulator(problem, new SimulationOptions { Integrator = method }).Simulate([100, 32.1, 0, 10.5, 30.1, 0]);
            double[] end = tr.FinalState.ToArray();
            output.WriteLine($"{method.GetType().Name}: x_lead {end[0]:F4}, x_ego {end[3]:F4}, v_ego {end[4]:F4}, smallest margin {tr.MinimumMargin(Margin).MinimumMargin:F4}");
            Assert.Equal(157.0828, end[3], 3);
            Assert.Equal(28.3237, end[4], 3);
            Assert.Equal(239.5432, end[0], 3);
            Assert.Equal(32.81, tr.MinimumMargin(Margin).MinimumMargin, 2);
        }
    }

    [Fact]
    public void SmallestMargin_Over5000RandomAndTheCorners_IsAbout24_2()
    {
        var (system, controller) = Acc();
        var loop = new ClosedLoopProblem { Plant = system.Compile(), Controller = controller, Period = 0.1, Periods = 50 };
        double[] lower = [90, 32, 0, 10, 30, 0], upper = [110, 32.2, 0, 11, 30.2, 0];
        EnsembleResult random = Ensemble.Run(new EnsembleProblem(loop, lower, upper, Margin), new EnsembleOptions { Sampling = new UniformSampling(5000), Seed = 5 });
        EnsembleResult corners = Ensemble.Run(new EnsembleProblem(loop, lower, upper, Margin), new EnsembleOptions { Sampling = new CornerSampling() });
        double smallest = Math.Min(random.WorstMargin, corners.WorstMargin);
        output.WriteLine($"smallest margin: random {random.WorstMargin:F4}, corners ({corners.InitialStates.Length / 6}) {corners.WorstMargin:F4}");
        Assert.Equal(16, corners.InitialStates.Length / 6);
        Assert.Equal(0, random.ViolationCount);
        Assert.InRange(smallest, 24.15, 24.27);
    }
}
