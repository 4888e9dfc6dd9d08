using Certus.Core.Navigation;

namespace Certus.Sim.MultiAgent;

/// <summary>The layout of a generated scenario (start positions, goals, obstacles).</summary>
public enum ScenarioLayout
{
    /// <summary>Agents evenly on a circle, each going to the antipode.</summary>
    CircleSwap,

    /// <summary>Random start and goal pairs in a square, with a minimum spacing among starts and among goals.</summary>
    Random,

    /// <summary>Two perpendicular streams (left to right, bottom to top) crossing in the middle.</summary>
    Crossing,

    /// <summary>Two groups swapping sides through a gap in a wall.</summary>
    NarrowPassage,
}

/// <summary>Parameters of a generated scenario; unused ones are ignored by a layout.</summary>
public sealed record ScenarioParameters
{
    /// <summary>The layout.</summary>
    public ScenarioLayout Layout { get; init; } = ScenarioLayout.CircleSwap;

    /// <summary>Number of agents. Default 16.</summary>
    public int Agents { get; init; } = 16;

    /// <summary>Agent radius. Default 0.1.</summary>
    public double AgentRadius { get; init; } = 0.1;

    /// <summary>
    /// The size of the layout: the circle's radius, the half-width of the random square, the half-length of the
    /// crossing streams, the half-width of the passage scene. 0 picks one that keeps the density of a 16-agent circle
    /// of radius 2 (<c>size ∝ √N</c>), and for the circle at least four radii of arc between neighbours.
    /// </summary>
    public double Size { get; init; }

    /// <summary>Minimum centre spacing among starts and among goals (random layout); 0 for four radii.</summary>
    public double MinSpacing { get; init; }

    /// <summary>Each start is moved by a uniform offset in a disc of this radius (breaks perfect symmetry). Default 0.</summary>
    public double Jitter { get; init; }

    /// <summary>Width of the gap (narrow passage); 0 for six radii.</summary>
    public double GapWidth { get; init; }

    /// <summary>The random seed (layouts with randomness and the jitter).</summary>
    public int Seed { get; init; }
}

/// <summary>Generates the standard multi-agent navigation scenarios.</summary>
public static class ScenarioGenerators
{
    /// <summary>Builds a scenario's agents (and obstacles) and puts them into a template scenario.</summary>
    /// <param name="parameters">The layout and its parameters.</param>
    /// <param name="template">The rest of the scenario (dynamics, step, limit, radii...); its agents are replaced.</param>
    /// <returns>The scenario.</returns>
    /// <exception cref="ArgumentException">A parameter is out of range, or the random layout cannot place the agents with the spacing.</exception>
    public static NavigationScenario Generate(ScenarioParameters parameters, NavigationScenario template)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(template);
        int n = parameters.Agents;
        if (n < 1)
        {
            throw new ArgumentException($"A scenario needs at least one agent (got {n}).", nameof(parameters));
        }

        double r = parameters.AgentRadius;
        if (!(r > 0) || !double.IsFinite(r))
        {
            throw new ArgumentException($"The agent radius must be positive (got {r}).", nameof(parameters));
        }

        double size = parameters.Size > 0 ? parameters.Size : 2.0 * Math.Sqrt(n / 16.0) * (r / 0.1);
        var rng = new Random(parameters.Seed);
        List<(double X, double Y, double Gx, double Gy)> pairs;
        List<Obstacle> obstacles = [.. template.Obstacles];
        switch (parameters.Layout)
        {
            case ScenarioLayout.CircleSwap:
                pairs = [];
                if (parameters.Size <= 0)
                {
                    size = Math.Max(size, n * 4 * r / (2 * Math.PI)); // neighbours on the circle at least 4 radii apart
                }

                for (int i = 0; i < n; i++)
                {
                    double a = 2 * Math.PI * i / n;
                    pairs.Add((size * Math.Cos(a), size * Math.Sin(a), -size * Math.Cos(a), -size * Math.Sin(a)));
                }

                break;
            case ScenarioLayout.Random:
                pairs = RandomPairs(n, size, parameters.MinSpacing > 0 ? parameters.MinSpacing : 4 * r, rng);
                break;
            case ScenarioLayout.Crossing:
                pairs = Crossing(n, size, r);
                break;
            case ScenarioLayout.NarrowPassage:
                (pairs, Obstacle[] walls) = Passage(n, size, r, parameters.GapWidth > 0 ? parameters.GapWidth : 6 * r);
                obstacles.AddRange(walls);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(parameters), parameters.Layout, "Unknown layout.");
        }

        var agents = new List<AgentSpec>(n);
        foreach ((double x0, double y0, double gx, double gy) in pairs)
        {
            double x = x0, y = y0;
            if (parameters.Jitter > 0)
            {
                double rho = parameters.Jitter * Math.Sqrt(rng.NextDouble()), phi = 2 * Math.PI * rng.NextDouble();
                x += rho * Math.Cos(phi);
                y += rho * Math.Sin(phi);
            }

            agents.Add(new AgentSpec(InitialState(template.Dynamics, x, y, gx, gy), gx, gy, r));
        }

        CheckNoOverlap(agents, template.Dynamics, start: true);
        CheckNoOverlap(agents, template.Dynamics, start: false);
        return template with
        {
            Name = $"{parameters.Layout.ToString().ToUpperInvariant()[0]}{parameters.Layout.ToString()[1..]}-{n}",
            Agents = agents,
            Obstacles = obstacles,
            Seed = parameters.Seed,
        };
    }

    /// <summary>The initial state of an agent at rest at a position, facing its goal (for the unicycle).</summary>
    /// <param name="dynamics">The model.</param>
    /// <param name="x">Position x.</param>
    /// <param name="y">Position y.</param>
    /// <param name="goalX">Goal x.</param>
    /// <param name="goalY">Goal y.</param>
    /// <returns>The state: the position, heading (a state named <c>theta</c>) toward the goal, every other state 0.</returns>
    public static double[] InitialState(AgentDynamics dynamics, double x, double y, double goalX, double goalY)
    {
        ArgumentNullException.ThrowIfNull(dynamics);
        double[] s = new double[dynamics.StateCount];
        s[dynamics.PositionXIndex] = x;
        s[dynamics.PositionYIndex] = y;
        int theta = -1;
        for (int k = 0; k < dynamics.StateCount; k++)
        {
            theta = dynamics.System.States[k] == "theta" ? k : theta;
        }

        if (theta >= 0)
        {
            s[theta] = Math.Atan2(goalY - y, goalX - x);
        }

        return s;
    }

    private static void CheckNoOverlap(List<AgentSpec> agents, AgentDynamics dynamics, bool start)
    {
        double[] x = [.. agents.Select(a => start ? a.InitialState[dynamics.PositionXIndex] : a.GoalX)];
        double[] y = [.. agents.Select(a => start ? a.InitialState[dynamics.PositionYIndex] : a.GoalY)];
        double r = agents.Max(a => a.Radius);
        ProximityGraph g = SpatialHash.Build(x, y, 2 * r);
        for (int i = 0; i < agents.Count; i++)
        {
            ReadOnlySpan<int> js = g.Neighbours(i);
            ReadOnlySpan<double> ds = g.Distances(i);
            for (int k = 0; k < js.Length; k++)
            {
                if (ds[k] < agents[i].Radius + agents[js[k]].Radius)
                {
                    throw new ArgumentException($"The {(start ? "starts" : "goals")} of agents {Math.Min(i, js[k])} and {Math.Max(i, js[k])} overlap ({ds[k]:G3} apart, radii {agents[i].Radius:G3} and {agents[js[k]].Radius:G3}); enlarge the layout's size or use fewer agents.");
                }
            }
        }
    }

    private static List<(double, double, double, double)> RandomPairs(int n, double half, double spacing, Random rng)
    {
        List<(double X, double Y)> Place()
        {
            var pts = new List<(double X, double Y)>(n);

            // Accepted points binned by cells of the spacing's width: a point closer than the spacing lies in one of the
            // 3 x 3 cells around, so each test is O(1) instead of O(n) (the same points are accepted as by a full scan).
            var bins = new Dictionary<(long, long), List<int>>();
            double width = spacing > 0 && double.IsFinite(spacing) ? spacing : double.PositiveInfinity;
            (long, long) Bin(double x, double y) => double.IsPositiveInfinity(width) ? (0, 0) : ((long)Math.Floor(x / width), (long)Math.Floor(y / width));
            long tries = 0;
            while (pts.Count < n)
            {
                if (++tries > 2000L * n)
                {
                    throw new ArgumentException($"Cannot place {n} agents {spacing:G3} apart in a square of half-width {half:G3}: make the square larger or the spacing smaller.");
                }

                double x = (2 * rng.NextDouble() - 1) * half, y = (2 * rng.NextDouble() - 1) * half;
                bool ok = true;
                (long bx, long by) = Bin(x, y);
                for (long i = bx - 1; i <= bx + 1 && ok; i++)
                {
                    for (long j = by - 1; j <= by + 1 && ok; j++)
                    {
                        if (!bins.TryGetValue((i, j), out List<int>? near))
                        {
                            continue;
                        }

                        foreach (int k in near)
                        {
                            var p = pts[k];
                            if (((p.X - x) * (p.X - x)) + ((p.Y - y) * (p.Y - y)) < spacing * spacing)
                            {
                                ok = false;
                                break;
                            }
                        }
                    }
                }

                if (ok)
                {
                    if (!bins.TryGetValue((bx, by), out List<int>? cell))
                    {
                        bins[(bx, by)] = cell = [];
                    }

                    cell.Add(pts.Count);
                    pts.Add((x, y));
                }
            }

            return pts;
        }

        var starts = Place();
        var goals = Place();
        return [.. starts.Zip(goals, (s, g) => (s.X, s.Y, g.X, g.Y))];
    }

    private static List<(double, double, double, double)> Crossing(int n, double half, double r)
    {
        var pairs = new List<(double, double, double, double)>(n);
        int a = (n + 1) / 2, b = n - a;
        double spacing = 4 * r;
        int rows = Math.Max(1, (int)Math.Ceiling(Math.Sqrt(a / 2.0)));
        for (int i = 0; i < a; i++)
        {
            int row = i % rows, col = i / rows;
            double lane = (row - ((rows - 1) / 2.0)) * spacing;
            pairs.Add((-half - (col * spacing), lane, half + (col * spacing), lane));
        }

        for (int i = 0; i < b; i++)
        {
            int row = i % rows, col = i / rows;
            double lane = (row - ((rows - 1) / 2.0)) * spacing;
            pairs.Add((lane, -half - (col * spacing), lane, half + (col * spacing)));
        }

        return pairs;
    }

    private static (List<(double, double, double, double)>, Obstacle[]) Passage(int n, double half, double r, double gap)
    {
        var pairs = new List<(double, double, double, double)>(n);
        double spacing = 4 * r;
        int perColumn = Math.Max(1, (int)Math.Floor(2 * half / spacing) - 1);
        for (int i = 0; i < n; i++)
        {
            int side = i % 2 == 0 ? -1 : 1;
            int k = i / 2;
            int row = k % perColumn, col = k / perColumn;
            double y = (row - ((perColumn - 1) / 2.0)) * spacing;
            double x = side * (half - (col * spacing));
            pairs.Add((x, y, -x, y));
        }

        double thickness = 2 * r;
        double wallHeight = Math.Max(half * 2, perColumn * spacing);
        Obstacle[] walls =
        [
            new BoxObstacle(-thickness / 2, gap / 2, thickness / 2, wallHeight),
            new BoxObstacle(-thickness / 2, -wallHeight, thickness / 2, -gap / 2),
        ];
        return (pairs, walls);
    }
}
