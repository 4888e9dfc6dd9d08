using Certus.Control.MadPinn;
using Certus.Core.Navigation;

namespace Certus.Control.Distillation;

/// <summary>
/// The states a distilled controller is trained on, each labelled with the teacher's control: reduced states (an ego
/// and up to K neighbours) where the policy is used, the network input the student sees there
/// (<see cref="DistilledLayout.Fill"/>), the teacher's control scaled to [−1, 1], and a weight that grows near contact.
/// </summary>
/// <remarks>
/// <para>A state (<see cref="DistillationState"/>): the ego at the origin and m neighbours, m = K with probability
/// <see cref="DistillationDatasetOptions.FullFraction"/>, else uniform in 0..K−1; neighbour positions uniform in the
/// disc of radius <see cref="DistilledLayout.DummyDistance"/> (strictly inside, at least
/// <see cref="DistillationDatasetOptions.MinimumSeparation"/> agent radii from the ego), except that in a
/// <see cref="DistillationDatasetOptions.NearFraction"/> of the states one neighbour is at a distance uniform in
/// <c>[R, 3R]</c>. They are sorted nearest first, the order deployment fills the slots in (the K nearest within the
/// dummy distance). Goal offsets <c>g − p</c> are uniform in the teacher's goal box <c>[−D, D]²</c>, or (a
/// <see cref="DistillationDatasetOptions.BeyondGoalFraction"/>) at a length in <c>[D, 2D]</c>, which both the teacher and
/// the layout shorten to D.</para>
/// <para>Label: the teacher (a <see cref="MadPinnPolicy"/>, single integrators, radius = the teacher's agent radius,
/// the default scenario's step 0.05 and goal tolerance 0.1) is run on a world holding the 1 + m agents; the ego's
/// control divided by MaxSpeed is the target. Many mini-worlds share one world, 16 length units apart on a grid (far
/// beyond the sensing radius, 2, and the teacher's cutoff, <c>min(0.9 L, sensing radius)</c>), so one call labels
/// thousands. Every sampled coordinate is a multiple of 2⁻³⁰, so moving a mini-world by a multiple of 16 and every
/// difference of its coordinates are exact: the teacher reads exactly the offsets that <see cref="DistilledLayout.Fill"/>
/// writes from the unshifted state.</para>
/// <para>Weight: <c>w = 1 + a · exp(−max(0, d_min − R) / s)</c>, d_min the distance to the nearest neighbour (+∞, so
/// w = 1, with none), a = <see cref="DistillationDatasetOptions.WeightAmplitude"/>, s =
/// <see cref="DistillationDatasetOptions.WeightLength"/>: the imitation matters most where the teacher avoids.</para>
/// <para>Deterministic: the same teacher, layout and options give the same dataset bit for bit.</para>
/// </remarks>
public sealed class DistillationDataset
{
    private const int WorldsPerCall = 2048;
    private const double Spacing = 16;
    private static readonly double Quantum = Math.ScaleB(1.0, -30);

    private DistillationDataset(DistilledLayout layout, DistillationState[] states, double[] inputs, double[] targets, double[] weights)
    {
        Layout = layout;
        States = states;
        Inputs = inputs;
        Targets = targets;
        Weights = weights;
    }

    /// <summary>The layout the inputs are written in.</summary>
    public DistilledLayout Layout { get; }

    /// <summary>The sampled mini-worlds (ego first, neighbours nearest first).</summary>
    public IReadOnlyList<DistillationState> States { get; }

    /// <summary>The network inputs, row-major (<see cref="Count"/> × <see cref="DistilledLayout.InputSize"/>).</summary>
    public double[] Inputs { get; }

    /// <summary>The teacher's controls divided by MaxSpeed, row-major (<see cref="Count"/> × 2), in [−1, 1].</summary>
    public double[] Targets { get; }

    /// <summary>The per-sample weights (≥ 1).</summary>
    public double[] Weights { get; }

    /// <summary>The number of samples.</summary>
    public int Count => States.Count;

    /// <summary>The layout that matches a teacher: K, MaxSpeed and GoalRange from its problem, DummyDistance = 0.9 × its position range.</summary>
    /// <param name="teacher">The MAD-PINN model.</param>
    /// <returns>The layout.</returns>
    public static DistilledLayout DefaultLayout(MadPinnModel teacher)
    {
        ArgumentNullException.ThrowIfNull(teacher);
        MadPinnProblem p = teacher.Problem;
        return new DistilledLayout(p.Neighbours, p.MaxSpeed, p.GoalRange, 0.9 * p.PositionRange);
    }

    /// <summary>Samples and labels a dataset.</summary>
    /// <param name="teacher">The MAD-PINN model (at least one neighbour).</param>
    /// <param name="layout">The student's layout (null: <see cref="DefaultLayout"/>).</param>
    /// <param name="options">The sampling options (null: the defaults).</param>
    /// <param name="teacherOptions">The teacher's deployment options (null: the defaults, with <see cref="DistillationDatasetOptions.Threads"/> cores).</param>
    /// <returns>The dataset.</returns>
    /// <exception cref="ArgumentException">The options or the layout are invalid, or the layout does not fit the teacher (K, MaxSpeed).</exception>
    public static DistillationDataset Create(MadPinnModel teacher, DistilledLayout? layout = null, DistillationDatasetOptions? options = null, MadPinnPolicyOptions? teacherOptions = null)
    {
        ArgumentNullException.ThrowIfNull(teacher);
        options ??= new DistillationDatasetOptions();
        options.Validate();
        layout ??= DefaultLayout(teacher);
        layout.Validate();
        MadPinnProblem p = teacher.Problem;
        if (layout.Neighbours != p.Neighbours || layout.MaxSpeed != p.MaxSpeed)
        {
            throw new ArgumentException($"The layout ({layout.Neighbours} slots, max speed {layout.MaxSpeed}) does not fit the teacher ({p.Neighbours} neighbours, max speed {p.MaxSpeed}).", nameof(layout));
        }

        if (p.Neighbours < 1)
        {
            throw new ArgumentException("The teacher needs at least one neighbour.", nameof(teacher));
        }

        DistillationState[] states = Sample(p, layout, options);
        var policy = new MadPinnPolicy(teacher, teacherOptions ?? new MadPinnPolicyOptions { MaxDegreeOfParallelism = options.Threads });
        int n = states.Length, d = layout.InputSize;
        double[] inputs = new double[n * d], targets = new double[2 * n], weights = new double[n];
        for (int i = 0; i < n; i++)
        {
            DistillationState s = states[i];
            int[] slots = [.. Enumerable.Range(1, s.Neighbours)];
            layout.Fill(s.X, s.Y, s.GoalX, s.GoalY, 0, slots, inputs.AsSpan(i * d, d));
            double dmin = s.NearestDistance;
            weights[i] = 1 + (options.WeightAmplitude * Math.Exp(-Math.Max(0, dmin - p.SafetyRadius) / options.WeightLength));
        }

        double radius = p.AgentRadius ?? 0.5 * p.SafetyRadius;
        for (int start = 0; start < n; start += WorldsPerCall)
        {
            int count = Math.Min(WorldsPerCall, n - start);
            double[] u = Label(policy, states.AsSpan(start, count), p.MaxSpeed, radius);
            for (int k = 0; k < count; k++)
            {
                targets[2 * (start + k)] = Math.Clamp(u[2 * k] / layout.MaxSpeed, -1, 1);
                targets[(2 * (start + k)) + 1] = Math.Clamp(u[(2 * k) + 1] / layout.MaxSpeed, -1, 1);
            }
        }

        return new DistillationDataset(layout, states, inputs, targets, weights);
    }

    /// <summary>
    /// The teacher's control for the ego of each mini-world, from one call on a world that holds them all (16 apart),
    /// row-major (count × 2).
    /// </summary>
    /// <param name="teacher">The teacher policy.</param>
    /// <param name="states">The mini-worlds.</param>
    /// <param name="maxSpeed">The single integrators' speed bound.</param>
    /// <param name="agentRadius">The agents' radius.</param>
    /// <returns>The egos' controls.</returns>
    public static double[] Label(INavigationPolicy teacher, ReadOnlySpan<DistillationState> states, double maxSpeed, double agentRadius)
    {
        ArgumentNullException.ThrowIfNull(teacher);
        int side = (int)Math.Ceiling(Math.Sqrt(states.Length));
        var agents = new List<AgentSpec>();
        var x = new List<double>();
        var y = new List<double>();
        int[] egos = new int[states.Length];
        for (int w = 0; w < states.Length; w++)
        {
            double cx = Spacing * (w % side), cy = Spacing * (w / side);
            egos[w] = agents.Count;
            DistillationState s = states[w];
            for (int a = 0; a < s.X.Length; a++)
            {
                double px = s.X[a] + cx, py = s.Y[a] + cy;
                x.Add(px);
                y.Add(py);
                agents.Add(new AgentSpec([px, py], s.GoalX[a] + cx, s.GoalY[a] + cy, agentRadius));
            }
        }

        var scenario = new NavigationScenario { Name = "distillation", Dynamics = AgentDynamics.SingleIntegrator(maxSpeed), Agents = agents };
        int n = agents.Count;
        double[] xs = [.. x], ys = [.. y], st = new double[2 * n];
        for (int i = 0; i < n; i++)
        {
            st[2 * i] = xs[i];
            st[(2 * i) + 1] = ys[i];
        }

        // The proximity graph within each mini-world (no agent of another is within the sensing radius), nearest first.
        var offsets = new int[n + 1];
        var neighbours = new List<int>();
        var distances = new List<double>();
        for (int w = 0; w < states.Length; w++)
        {
            int first = egos[w], size = states[w].X.Length;
            for (int i = first; i < first + size; i++)
            {
                var near = new List<(int J, double D)>();
                for (int j = first; j < first + size; j++)
                {
                    double dist = Math.Sqrt(((xs[i] - xs[j]) * (xs[i] - xs[j])) + ((ys[i] - ys[j]) * (ys[i] - ys[j])));
                    if (j != i && dist <= scenario.SensingRadius)
                    {
                        near.Add((j, dist));
                    }
                }

                foreach ((int j, double dist) in near.OrderBy(t => t.D).ThenBy(t => t.J))
                {
                    neighbours.Add(j);
                    distances.Add(dist);
                }

                offsets[i + 1] = neighbours.Count;
            }
        }

        var world = new NavigationSnapshot(scenario, st, xs, ys, new double[n], new double[n]) { Graph = new ProximityGraph(offsets, [.. neighbours], [.. distances]) };
        teacher.Reset(scenario);
        double[] controls = new double[2 * n];
        teacher.ComputeControls(world, controls);
        double[] u = new double[2 * states.Length];
        for (int w = 0; w < states.Length; w++)
        {
            u[2 * w] = controls[2 * egos[w]];
            u[(2 * w) + 1] = controls[(2 * egos[w]) + 1];
        }

        return u;
    }

    /// <summary>Samples the mini-worlds (see the remarks of the class).</summary>
    private static DistillationState[] Sample(MadPinnProblem p, DistilledLayout layout, DistillationDatasetOptions o)
    {
        var rng = new Random(o.Seed);
        int k = p.Neighbours;
        double r = p.SafetyRadius, dummy = layout.DummyDistance, goal = p.GoalRange;
        double minimum = Math.Min(o.MinimumSeparation * (p.AgentRadius ?? 0.5 * p.SafetyRadius), 0.5 * dummy);
        var states = new DistillationState[o.Samples];
        for (int i = 0; i < o.Samples; i++)
        {
            int m = rng.NextDouble() < o.FullFraction ? k : rng.Next(k);
            bool near = m > 0 && rng.NextDouble() < o.NearFraction;
            var offsets = new (double X, double Y, double D)[m];
            for (int j = 0; j < m; j++)
            {
                double dist = near && j == 0
                    ? r + (2 * r * rng.NextDouble())
                    : Math.Sqrt((minimum * minimum) + (((dummy * dummy) - (minimum * minimum)) * rng.NextDouble())); // uniform by area in the annulus
                double angle = 2 * Math.PI * rng.NextDouble();
                double qx = Q(dist * Math.Cos(angle)), qy = Q(dist * Math.Sin(angle));
                double dq = Math.Sqrt((qx * qx) + (qy * qy));
                if (!(dq < dummy))
                {
                    // Rounding pushed it onto the rim: pull it in by one quantum per axis towards the ego.
                    qx -= Math.Sign(qx) * Quantum;
                    qy -= Math.Sign(qy) * Quantum;
                    dq = Math.Sqrt((qx * qx) + (qy * qy));
                }

                offsets[j] = (qx, qy, dq);
            }

            Array.Sort(offsets, (a, b) => a.D.CompareTo(b.D));
            double[] x = new double[m + 1], y = new double[m + 1], gx = new double[m + 1], gy = new double[m + 1];
            for (int a = 0; a <= m; a++)
            {
                if (a > 0)
                {
                    x[a] = offsets[a - 1].X;
                    y[a] = offsets[a - 1].Y;
                }

                (double ex, double ey) = GoalOffset(rng, goal, o.BeyondGoalFraction);
                gx[a] = Q(x[a] + ex);
                gy[a] = Q(y[a] + ey);
            }

            states[i] = new DistillationState(x, y, gx, gy);
        }

        return states;
    }

    private static (double X, double Y) GoalOffset(Random rng, double range, double beyond)
    {
        if (rng.NextDouble() < beyond)
        {
            double length = range * (1 + rng.NextDouble()), angle = 2 * Math.PI * rng.NextDouble();
            return (length * Math.Cos(angle), length * Math.Sin(angle));
        }

        return (range * ((2 * rng.NextDouble()) - 1), range * ((2 * rng.NextDouble()) - 1));
    }

    /// <summary>Rounds to a multiple of 2⁻³⁰ (exact scaling by powers of two).</summary>
    private static double Q(double v) => Math.Round(v * (1 << 30)) * Quantum;
}
