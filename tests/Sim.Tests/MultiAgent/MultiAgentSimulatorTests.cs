using Certus.Core.Navigation;
using Certus.Sim.MultiAgent;

namespace Certus.Sim.Tests.MultiAgent;

public sealed class MultiAgentSimulatorTests
{
    private static NavigationScenario Scenario(params AgentSpec[] agents) => new()
    {
        Dynamics = AgentDynamics.SingleIntegrator(1.0),
        Agents = agents,
        TimeStep = 0.1,
        TimeLimit = 20,
        GoalTolerance = 0.05,
    };

    [Fact]
    public void SingleAgent_ArrivesWithTheClosedFormPathLengthCostAndTime()
    {
        // From (0,0) to (3,4) at speed 1: distance 5, arrival at t = 5, cost = ∫(5 − t) dt = 12.5.
        NavigationScenario s = Scenario(new AgentSpec([0, 0], 3, 4, 0.1));
        NavigationResult r = MultiAgentSimulator.Run(s, new StraightPolicy(1.0));
        AgentMetrics a = r.Agents[0];
        Assert.True(a.AtGoal);
        Assert.False(a.Collided);
        Assert.Equal(5.0, a.PathLength, 9);
        Assert.Equal(5.0, a.TimeToGoal, 9);
        Assert.Equal(12.5, a.CumulativeCost, 9);
        Assert.Equal(1.0, r.Metrics.SuccessRate);
        Assert.Equal(5.0, r.Metrics.Makespan, 9);
        Assert.Equal(50, r.Metrics.Steps);
        Assert.Equal(double.PositiveInfinity, r.Metrics.MinSeparation);
        Assert.Equal(51, r.Frames.Count);
    }

    [Fact]
    public void HeadOnAgents_CollideAtTheTimeTheBodiesTouch()
    {
        // Centres 4 apart closing at 2 per second; radii 0.25 each: contact when the gap is 0.5, at t = 1.75.
        NavigationScenario s = Scenario(new AgentSpec([-2, 0], 2, 0, 0.25), new AgentSpec([2, 0], -2, 0, 0.25));
        NavigationResult r = MultiAgentSimulator.Run(s, new StraightPolicy(1.0));
        Assert.All(r.Agents, a => Assert.True(a.Collided));
        Assert.Equal(1.75, r.Agents[0].FirstCollisionTime, 9);
        Assert.Equal("agent 1", r.Agents[0].FirstCollisionWith);
        Assert.Equal(0.0, r.Metrics.SafetyRate);
        Assert.Equal(1.0, r.Metrics.GoalRate);
        Assert.Equal(0.0, r.Metrics.SuccessRate);
        Assert.Equal(-0.5, r.Metrics.MinSeparation, 9);
        Assert.Equal(1, r.Metrics.CollidingPairs);
    }

    [Fact]
    public void AgentsThatPassThroughEachOtherWithinOneStep_AreCaught()
    {
        // Tiny agents at high speed: at both ends of the crossing step they are apart, in between they overlap.
        var s = Scenario(new AgentSpec([-0.35, 0], 5, 0, 0.01), new AgentSpec([0.35, 0], -5, 0, 0.01)) with { Dynamics = AgentDynamics.SingleIntegrator(5), TimeStep = 0.1 };
        NavigationResult r = MultiAgentSimulator.Run(s, new StraightPolicy(5));
        Assert.All(r.Agents, a => Assert.True(a.Collided));
        Assert.Equal((0.7 - 0.02) / 10, r.Agents[0].FirstCollisionTime, 9); // centres 0.02 apart, closing at 10
    }

    [Fact]
    public void Tolerance_ForgivesSmallOverlapsOnly()
    {
        // Agents that stop 0.18 apart with radii 0.1: overlap 0.02.
        var s = Scenario(new AgentSpec([-1, 0], -0.09, 0, 0.1), new AgentSpec([1, 0], 0.09, 0, 0.1)) with { GoalTolerance = 1e-6 };
        Assert.False(MultiAgentSimulator.Run(s with { CollisionTolerance = 0.03 }, new StraightPolicy(1)).Agents[0].Collided);
        Assert.True(MultiAgentSimulator.Run(s with { CollisionTolerance = 0.01 }, new StraightPolicy(1)).Agents[0].Collided);
    }

    [Fact]
    public void ObstaclesAndTheBoundary_AreCollisions()
    {
        var s = Scenario(new AgentSpec([-2, 0], 2, 0, 0.1), new AgentSpec([0, 2], 0, 4, 0.1)) with
        {
            Obstacles = [new DiscObstacle(0, 0, 0.5)],
            Workspace = new Workspace(-3, -3, 3, 3),
        };
        NavigationResult r = MultiAgentSimulator.Run(s, new StraightPolicy(1));
        Assert.Equal("obstacle 0", r.Agents[0].FirstCollisionWith);
        Assert.Equal(1.4, r.Agents[0].FirstCollisionTime, 9);
        Assert.Equal("boundary", r.Agents[1].FirstCollisionWith);
        Assert.True(r.Metrics.MinObstacleClearance < 0);
    }

    [Fact]
    public void Views_ShowOnlySensedNeighbours_NearestFirst()
    {
        NavigationScenario s = ScenarioGenerators.Generate(
            new ScenarioParameters { Layout = ScenarioLayout.Random, Agents = 200, Size = 5, Seed = 3 },
            Scenario(new AgentSpec([0, 0], 0, 0, 0.1)) with { SensingRadius = 1.0, TimeLimit = 0.5 });
        var policy = new RecordingPolicy();
        MultiAgentSimulator.Run(s, policy);
        Assert.Equal(0, policy.NeighboursBeyondSensing);
        Assert.InRange(policy.MaxSeen, 1, 199);
    }

    [Fact]
    public void NaNControls_AreCountedAndHeldAtTheBoxCentre()
    {
        NavigationResult r = MultiAgentSimulator.Run(Scenario(new AgentSpec([0, 0], 1, 0, 0.1)) with { TimeLimit = 1 }, new NaNPolicy());
        Assert.Equal(20, r.Metrics.InvalidControls);
        Assert.Equal(0, r.Frames[^1].X[0]);
        Assert.False(r.Agents[0].AtGoal);
        Assert.True(double.IsNaN(r.Metrics.Makespan));
    }

    [Fact]
    public void Runs_AreDeterministicWhateverTheParallelism()
    {
        NavigationScenario s = ScenarioGenerators.Generate(
            new ScenarioParameters { Layout = ScenarioLayout.CircleSwap, Agents = 300, Jitter = 0.05, Seed = 9 },
            Scenario(new AgentSpec([0, 0], 0, 0, 0.1)) with { TimeLimit = 3 });
        NavigationResult a = MultiAgentSimulator.Run(s, new StraightPolicy(1) { MaxDegreeOfParallelism = 1 }, new NavigationOptions { MaxDegreeOfParallelism = 1 });
        NavigationResult b = MultiAgentSimulator.Run(s, new StraightPolicy(1), new NavigationOptions { MaxDegreeOfParallelism = 4 });
        Assert.Equal(a.Frames[^1].X, b.Frames[^1].X);
        Assert.Equal(a.Agents.Select(x => x.FirstCollisionTime), b.Agents.Select(x => x.FirstCollisionTime));
        Assert.Equal(a.Metrics.MinSeparation, b.Metrics.MinSeparation);
    }

    [Theory]
    [InlineData("double")]
    [InlineData("unicycle")]
    public void OtherDynamics_IntegrateTheExpressionModel(string kind)
    {
        // Constant controls: the double integrator travels a·t²/2; the unicycle at v along its heading.
        AgentDynamics d = kind == "double" ? AgentDynamics.DoubleIntegrator(1.0) : AgentDynamics.Unicycle(1.0, 1.0);
        var s = new NavigationScenario { Dynamics = d, Agents = [new AgentSpec(ScenarioGenerators.InitialState(d, 0, 0, 0, 5), 0, 50, 0.1)], TimeStep = 0.1, TimeLimit = 2, SubSteps = 4 };
        NavigationResult r = MultiAgentSimulator.Run(s, new ConstantPolicy(kind == "double" ? [0, 1] : [1, 0]));
        Assert.Equal(0, r.Frames[^1].X[0], 9);
        Assert.Equal(kind == "double" ? 2.0 : 2.0, r.Frames[^1].Y[0], 6);
    }

    [Fact]
    public void InvalidScenarios_SayWhatIsWrong()
    {
        var e = Assert.Throws<ArgumentException>(() => MultiAgentSimulator.Run(Scenario(new AgentSpec([0, 0, 0], 1, 1, 0.1)), new StraightPolicy(1)));
        Assert.Contains("Agent 0 has 3 initial values", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<ArgumentException>(() => MultiAgentSimulator.Run(Scenario(new AgentSpec([0, 0], 1, 1, -0.1)), new StraightPolicy(1)));
        Assert.Contains("radius", e.Message, StringComparison.Ordinal);
    }

    private sealed class ConstantPolicy(double[] u) : DecentralizedPolicy
    {
        public override string Name => "constant";

        protected override void Act(AgentView agent, Span<double> control) => u.CopyTo(control);
    }
}
