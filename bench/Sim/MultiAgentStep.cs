using BenchmarkDotNet.Attributes;
using Certus.Control.Navigation;
using Certus.Core.Navigation;
using Certus.Sim.MultiAgent;

namespace Certus.Bench.Sim;

/// <summary>
/// Multi-agent step time: 20 control steps of a random scene (single integrators, |u| ≤ 0.6, radius 0.1, sensing
/// radius 1.5, the density of a 16-agent circle of radius 2) with each baseline. Each operation is one step
/// (proximity graph, policy for every agent, integration, swept collision checks), so compare the Mean across
/// <see cref="Agents"/> for the scaling exponent; <c>./verify bench --suite navigation</c> reports it directly.
/// </summary>
[MemoryDiagnoser]
public class MultiAgentStep
{
    private const int Steps = 20;
    private NavigationScenario _scenario = null!;
    private INavigationPolicy _policy = null!;

    /// <summary>Number of agents.</summary>
    [Params(64, 256, 1024)]
    public int Agents { get; set; }

    /// <summary>The policy.</summary>
    [Params("go-to-goal", "cbf", "orca")]
    public string Policy { get; set; } = "orca";

    /// <summary>Builds the scene and the policy.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var template = new NavigationScenario
        {
            Dynamics = AgentDynamics.SingleIntegrator(0.6),
            Agents = [],
            TimeStep = 0.05,
            TimeLimit = Steps * 0.05,
            SensingRadius = 1.5,
        };
        _scenario = ScenarioGenerators.Generate(new ScenarioParameters { Layout = ScenarioLayout.Random, Agents = Agents, Seed = 1 }, template);
        _policy = Policy switch
        {
            "go-to-goal" => new GoToGoalPolicy(),
            "cbf" => new CbfSafetyFilterPolicy(),
            _ => new OrcaPolicy(),
        };
    }

    /// <summary>Releases the LP solvers.</summary>
    [GlobalCleanup]
    public void Cleanup() => (_policy as IDisposable)?.Dispose();

    /// <summary>Runs the steps.</summary>
    /// <returns>The safety rate (kept so the run is not optimised away).</returns>
    [Benchmark(OperationsPerInvoke = Steps)]
    public double Step() =>
        MultiAgentSimulator.Run(_scenario, _policy, new NavigationOptions { RecordEvery = 0, StopWhenAllArrived = false }).Metrics.SafetyRate;
}
