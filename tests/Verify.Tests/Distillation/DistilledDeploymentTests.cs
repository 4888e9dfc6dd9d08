using Certus.Cli;
using Certus.Control.Distillation;
using Certus.Core.Navigation;
using Certus.Sim.MultiAgent;

namespace Certus.Verify.Tests.Distillation;

/// <summary><c>simulate --policy distilled</c>: the descriptor is loaded (hash checked), slots are nearest first, the envelope is enforced.</summary>
public sealed class DistilledDeploymentTests
{
    private static readonly DistilledLayout Layout = new(2, 0.6, 1.5, 1.8);

    [Fact]
    public void Simulate_WithADistilledController_RunsAndReports()
    {
        string folder = TestControllers.Folder("deploy");
        string model = TestControllers.GoToGoal(folder, Layout);
        string json = Path.Combine(folder, "m.json");
        using var o = new StringWriter();
        using var e = new StringWriter();
        int code = SimulateCommand.Run(new SimulateCommand.Request(RepositoryPaths.Spec("nav-circle-16.yaml"), "distilled", 4, null, 20, model, null, false, json, 1), o, e);
        Assert.True(code is ExitCodes.Ok or ExitCodes.Violated or ExitCodes.Unknown, e.ToString());
        Assert.Contains("policy distilled", o.ToString(), StringComparison.Ordinal);
        string doc = File.ReadAllText(json);
        Assert.Contains("\"model\"", doc, StringComparison.Ordinal); // the descriptor's hash is among the inputs
    }

    [Fact]
    public void Simulate_WithoutModel_OrWithANetworkFile_IsBadInput()
    {
        string model = TestControllers.GoToGoal(TestControllers.Folder("deploy-bad"), Layout);
        using var o = new StringWriter();
        using var e = new StringWriter();
        Assert.Equal(ExitCodes.BadInput, SimulateCommand.Run(new SimulateCommand.Request(RepositoryPaths.Spec("nav-circle-16.yaml"), "distilled", 4, null, 5, null, null, false, null, 1), o, e));
        Assert.Contains("--model FILE.policy.json", e.ToString(), StringComparison.Ordinal);
        Assert.Equal(ExitCodes.BadInput, SimulateCommand.Run(new SimulateCommand.Request(RepositoryPaths.Spec("nav-circle-16.yaml"), "distilled", 4, null, 5, model.Replace(".policy.json", ".json", StringComparison.Ordinal), null, false, null, 1), o, e));
        Assert.Contains("not from a network file", e.ToString(), StringComparison.Ordinal);
        Assert.Equal(ExitCodes.BadInput, SimulateCommand.Run(new SimulateCommand.Request(RepositoryPaths.Spec("nav-passage-16.yaml"), "distilled", null, null, 5, model, null, false, null, 1), o, e));
        Assert.Contains("sees only other agents", e.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Slots_AreTheNearestNeighboursWithinTheDummyDistance()
    {
        // A network that copies slot offsets: out = tanh(q1x), tanh(q2x) scaled... read back through the controls.
        string folder = TestControllers.Folder("deploy-slots");
        string model = TestControllers.GoToGoal(folder, Layout, gain: 0, avoid: 1);
        var policy = DistilledPolicy.Load(model);
        // Ego at 0; neighbours at x = 1.5 (in range), 0.5 (nearest), 2.5 (beyond 1.8: not seen).
        double[] x = [0, 1.5, 0.5, 2.5], y = [0, 0, 0, 0];
        var scenario = new NavigationScenario
        {
            Dynamics = AgentDynamics.SingleIntegrator(0.6),
            Agents = [.. x.Select(v => new AgentSpec([v, 0.0], v, 0, 0.1))],
            SensingRadius = 3,
        };
        double[] states = [.. x.SelectMany(v => new[] { v, 0.0 })];
        var world = new NavigationSnapshot(scenario, states, x, y, new double[4], new double[4]) { Graph = SpatialHash.Build(x, y, 3) };
        double[] u = new double[8];
        policy.ComputeControls(world, u);
        // Slot 1 = agent 2 at q = (0.5, 0): u_x = 0.6 tanh(q1x) (the test network reads slot 1's offset x into u_x).
        Assert.Equal(0.6 * Math.Tanh(0.5), u[0], 12);
        Assert.Equal(0.6 * Math.Tanh(0), u[1], 12);
    }
}
