using Certus.Core.Navigation;
using Certus.Verify.Specs;

namespace Certus.Verify.Tests.Navigation;

public sealed class NavigationSpecReaderTests
{
    private const string Good = """
        name: test scene
        agents:
          count: 8
          radius: 0.1
          dynamics: single_integrator
          max_speed: 0.6
        layout:
          kind: random
          size: 3
        obstacles:
          - disc: { center: [10, 10], radius: 0.5 }
          - box: { min: [-10, -10], max: [-9, -9] }
        workspace: { min: [-20, -20], max: [20, 20] }
        seed: 4
        time_step: 0.1
        time_limit: 12
        sensing_radius: 1.5
        goal_tolerance: 0.05
        collision_tolerance: 0.001
        policy: cbf
        """;

    [Fact]
    public void ShippedScenario_Parses()
    {
        NavigationSpec spec = NavigationSpecReader.Read(RepositoryPaths.Spec("nav-circle-16.yaml"));
        Assert.Equal(16, spec.Scenario.Agents.Count);
        Assert.Equal(AgentDynamicsKind.SingleIntegrator, spec.Scenario.Dynamics.Kind);
        Assert.Equal(0.6, spec.Scenario.Dynamics.MaxSpeed);
        Assert.True(NavigationSpecReader.IsNavigationSpec(RepositoryPaths.Spec("nav-circle-16.yaml")));
        Assert.False(NavigationSpecReader.IsNavigationSpec(RepositoryPaths.Spec("acc.yaml")));
    }

    [Fact]
    public void EveryField_IsRead()
    {
        NavigationSpec spec = NavigationSpecReader.Parse(Good, "good.yaml");
        NavigationScenario s = spec.Scenario;
        Assert.Equal("test scene", spec.Name);
        Assert.Equal("cbf", spec.Policy);
        Assert.Equal(8, s.Agents.Count);
        Assert.Equal(2, s.Obstacles.Count);
        Assert.Equal(new Workspace(-20, -20, 20, 20), s.Workspace);
        Assert.Equal((0.1, 12.0, 1.5, 0.05, 0.001, 4), (s.TimeStep, s.TimeLimit, s.SensingRadius, s.GoalTolerance, s.CollisionTolerance, s.Seed));
        Assert.All(s.Agents, a => Assert.InRange(a.GoalX, -3, 3));
    }

    [Fact]
    public void Overrides_ReplaceCountAndSeed()
    {
        NavigationSpec a = NavigationSpecReader.Parse(Good, "good.yaml", agents: 20, seed: 9);
        Assert.Equal(20, a.Scenario.Agents.Count);
        Assert.Equal(9, a.Scenario.Seed);
    }

    [Theory]
    [InlineData("max_speed: 0.6", "max_sped: 0.6", "good.yaml:6: agents.max_sped: unknown field (did you mean 'max_speed'?)")]
    [InlineData("kind: random", "kind: randm", "layout.kind: 'randm' is not one of circle_swap, random, crossing, narrow_passage (did you mean 'random'?)")]
    [InlineData("radius: 0.1", "radius: -0.1", "good.yaml:4: agents.radius: expected a number greater than 0")]
    [InlineData("count: 8", "count: many", "agents.count: expected a whole number")]
    [InlineData("dynamics: single_integrator", "dynamics: hovercraft", "agents.dynamics: 'hovercraft' is not one of")]
    [InlineData("max_speed: 0.6", "max_speed: 0.6\n  max_turn_rate: 1", "agents.max_turn_rate: only applies to dynamics 'unicycle'")]
    [InlineData("size: 3", "size: 0.2", "layout: Cannot place 8 agents")]
    [InlineData("center: [10, 10]", "center: [10]", "obstacles[0].disc.center: expected a point [x, y]")]
    [InlineData("min: [-10, -10], max: [-9, -9]", "min: [-9, -9], max: [-10, -10]", "obstacles[1].box: min (-9, -9) must be below and left of max (-10, -10)")]
    [InlineData("max: [20, 20] }", "max: [1, 1] }", "workspace: agent")]
    [InlineData("policy: cbf", "policy: magic", "policy: 'magic' is not one of")]
    [InlineData("time_step: 0.1", "time_step: nan", "time_step: expected")]
    [InlineData("seed: 4", "seed: [4", "good.yaml")]
    public void BadFields_AreNamedWithTheirLine(string from, string to, string expected)
    {
        var e = Assert.Throws<SpecException>(() => NavigationSpecReader.Parse(Good.Replace(from, to, StringComparison.Ordinal), "good.yaml"));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ObstacleOnAStart_IsRefused()
    {
        string text = Good.Replace("center: [10, 10], radius: 0.5", "center: [0, 0], radius: 2.5", StringComparison.Ordinal);
        var e = Assert.Throws<SpecException>(() => NavigationSpecReader.Parse(text, "good.yaml"));
        Assert.Contains("obstacles[0]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingFile_SaysSo()
    {
        var e = Assert.Throws<SpecException>(() => NavigationSpecReader.Read("no/such/scene.yaml"));
        Assert.Contains("no/such/scene.yaml: file: cannot read", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnclosedBracket_InACertificationSpec_IsAYamlError()
    {
        string path = RepositoryPaths.WriteTemporarySpec(File.ReadAllText(RepositoryPaths.Spec("acc.yaml")).Replace("name: ", "name: [", StringComparison.Ordinal), "unclosed");
        try
        {
            var e = Assert.Throws<SpecException>(() => SpecReader.Read(path));
            Assert.Contains("yaml: not valid YAML", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
