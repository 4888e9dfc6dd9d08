using Certus.Control.MadPinn;
using Certus.Control.Tests.Networks;
using Certus.Core.Navigation;

namespace Certus.Control.Tests.MadPinn;

/// <summary>The shipped MAD-PINN models and small seeded scenes built here (Control does not reference Sim).</summary>
internal static class MadPinnScenes
{
    private static readonly Lazy<MadPinnModel> K2 = new(() => MadPinnModelFile.Load(Path.Combine(SpecNetworks.Root, "specs", "madpinn", "madpinn-k2.json")));
    private static readonly Lazy<MadPinnModel> Disc = new(() => MadPinnModelFile.Load(Path.Combine(SpecNetworks.Root, "specs", "madpinn", "madpinn-disc.json")));

    /// <summary>specs/madpinn/madpinn-k2.json (ego and 2 neighbours, 3 × 128).</summary>
    public static MadPinnModel ShippedK2 => K2.Value;

    /// <summary>specs/madpinn/madpinn-disc.json (one agent and an obstacle, 2 × 64).</summary>
    public static MadPinnModel ShippedDisc => Disc.Value;

    /// <summary>Random starts and goals in a square that grows as √N, at least 0.4 apart; single integrators |u| ≤ 0.6, radius 0.1.</summary>
    public static NavigationScenario Random(int agents, int seed)
    {
        var rng = new Random(seed);
        double half = 4 * Math.Sqrt(agents / 64.0);
        var starts = Spread(agents, half, rng);
        var goals = Spread(agents, half, rng);
        return Scenario($"random-{agents}", [.. Enumerable.Range(0, agents).Select(i => new AgentSpec([starts[i].X, starts[i].Y], goals[i].X, goals[i].Y, 0.1))]);
    }

    /// <summary>Agents on a circle (perimeter 0.4 per agent, at least radius 2) going to the antipode, jitter 0.05.</summary>
    public static NavigationScenario Circle(int agents, int seed)
    {
        var rng = new Random(seed);
        double radius = Math.Max(2, 0.4 * agents / (2 * Math.PI));
        var list = new List<AgentSpec>();
        for (int i = 0; i < agents; i++)
        {
            double a = 2 * Math.PI * i / agents;
            double jx = 0.05 * ((2 * rng.NextDouble()) - 1), jy = 0.05 * ((2 * rng.NextDouble()) - 1);
            list.Add(new AgentSpec([(radius * Math.Cos(a)) + jx, (radius * Math.Sin(a)) + jy], -radius * Math.Cos(a), -radius * Math.Sin(a), 0.1));
        }

        return Scenario($"circle-{agents}", list);
    }

    /// <summary>The world of a scenario at given positions, with the proximity graph (nearest first, within the sensing radius).</summary>
    public static NavigationSnapshot World(NavigationScenario s, double[] x, double[] y)
    {
        int n = x.Length;
        double[] states = new double[2 * n];
        for (int i = 0; i < n; i++)
        {
            states[2 * i] = x[i];
            states[(2 * i) + 1] = y[i];
        }

        var offsets = new int[n + 1];
        var neighbours = new List<int>();
        var distances = new List<double>();
        for (int i = 0; i < n; i++)
        {
            var near = new List<(int J, double D)>();
            for (int j = 0; j < n; j++)
            {
                double d = Math.Sqrt(((x[i] - x[j]) * (x[i] - x[j])) + ((y[i] - y[j]) * (y[i] - y[j])));
                if (j != i && d <= s.SensingRadius)
                {
                    near.Add((j, d));
                }
            }

            foreach ((int j, double d) in near.OrderBy(t => t.D).ThenBy(t => t.J))
            {
                neighbours.Add(j);
                distances.Add(d);
            }

            offsets[i + 1] = neighbours.Count;
        }

        return new NavigationSnapshot(s, states, x, y, new double[n], new double[n]) { Graph = new ProximityGraph(offsets, [.. neighbours], [.. distances]) };
    }

    private static NavigationScenario Scenario(string name, IReadOnlyList<AgentSpec> agents) => new()
    {
        Name = name,
        Dynamics = AgentDynamics.SingleIntegrator(0.6),
        Agents = agents,
        TimeStep = 0.05,
        SensingRadius = 1.5,
        GoalTolerance = 0.05,
    };

    private static List<(double X, double Y)> Spread(int n, double half, Random rng)
    {
        var points = new List<(double X, double Y)>();
        while (points.Count < n)
        {
            double px = half * ((2 * rng.NextDouble()) - 1), py = half * ((2 * rng.NextDouble()) - 1);
            if (points.All(p => ((p.X - px) * (p.X - px)) + ((p.Y - py) * (p.Y - py)) >= 0.16))
            {
                points.Add((px, py));
            }
        }

        return points;
    }
}
