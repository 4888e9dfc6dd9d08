using System.Globalization;
using System.Text;
using Certus.Control.Distillation;
using Certus.Core.Numerics;

namespace Certus.Verify.Distillation;

/// <summary>An encounter of a small team: each agent's initial position box and goal.</summary>
/// <param name="Name">A name for the spec (<c>head-on</c>, <c>crossing</c>, ...).</param>
/// <param name="Initial">Per agent, the initial box of (x, y).</param>
/// <param name="Goals">Per agent, its goal (x, y).</param>
public sealed record TeamScene(string Name, IReadOnlyList<(Interval X, Interval Y)> Initial, IReadOnlyList<(double X, double Y)> Goals)
{
    /// <summary>The scene names <see cref="Preset"/> knows.</summary>
    public static IReadOnlyList<string> PresetNames { get; } = ["head-on", "crossing", "circle"];

    /// <summary>The number of agents.</summary>
    public int Agents => Goals.Count;

    /// <summary>
    /// A standard encounter. <c>head-on</c> (2 agents): from <c>(∓s/2, 0)</c> to <c>(±s/2, 0)</c>, face to face;
    /// <c>crossing</c> (2 agents): one from <c>(−s/2, 0)</c> to <c>(s/2, 0)</c>, the other from <c>(0, −s/2)</c> to
    /// <c>(0, s/2)</c>, reaching the crossing at the same time; <c>circle</c> (any number): agents evenly spaced on a
    /// circle of diameter s, each going to the opposite point. Each initial coordinate is the start ± width/2.
    /// </summary>
    /// <param name="name">One of <see cref="PresetNames"/>.</param>
    /// <param name="agents">The number of agents (2 for head-on and crossing).</param>
    /// <param name="separation">s, the distance between the starts of facing agents.</param>
    /// <param name="width">The width of each initial coordinate.</param>
    /// <returns>The scene.</returns>
    /// <exception cref="ArgumentException">An unknown name, or a number of agents the scene does not have.</exception>
    public static TeamScene Preset(string name, int agents, double separation, double width)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!(separation > 0) || !double.IsFinite(separation))
        {
            throw new ArgumentException($"--separation must be positive, got {separation.ToString(CultureInfo.InvariantCulture)}.");
        }

        if (!(width >= 0) || !double.IsFinite(width))
        {
            throw new ArgumentException($"--width must be at least 0, got {width.ToString(CultureInfo.InvariantCulture)}.");
        }

        double h = separation / 2;
        (double X, double Y)[] starts, goals;
        switch (name)
        {
            case "head-on" or "crossing" when agents != 2:
                throw new ArgumentException($"the {name} scene has 2 agents, not {agents}; for {agents} agents use 'circle'.");
            case "head-on":
                starts = [(-h, 0), (h, 0)];
                goals = [(h, 0), (-h, 0)];
                break;
            case "crossing":
                starts = [(-h, 0), (0, -h)];
                goals = [(h, 0), (0, h)];
                break;
            case "circle":
                if (agents < 2)
                {
                    throw new ArgumentException($"a team needs at least 2 agents, got {agents}.");
                }

                starts = new (double, double)[agents];
                goals = new (double, double)[agents];
                for (int i = 0; i < agents; i++)
                {
                    double a = Math.PI * ((2.0 * i / agents) + 1);
                    starts[i] = (Round(h * Math.Cos(a)), Round(h * Math.Sin(a)));
                    goals[i] = (-starts[i].X, -starts[i].Y);
                }

                break;
            default:
                throw new ArgumentException($"unknown scene '{name}'; expected one of {string.Join(", ", PresetNames)}.");
        }

        double w = width / 2;
        return new TeamScene(name, [.. starts.Select(s => (new Interval(Round(s.X - w), Round(s.X + w)), new Interval(Round(s.Y - w), Round(s.Y + w))))], goals);
    }

    private static double Round(double v) => Math.Round(v, 6);
}

/// <summary>The settings of a team certification spec beyond the scene.</summary>
/// <param name="NetworkPath">The network file as the spec should name it (relative to the spec's folder, or absolute).</param>
/// <param name="Period">The control period in seconds.</param>
/// <param name="Horizon">The horizon in seconds (a whole number of periods).</param>
/// <param name="GoalTolerance">r: each agent must end within r of its goal.</param>
/// <param name="CollisionDistance">The distance between centres below which two bodies overlap (2 × agent radius).</param>
/// <param name="ViewRadius">The distance within which deployment puts a neighbour in a slot (the smaller of the dummy
/// distance and the scenario's sensing radius), or null for the layout's dummy distance.</param>
public sealed record TeamSpecOptions(string NetworkPath, double Period, double Horizon, double GoalTolerance, double CollisionDistance, double? ViewRadius = null);

/// <summary>
/// Writes the certification spec of a small team under a distilled controller (<c>certify-policy</c>): single
/// integrators <c>ẋ_i = u_ix, ẏ_i = u_iy</c>, the one network applied to each agent's ego-centred view through
/// <c>controller.instances</c> (the view written as the linear expressions of <see cref="DistilledLayout.Fill"/>, the
/// output as <see cref="DistilledLayout.Control"/>), and the properties: no two bodies overlap at any time; every agent
/// ends within r of its goal; and the <em>view</em> properties, under which this loop is the deployed one: no goal
/// offset longer than the layout's goal range (else deployment shortens it), every neighbour within the dummy
/// distance (else deployment sees the dummy), and, with more than two neighbours, slots in distance order (deployment
/// fills them nearest first; the spec's order is then fixed). Two neighbours (three agents) are sorted in the spec
/// itself, nearest first with ties by index, as deployment does.
/// </summary>
public static class TeamSpec
{
    /// <summary>The spec text.</summary>
    /// <param name="layout">The controller's layout.</param>
    /// <param name="scene">The encounter.</param>
    /// <param name="options">Period, horizon, tolerances and the network path.</param>
    /// <param name="title">The spec's name.</param>
    /// <returns>YAML for <see cref="Specs.SpecReader"/>.</returns>
    /// <exception cref="ArgumentException">The team does not fit the layout, or a setting is out of range.</exception>
    public static string Write(DistilledLayout layout, TeamScene scene, TeamSpecOptions options, string title)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(scene);
        ArgumentNullException.ThrowIfNull(options);
        layout.Validate();
        int n = scene.Agents;
        if (n < 2 || scene.Initial.Count != n)
        {
            throw new ArgumentException($"a team needs at least 2 agents with a start box and a goal each; got {scene.Initial.Count} boxes and {n} goals.");
        }

        if (n - 1 > layout.Neighbours)
        {
            throw new ArgumentException($"{n} agents need {n - 1} neighbour slots; the controller has {layout.Neighbours}. Certify at most {layout.Neighbours + 1} agents with it.");
        }

        if (!(options.Period > 0) || !double.IsFinite(options.Period))
        {
            throw new ArgumentException($"--period must be positive, got {F(options.Period)}.");
        }

        double steps = options.Horizon / options.Period;
        int periods = (int)Math.Round(steps);
        if (!(options.Horizon > 0) || periods < 1 || Math.Abs(steps - periods) > 1e-9 * Math.Max(1, steps))
        {
            throw new ArgumentException($"--horizon must be a positive whole number of periods ({F(options.Period)} s); got {F(options.Horizon)} s.");
        }

        if (!(options.GoalTolerance > 0) || !(options.CollisionDistance > 0))
        {
            throw new ArgumentException("the goal tolerance and the collision distance must be positive.");
        }

        var sb = new StringBuilder();
        sb.Append("# Written by 'certus certify-policy': ").Append(n).Append(" single-integrator agents under one distilled controller\n");
        sb.Append("# (the same network file in every instance; the view is DistilledLayout's: ego goal offset, then per slot the\n");
        sb.Append("# neighbour's offset and its goal offset; an empty slot holds the dummy). See docs/madpinn.md, Certification.\n");
        sb.Append("name: ").Append(Quote(title)).Append('\n');
        sb.Append("plant:\n");
        sb.Append("  states: [").Append(string.Join(", ", Enumerable.Range(1, n).SelectMany(i => new[] { $"x{i}", $"y{i}" }))).Append("]\n");
        sb.Append("  inputs: [").Append(string.Join(", ", Enumerable.Range(1, n).SelectMany(i => new[] { $"u{i}x", $"u{i}y" }))).Append("]\n");
        sb.Append("  parameters: { ").Append(string.Join(", ", Enumerable.Range(1, n).SelectMany(i => new[] { $"gx{i}: {F(scene.Goals[i - 1].X)}", $"gy{i}: {F(scene.Goals[i - 1].Y)}" }))).Append(" }\n");
        sb.Append("  dynamics:\n");
        for (int i = 1; i <= n; i++)
        {
            sb.Append("    x").Append(i).Append(": u").Append(i).Append("x\n");
            sb.Append("    y").Append(i).Append(": u").Append(i).Append("y\n");
        }

        sb.Append("controller:\n");
        sb.Append("  network: ").Append(Quote(options.NetworkPath.Replace('\\', '/'))).Append('\n');
        sb.Append("  period: ").Append(F(options.Period)).Append('\n');
        sb.Append("  instances:\n");
        for (int i = 1; i <= n; i++)
        {
            var inputs = new List<string> { $"gx{i} - x{i}", $"gy{i} - y{i}" };
            int[] others = [.. Enumerable.Range(1, n).Where(j => j != i)];
            string[] Slot(int j) => [$"x{j} - x{i}", $"y{j} - y{i}", $"gx{j} - x{j}", $"gy{j} - y{j}"];
            if (others.Length == 2)
            {
                // Two neighbours, in deployment's order: the nearer first, ties by index. The swap indicator is 1 when
                // the second is strictly nearer (max(0, sign(.)) is 0 at a tie), so the spec's loop is the deployed one
                // in every state; the proof encloses the jump of sign across a tie by the hull of both orders.
                int a = others[0], b = others[1];
                string swap = $"max(0, sign((x{a} - x{i})^2 + (y{a} - y{i})^2 - (x{b} - x{i})^2 - (y{b} - y{i})^2))";
                string[] first = Slot(a), second = Slot(b);
                inputs.AddRange(first.Select((t, k) => $"{t} + {swap}*(({second[k]}) - ({t}))"));
                inputs.AddRange(second.Select((t, k) => $"{t} + {swap}*(({first[k]}) - ({t}))"));
            }
            else
            {
                foreach (int j in others)
                {
                    inputs.AddRange(Slot(j));
                }
            }

            for (int slot = others.Length; slot < layout.Neighbours; slot++)
            {
                inputs.AddRange([F(layout.DummyDistance), "0", "0", "0"]);
            }

            sb.Append("    - inputs: [").Append(string.Join(", ", inputs.Select(e => e.Contains(',', StringComparison.Ordinal) ? Quote(e) : e))).Append("]\n");
            sb.Append("      outputs: { u").Append(i).Append("x: ").Append(Quote($"{F(layout.MaxSpeed)}*out[0]")).Append(", u").Append(i).Append("y: ").Append(Quote($"{F(layout.MaxSpeed)}*out[1]")).Append(" }\n");
        }

        sb.Append("initial: { ").Append(string.Join(", ", Enumerable.Range(1, n).SelectMany(i => new[] { $"x{i}: {Box(scene.Initial[i - 1].X)}", $"y{i}: {Box(scene.Initial[i - 1].Y)}" }))).Append(" }\n");
        sb.Append("report: { projections: [").Append(string.Join(", ", Enumerable.Range(1, n).Select(i => $"[x{i}, y{i}]"))).Append("], overlay: true }   # the agents in the plane\n");
        sb.Append("horizon: ").Append(periods).Append("   # periods: ").Append(F(options.Horizon)).Append(" s\n");
        sb.Append("properties:\n");
        string c2 = F(options.CollisionDistance * options.CollisionDistance);
        for (int i = 1; i <= n; i++)
        {
            for (int j = i + 1; j <= n; j++)
            {
                sb.Append("  - name: ").Append(Quote($"no collision {i}-{j}")).Append("   # centres at least ").Append(F(options.CollisionDistance)).Append(" apart\n");
                sb.Append("    always: (x").Append(i).Append(" - x").Append(j).Append(")^2 + (y").Append(i).Append(" - y").Append(j).Append(")^2 >= ").Append(c2).Append('\n');
            }
        }

        string r2 = F(options.GoalTolerance * options.GoalTolerance);
        for (int i = 1; i <= n; i++)
        {
            sb.Append("  - name: ").Append(Quote($"agent {i} at its goal")).Append("   # within ").Append(F(options.GoalTolerance)).Append(" at the end\n");
            sb.Append("    at_end: (x").Append(i).Append(" - gx").Append(i).Append(")^2 + (y").Append(i).Append(" - gy").Append(i).Append(")^2 <= ").Append(r2).Append('\n');
        }

        double view = options.ViewRadius ?? layout.DummyDistance;
        if (!(view > 0) || view > layout.DummyDistance)
        {
            throw new ArgumentException($"--view-radius must be positive and at most the dummy distance {F(layout.DummyDistance)} (deployment sees no farther), got {F(view)}.");
        }

        string g2 = F(layout.GoalRange * layout.GoalRange), d2 = F(view * view);
        for (int i = 1; i <= n; i++)
        {
            sb.Append("  - name: ").Append(Quote($"view: goal offset {i} within {F(layout.GoalRange)}")).Append("   # deployment would shorten it\n");
            sb.Append("    always: (gx").Append(i).Append(" - x").Append(i).Append(")^2 + (gy").Append(i).Append(" - y").Append(i).Append(")^2 <= ").Append(g2).Append('\n');
        }

        for (int i = 1; i <= n; i++)
        {
            for (int j = i + 1; j <= n; j++)
            {
                sb.Append("  - name: ").Append(Quote($"view: {i} and {j} within {F(view)}")).Append("   # deployment would see the dummy\n");
                sb.Append("    always: (x").Append(i).Append(" - x").Append(j).Append(")^2 + (y").Append(i).Append(" - y").Append(j).Append(")^2 <= ").Append(d2).Append('\n');
            }
        }

        for (int i = 1; i <= n; i++)
        {
            // With two neighbours the spec sorts them as deployment does (above); with more the order is fixed, and
            // these properties say that it is the distance order.
            int[] others = [.. Enumerable.Range(1, n).Where(j => j != i)];
            for (int s = 0; s + 1 < others.Length && others.Length > 2; s++)
            {
                int a = others[s], b = others[s + 1];
                sb.Append("  - name: ").Append(Quote($"view: agent {i} sees {a} before {b}")).Append("   # deployment fills slots nearest first\n");
                sb.Append("    always: (x").Append(a).Append(" - x").Append(i).Append(")^2 + (y").Append(a).Append(" - y").Append(i).Append(")^2 <= (x").Append(b).Append(" - x").Append(i).Append(")^2 + (y").Append(b).Append(" - y").Append(i).Append(")^2\n");
            }
        }

        return sb.ToString();
    }

    private static string Box(Interval i) => i.Lo == i.Hi ? F(i.Lo) : $"[{F(i.Lo)}, {F(i.Hi)}]";

    private static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    private static string Quote(string s) => "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
