using Certus.Sim.MultiAgent;
using Certus.Verify.Navigation;
using Certus.Verify.Specs;

namespace Certus.Verify.Tests.Navigation;

public sealed class ShippedScenarioTests
{
    public static TheoryData<string> Scenarios()
    {
        var data = new TheoryData<string>();
        foreach (string f in Directory.GetFiles(RepositoryPaths.Spec(), "*.yaml").Where(NavigationSpecReader.IsNavigationSpec).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(f));
        }

        return data;
    }

    [Fact]
    public void SomeScenariosAreShipped() => Assert.True(Scenarios().Count >= 3);

    /// <summary>Every shipped scenario reads, and its own policy runs on it (two simulated seconds).</summary>
    [Theory]
    [MemberData(nameof(Scenarios))]
    public void ShippedScenario_RunsWithItsPolicy(string file)
    {
        NavigationSpec spec = NavigationSpecReader.Read(RepositoryPaths.Spec(file));
        var policy = PolicyFactory.Create(spec.Policy, spec.ModelPath);
        try
        {
            NavigationResult r = MultiAgentSimulator.Run(spec.Scenario with { TimeLimit = 2 }, policy, new NavigationOptions { RecordEvery = 0 });
            Assert.Equal(spec.Scenario.Agents.Count, r.Agents.Count);
            Assert.Equal(0, r.Metrics.InvalidControls);
        }
        finally
        {
            (policy as IDisposable)?.Dispose();
        }
    }
}
