using Certus.Core.Navigation;
using Certus.Sim.MultiAgent;

namespace Certus.Sim.Tests.MultiAgent;

public sealed class ScenarioGeneratorTests
{
    private static readonly NavigationScenario Template = new() { Dynamics = AgentDynamics.SingleIntegrator(1), Agents = [] };

    [Fact]
    public void CircleSwap_SendsEveryAgentToItsAntipode()
    {
        NavigationScenario s = ScenarioGenerators.Generate(new ScenarioParameters { Layout = ScenarioLayout.CircleSwap, Agents = 16, Size = 2 }, Template);
        Assert.Equal(16, s.Agents.Count);
        foreach (AgentSpec a in s.Agents)
        {
            Assert.Equal(-a.InitialState[0], a.GoalX, 12);
            Assert.Equal(-a.InitialState[1], a.GoalY, 12);
            Assert.Equal(2.0, Math.Sqrt((a.GoalX * a.GoalX) + (a.GoalY * a.GoalY)), 12);
        }
    }

    [Theory]
    [InlineData(ScenarioLayout.Random, 64)]
    [InlineData(ScenarioLayout.Crossing, 64)]
    [InlineData(ScenarioLayout.NarrowPassage, 40)]
    [InlineData(ScenarioLayout.CircleSwap, 256)]
    public void Layouts_StartAndEndWithoutOverlaps(ScenarioLayout layout, int n)
    {
        NavigationScenario s = ScenarioGenerators.Generate(new ScenarioParameters { Layout = layout, Agents = n, Seed = 5 }, Template);
        Assert.Equal(n, s.Agents.Count);
        for (int i = 0; i < n; i++)
        {
            for (int j = i + 1; j < n; j++)
            {
                AgentSpec a = s.Agents[i], b = s.Agents[j];
                Assert.True(Math.Sqrt(Math.Pow(a.InitialState[0] - b.InitialState[0], 2) + Math.Pow(a.InitialState[1] - b.InitialState[1], 2)) >= a.Radius + b.Radius, $"starts of {i} and {j} overlap");
                Assert.True(Math.Sqrt(Math.Pow(a.GoalX - b.GoalX, 2) + Math.Pow(a.GoalY - b.GoalY, 2)) >= a.Radius + b.Radius, $"goals of {i} and {j} overlap");
            }

            foreach (Obstacle o in s.Obstacles)
            {
                Assert.True(o.SignedDistance(s.Agents[i].InitialState[0], s.Agents[i].InitialState[1]) > s.Agents[i].Radius);
                Assert.True(o.SignedDistance(s.Agents[i].GoalX, s.Agents[i].GoalY) > s.Agents[i].Radius);
            }
        }

        Assert.Equal(layout == ScenarioLayout.NarrowPassage ? 2 : 0, s.Obstacles.Count);
    }

    [Fact]
    public void Random_IsReproducibleFromItsSeed_AndRefusesImpossibleSpacing()
    {
        var p = new ScenarioParameters { Layout = ScenarioLayout.Random, Agents = 30, Seed = 17 };
        Assert.Equal(ScenarioGenerators.Generate(p, Template).Agents.Select(a => a.GoalX), ScenarioGenerators.Generate(p, Template).Agents.Select(a => a.GoalX));
        var e = Assert.Throws<ArgumentException>(() => ScenarioGenerators.Generate(p with { Size = 0.5, MinSpacing = 1 }, Template));
        Assert.Contains("Cannot place 30 agents", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Jitter_MovesStartsWithinItsRadius()
    {
        var p = new ScenarioParameters { Layout = ScenarioLayout.CircleSwap, Agents = 16, Size = 2 };
        var plain = ScenarioGenerators.Generate(p, Template);
        var jittered = ScenarioGenerators.Generate(p with { Jitter = 0.05, Seed = 1 }, Template);
        for (int i = 0; i < 16; i++)
        {
            double d = Math.Sqrt(Math.Pow(plain.Agents[i].InitialState[0] - jittered.Agents[i].InitialState[0], 2) + Math.Pow(plain.Agents[i].InitialState[1] - jittered.Agents[i].InitialState[1], 2));
            Assert.InRange(d, 1e-9, 0.05);
        }
    }
}
