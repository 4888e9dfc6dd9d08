using Certus.Core.Navigation;

namespace Certus.Control.Tests.Navigation;

/// <summary>Builds a one-step world by hand: agents with positions, velocities, goals, radii; everyone senses everyone.</summary>
internal static class Worlds
{
    public static NavigationSnapshot Make(double maxSpeed, double dt, params (double X, double Y, double Vx, double Vy, double Gx, double Gy, double R)[] agents) =>
        Make(maxSpeed, dt, [], null, agents);

    public static NavigationSnapshot Make(double maxSpeed, double dt, IReadOnlyList<Obstacle> obstacles, Workspace? workspace, params (double X, double Y, double Vx, double Vy, double Gx, double Gy, double R)[] agents)
    {
        int n = agents.Length;
        var scenario = new NavigationScenario
        {
            Dynamics = AgentDynamics.SingleIntegrator(maxSpeed),
            Agents = [.. agents.Select(a => new AgentSpec([a.X, a.Y], a.Gx, a.Gy, a.R))],
            TimeStep = dt,
            SensingRadius = 1e6,
            Obstacles = obstacles,
            Workspace = workspace,
        };
        double[] x = [.. agents.Select(a => a.X)], y = [.. agents.Select(a => a.Y)];
        double[] states = new double[2 * n];
        for (int i = 0; i < n; i++)
        {
            states[2 * i] = x[i];
            states[(2 * i) + 1] = y[i];
        }

        var world = new NavigationSnapshot(scenario, states, x, y, [.. agents.Select(a => a.Vx)], [.. agents.Select(a => a.Vy)]);
        int[] offsets = new int[n + 1];
        var nb = new List<int>();
        var dist = new List<double>();
        for (int i = 0; i < n; i++)
        {
            var others = Enumerable.Range(0, n).Where(j => j != i).OrderBy(j => Math.Sqrt(Math.Pow(x[j] - x[i], 2) + Math.Pow(y[j] - y[i], 2))).ToArray();
            foreach (int j in others)
            {
                nb.Add(j);
                dist.Add(Math.Sqrt(Math.Pow(x[j] - x[i], 2) + Math.Pow(y[j] - y[i], 2)));
            }

            offsets[i + 1] = nb.Count;
        }

        world.Graph = new ProximityGraph(offsets, [.. nb], [.. dist]);
        return world;
    }
}
