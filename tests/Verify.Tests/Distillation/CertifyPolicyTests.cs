using Certus.Cli;
using Certus.Control.Distillation;
using Certus.Core.Navigation;
using Certus.Sim.MultiAgent;
using Certus.Verify.Distillation;
using Certus.Verify.Specs;
using Xunit.Abstractions;

namespace Certus.Verify.Tests.Distillation;

/// <summary>
/// <c>certify-policy</c>: the team spec it writes reads back, its controller is the deployed policy (same controls on
/// the same states), and certification gives SAFE and UNSAFE where they are known.
/// </summary>
public sealed class CertifyPolicyTests(ITestOutputHelper output)
{
    private static readonly DistilledLayout Layout = new(2, 0.6, 1.5, 1.8);

    private (int Code, string Out, string Err) Run(CertifyPolicyCommand.Request request)
    {
        using var o = new StringWriter();
        using var e = new StringWriter();
        int code = CertifyPolicyCommand.Run(request, o, e);
        output.WriteLine(o.ToString());
        output.WriteLine(e.ToString());
        return (code, o.ToString(), e.ToString());
    }

    [Fact]
    public void HeadOn_UnderGoToGoal_IsUnsafe_WithAValidatedCollision()
    {
        string model = TestControllers.GoToGoal(TestControllers.Folder("cp-headon"), Layout);
        (int code, string o, _) = Run(new CertifyPolicyCommand.Request(model, Scene: "head-on", Horizon: 4, Timeout: 120, Jobs: 1));
        Assert.Equal(ExitCodes.Violated, code);
        Assert.Contains("UNSAFE", o, StringComparison.Ordinal);
        Assert.Contains("no collision 1-2", o, StringComparison.Ordinal);
    }

    [Fact]
    public void ParallelLanes_UnderGoToGoal_AreCertifiedSafe()
    {
        string folder = TestControllers.Folder("cp-lanes");
        string model = TestControllers.GoToGoal(folder, Layout);
        string json = Path.Combine(folder, "verdict.json");
        (int code, string o, _) = Run(new CertifyPolicyCommand.Request(model, Initial: "[-0.7,-0.5] [0.2,0.4] [-0.7,-0.5] [-0.4,-0.2]", Goals: "0.6 0.3 0.6 -0.3", Horizon: 5, Json: json, Timeout: 120, Jobs: 1));
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("SAFE", o, StringComparison.Ordinal);
        Assert.True(File.Exists(json));
    }

    [Theory]
    [InlineData("head-on", 2)]
    [InlineData("crossing", 2)]
    [InlineData("circle", 3)]
    public void TheSpecsController_IsTheDeployedPolicy(string scene, int agents)
    {
        string folder = TestControllers.Folder("cp-same");
        string model = TestControllers.GoToGoal(folder, Layout, gain: 2, avoid: -1.5, hidden: 12);
        string spec = Path.Combine(folder, "team.yaml");
        Assert.Equal(ExitCodes.Ok, Run(new CertifyPolicyCommand.Request(model, Agents: agents, Scene: scene, SpecOut: spec, WriteOnly: true)).Code);
        CertificationSpec s = SpecReader.Read(spec);
        Assert.Equal(agents * Layout.InputSize, s.Controller.Network.InputSize);
        Assert.Equal(2 * agents, s.Controller.ControlCount);
        TeamScene team = TeamScene.Preset(scene, agents, Math.Round(0.7 * Layout.DummyDistance, 3), 0.2);
        var policy = DistilledPolicy.Load(model);
        var scenario = new NavigationScenario
        {
            Dynamics = AgentDynamics.SingleIntegrator(0.6),
            Agents = [.. team.Goals.Select(g => new AgentSpec([0.0, 0.0], g.X, g.Y, 0.1))],
            SensingRadius = 3,
        };
        policy.Reset(scenario);
        var random = new Random(7);
        int compared = 0;
        for (int k = 0; k < 3000; k++)
        {
            double[] state = new double[2 * agents];
            double[] x = new double[agents], y = new double[agents];
            for (int i = 0; i < agents; i++)
            {
                x[i] = state[2 * i] = team.Goals[i].X + ((random.NextDouble() * 2) - 1);
                y[i] = state[(2 * i) + 1] = team.Goals[i].Y + ((random.NextDouble() * 2) - 1);
            }

            // Only states in the view envelope (the spec's view properties): there the loops must agree exactly.
            if (!InView(x, y, team))
            {
                continue;
            }

            compared++;
            double[] fromSpec = new double[2 * agents];
            s.Controller.Compute(0, state, fromSpec);
            var world = new NavigationSnapshot(scenario, state.ToArray(), x, y, new double[agents], new double[agents]) { Graph = SpatialHash.Build(x, y, 3) };
            double[] deployed = new double[2 * agents];
            policy.ComputeControls(world, deployed);
            for (int c = 0; c < deployed.Length; c++)
            {
                Assert.True(Math.Abs(deployed[c] - fromSpec[c]) <= 1e-12, $"state ({string.Join(", ", state)}): control {c} deployed {deployed[c]}, spec {fromSpec[c]}");
            }
        }

        Assert.True(compared > 50, $"only {compared} states in view");
    }

    private static bool InView(double[] x, double[] y, TeamScene team)
    {
        int n = x.Length;
        for (int i = 0; i < n; i++)
        {
            if (Math.Sqrt(Math.Pow(team.Goals[i].X - x[i], 2) + Math.Pow(team.Goals[i].Y - y[i], 2)) > Layout.GoalRange)
            {
                return false;
            }

            int[] others = [.. Enumerable.Range(0, n).Where(j => j != i)];
            double last = 0;
            foreach (int j in others)
            {
                double d = Math.Sqrt(Math.Pow(x[j] - x[i], 2) + Math.Pow(y[j] - y[i], 2));
                // With two neighbours the spec sorts them itself: every order is compared.
                if (d > Layout.DummyDistance || (others.Length > 2 && d < last))
                {
                    return false;
                }

                last = d;
            }
        }

        return true;
    }

    [Fact]
    public void BadInput_IsRefused_WithTheReason()
    {
        string model = TestControllers.GoToGoal(TestControllers.Folder("cp-bad"), Layout);
        (int code, _, string e) = Run(new CertifyPolicyCommand.Request(model, Agents: 4, Scene: "circle", WriteOnly: true));
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("neighbour slots", e, StringComparison.Ordinal);
        (code, _, e) = Run(new CertifyPolicyCommand.Request(model.Replace(".policy.json", ".json", StringComparison.Ordinal), WriteOnly: true));
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("NAME.policy.json", e, StringComparison.Ordinal);
        (code, _, e) = Run(new CertifyPolicyCommand.Request(model, Initial: "[0,1] [0,1]", WriteOnly: true));
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("--initial has 2", e, StringComparison.Ordinal);
        (code, _, e) = Run(new CertifyPolicyCommand.Request(model, ViewRadius: 2.5, WriteOnly: true));
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("--view-radius must be positive and at most the dummy distance", e, StringComparison.Ordinal);
        (code, _, e) = Run(new CertifyPolicyCommand.Request(model, Horizon: 0.25, Period: 0.1, WriteOnly: true));
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("whole number of periods", e, StringComparison.Ordinal);
        File.AppendAllText(Path.Combine(Path.GetDirectoryName(model)!, "test-controller.json"), " ");
        (code, _, e) = Run(new CertifyPolicyCommand.Request(model, WriteOnly: true));
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("SHA-256", e, StringComparison.Ordinal);
    }
}
