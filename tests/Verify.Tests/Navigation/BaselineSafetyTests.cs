using Certus.Control.Navigation;
using Certus.Core.Navigation;
using Certus.Sim.MultiAgent;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Certus.Verify.Tests.Navigation;

/// <summary>The baselines in the world: what each promises, checked in simulation.</summary>
public sealed class BaselineSafetyTests
{
    private static NavigationScenario Template(double dt = 0.05) => new()
    {
        Dynamics = AgentDynamics.SingleIntegrator(0.6),
        Agents = [],
        TimeStep = dt,
        TimeLimit = 20,
        SensingRadius = 1.5,
        GoalTolerance = 0.05,
    };

    public static class Arbitraries
    {
        public static Arbitrary<(int N, int Seed, int Layout)> Scenes() =>
            (from n in Gen.Choose(2, 14)
             from seed in Gen.Choose(0, 100_000)
             from layout in Gen.Choose(0, 2)
             select (n, seed, layout)).ToArbitrary();
    }

    /// <summary>
    /// The CBF filter's discrete-time guarantee: whenever no barrier needed its slack, no two agents ever overlap
    /// (h(k+1) ≥ (1 − αΔt) h(k) ≥ 0 for the single integrator).
    /// </summary>
    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = 25, Replay = "(61,63)")]
    public void Cbf_NeverCollides_WhenNoSlackWasNeeded((int N, int Seed, int Layout) scene)
    {
        var layout = (ScenarioLayout)scene.Layout;
        NavigationScenario s = ScenarioGenerators.Generate(new ScenarioParameters { Layout = layout, Agents = scene.N, Seed = scene.Seed, Jitter = 0.02 }, Template());
        using var cbf = new CbfSafetyFilterPolicy();
        NavigationResult r = MultiAgentSimulator.Run(s, cbf, new NavigationOptions { RecordEvery = 0 });
        if (cbf.SlackActivations == 0)
        {
            Assert.Equal(1.0, r.Metrics.SafetyRate);
            Assert.True(r.Metrics.MinSeparation >= 0, $"separation {r.Metrics.MinSeparation}");
        }
    }

    [Fact]
    public void Orca_TwoAgentsHeadOn_PassEachOther()
    {
        NavigationScenario s = Template() with
        {
            Agents = [new AgentSpec([-2, 0], 2, 0.001, 0.2), new AgentSpec([2, 0], -2, 0, 0.2)],
        };
        NavigationResult r = MultiAgentSimulator.Run(s, new OrcaPolicy());
        Assert.Equal(1.0, r.Metrics.SuccessRate);
        Assert.True(r.Metrics.MinSeparation >= 0);
    }

    [Fact]
    public void PerfectlySymmetricCircle_DeadlocksThePlainCbfFilter_AndTheRightHandRuleBreaksIt()
    {
        NavigationScenario s = ScenarioGenerators.Generate(new ScenarioParameters { Layout = ScenarioLayout.CircleSwap, Agents = 16 }, Template());
        using var plain = new CbfSafetyFilterPolicy();
        using var rh = new CbfSafetyFilterPolicy { RightHandBias = 0.5 };
        NavigationResult a = MultiAgentSimulator.Run(s, plain, new NavigationOptions { RecordEvery = 0 });
        NavigationResult b = MultiAgentSimulator.Run(s, rh, new NavigationOptions { RecordEvery = 0 });
        Assert.Equal(1.0, a.Metrics.SafetyRate);
        Assert.Equal(0.0, a.Metrics.GoalRate);
        Assert.Equal(1.0, b.Metrics.SuccessRate);
    }

    [Theory]
    [InlineData("double")]
    [InlineData("unicycle")]
    public void GoToGoal_DrivesEveryModelToItsGoal(string kind)
    {
        AgentDynamics d = kind == "double" ? AgentDynamics.DoubleIntegrator(1.0, 1.0) : AgentDynamics.Unicycle(0.6, 2.0);
        NavigationScenario s = Template() with
        {
            Dynamics = d,
            SubSteps = 4,
            TimeLimit = 40,
            Agents = [new AgentSpec(ScenarioGenerators.InitialState(d, 0, 0, -3, 2), 3, 2, 0.1), new AgentSpec(ScenarioGenerators.InitialState(d, 5, 5, 0, 0), -1, 4, 0.1)],
        };
        NavigationResult r = MultiAgentSimulator.Run(s, new GoToGoalPolicy());
        Assert.Equal(1.0, r.Metrics.GoalRate);
    }
}
