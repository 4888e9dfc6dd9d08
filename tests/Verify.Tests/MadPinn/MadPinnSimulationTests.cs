using Certus.Control.MadPinn;
using Certus.Core.Navigation;
using Certus.Sim.MultiAgent;
using Certus.Cli;
using Certus.Verify.Navigation;

namespace Certus.Verify.Tests.MadPinn;

/// <summary>The shipped MAD-PINN policy in closed loop.</summary>
public sealed class MadPinnSimulationTests
{
    private static readonly Lazy<MadPinnModel> Model = new(() => MadPinnModelFile.Load(RepositoryPaths.Spec("madpinn", "madpinn-k2.json")));

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.02)]
    [InlineData(-0.05)]
    public void TwoAgentsHeadOn_NeverCollide_AndArrive(double offset)
    {
        var scenario = new NavigationScenario
        {
            Name = "head-on",
            Dynamics = AgentDynamics.SingleIntegrator(0.6),
            Agents = [new AgentSpec([-1.5, offset], 1.5, offset, 0.1), new AgentSpec([1.5, 0], -1.5, 0, 0.1)],
            TimeLimit = 15,
            SensingRadius = 1.5,
            GoalTolerance = 0.05,
        };
        NavigationResult result = MultiAgentSimulator.Run(scenario, new MadPinnPolicy(Model.Value), new NavigationOptions { MaxDegreeOfParallelism = 1 });
        Assert.True(result.Metrics.SafetyRate == 1, $"collision: min separation {result.Metrics.MinSeparation}");
        Assert.True(result.Metrics.MinSeparation > 0, $"min separation {result.Metrics.MinSeparation}");
        Assert.Equal(1.0, result.Metrics.SuccessRate);
    }

    /// <summary>Small crowds from the scenarios: the deployed policy never collides (the raw network did).</summary>
    [Theory]
    [InlineData(ScenarioLayout.CircleSwap, 4, 1)]
    [InlineData(ScenarioLayout.CircleSwap, 16, 2)]
    [InlineData(ScenarioLayout.Random, 16, 1)]
    public void SmallCrowds_NeverCollide(ScenarioLayout layout, int agents, int seed)
    {
        var template = new NavigationScenario
        {
            Dynamics = AgentDynamics.SingleIntegrator(0.6),
            Agents = [],
            TimeLimit = 40,
            SensingRadius = 1.5,
            GoalTolerance = 0.05,
        };
        NavigationScenario s = ScenarioGenerators.Generate(new ScenarioParameters { Layout = layout, Agents = agents, Jitter = 0.05, Seed = seed }, template);
        NavigationResult result = MultiAgentSimulator.Run(s, new MadPinnPolicy(Model.Value), new NavigationOptions { RecordEvery = 0 });
        Assert.True(result.Metrics.SafetyRate == 1, $"collision: min separation {result.Metrics.MinSeparation}");
        Assert.True(result.Metrics.GoalRate >= 0.75, $"goal rate {result.Metrics.GoalRate}");
    }

    [Fact]
    public void Simulate_WithMadPinn_FromTheShippedScenario()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = SimulateCommand.Run(new SimulateCommand.Request(RepositoryPaths.Spec("nav-circle-64.yaml"), "madpinn", 8, 3, null, null, null, false, null, 1), output, error);
        Assert.True(code is ExitCodes.Ok or ExitCodes.Unknown or ExitCodes.Violated, $"exit {code}\n{output}\n{error}");
        Assert.Contains("policy madpinn", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("safety rate", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void PolicyFactory_MissingOrBrokenModel_IsAClearError()
    {
        var none = Assert.Throws<ArgumentException>(() => PolicyFactory.Create("madpinn"));
        Assert.Contains("./verify train", none.Message, StringComparison.Ordinal);
        string path = Path.Combine(Path.GetTempPath(), $"broken-{Guid.NewGuid():N}.json");
        try
        {
            string json = File.ReadAllText(RepositoryPaths.Spec("madpinn", "madpinn-k2.json"));
            File.WriteAllText(path, json[..(json.Length / 3)]);
            var broken = Assert.Throws<ArgumentException>(() => PolicyFactory.Create("madpinn", path));
            Assert.Contains("truncated", broken.Message, StringComparison.Ordinal);
            var single = Assert.Throws<ArgumentException>(() => PolicyFactory.Create("madpinn", RepositoryPaths.Spec("madpinn", "madpinn-disc.json")));
            Assert.Contains("no neighbours", single.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static (int Code, string Error) SimulateScenario(string yaml, string policy = "madpinn")
    {
        string path = Path.Combine(RepositoryPaths.Spec(".test-tmp"), $"envelope-{Guid.NewGuid():N}.yaml");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, yaml.Replace("madpinn: madpinn/", "madpinn: ../madpinn/", StringComparison.Ordinal));
        try
        {
            using var output = new StringWriter();
            using var error = new StringWriter();
            int code = SimulateCommand.Run(new SimulateCommand.Request(path, policy, 8, null, 2, null, null, false, null, 1), output, error);
            return (code, error.ToString());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void AgentsLargerThanTheModelWasTrainedFor_AreRefused_NotRunSilently()
    {
        // The shipped model is for radius 0.1; at 0.15 a 64-agent random scene had 25 collisions before this check.
        string yaml = File.ReadAllText(RepositoryPaths.Spec("nav-random-64.yaml")).Replace("radius: 0.1", "radius: 0.15", StringComparison.Ordinal);
        (int code, string error) = SimulateScenario(yaml);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("trained for agents of radius up to 0.1", error, StringComparison.Ordinal);
        Assert.Contains("radius 0.15", error, StringComparison.Ordinal);

        // The same scene is fine for a policy that reads the radii.
        Assert.NotEqual(ExitCodes.BadInput, SimulateScenario(yaml, "orca").Code);
    }

    [Fact]
    public void ObstaclesAndWalls_AreRefused_ForAPolicyThatCannotSeeThem()
    {
        string passage = File.ReadAllText(RepositoryPaths.Spec("nav-passage-16.yaml")) + "madpinn: madpinn/madpinn-k2.json\n";
        (int code, string error) = SimulateScenario(passage);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("sees only other agents", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TheShippedModel_RecordsItsAgentRadius()
    {
        Assert.Equal(0.1, Model.Value.Problem.AgentRadius);
        string copy = Path.Combine(Path.GetTempPath(), $"k2-{Guid.NewGuid():N}.json");
        try
        {
            MadPinnModelFile.Save(Model.Value, copy);
            Assert.Equal(0.1, MadPinnModelFile.Load(copy).Problem.AgentRadius);
        }
        finally
        {
            File.Delete(copy);
        }
    }
}
