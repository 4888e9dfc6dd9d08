using Certus.Core.Navigation;
using Certus.Sim.MultiAgent;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Certus.Verify.Specs;

/// <summary>
/// Reads navigation scenario files (YAML, see docs/navigation.md): agents and their dynamics, a layout, obstacles, a
/// workspace and the run's parameters. Every error is a <see cref="SpecException"/> naming the file, line and field.
/// </summary>
public static class NavigationSpecReader
{
    /// <summary>The policies a file may name.</summary>
    public static IReadOnlyList<string> Policies => Navigation.PolicyFactory.Names;

    private static readonly string[] TopFields = ["name", "agents", "layout", "obstacles", "workspace", "time_step", "time_limit", "sensing_radius", "goal_tolerance", "collision_tolerance", "sub_steps", "seed", "policy", "madpinn"];
    private static readonly string[] AgentFields = ["count", "radius", "dynamics", "max_speed", "max_acceleration", "drag", "max_turn_rate"];
    /// <summary>The largest magnitude of a scenario number (lengths, speeds, times): 1e6, so that positions and cell counts stay representable.</summary>
    private const double MaxMagnitude = 1e6;

    private static readonly string[] LayoutFields = ["kind", "size", "jitter", "min_spacing", "gap_width"];
    private static readonly string[] Layouts = ["circle_swap", "random", "crossing", "narrow_passage"];
    private static readonly string[] DynamicsKinds = ["single_integrator", "double_integrator", "unicycle"];

    /// <summary>Whether a YAML file is a navigation scenario (it has a top-level <c>agents:</c> and no <c>plant:</c>).</summary>
    /// <param name="path">The file.</param>
    /// <returns>True for a navigation scenario.</returns>
    public static bool IsNavigationSpec(string path)
    {
        try
        {
            YamlStream stream = YamlFields.Load(path, Core.IO.InputFile.ReadText(path, YamlFields.MaxFileBytes));
            return stream.Documents.Count > 0 && stream.Documents[0].RootNode is YamlMappingNode root
                && root.Children.ContainsKey(new YamlScalarNode("agents")) && !root.Children.ContainsKey(new YamlScalarNode("plant"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or SpecException or YamlException or ArgumentException or NotSupportedException or InvalidOperationException { Source: "YamlDotNet" })
        {
            return false;
        }
    }

    /// <summary>Reads a scenario file.</summary>
    /// <param name="path">The YAML file.</param>
    /// <param name="agents">Overrides <c>agents.count</c> when given.</param>
    /// <param name="seed">Overrides <c>seed</c> when given.</param>
    /// <returns>The spec with its generated scenario.</returns>
    /// <exception cref="SpecException">The file is missing, malformed or inconsistent.</exception>
    public static NavigationSpec Read(string path, int? agents = null, int? seed = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Parse(YamlFields.ReadFile(path, "scenario file"), path, agents, seed);
    }

    /// <summary>Parses scenario text.</summary>
    /// <param name="text">The YAML.</param>
    /// <param name="path">The file name for messages and relative paths.</param>
    /// <param name="agents">Overrides <c>agents.count</c> when given.</param>
    /// <param name="seed">Overrides <c>seed</c> when given.</param>
    /// <returns>The spec.</returns>
    /// <exception cref="SpecException">The text is malformed or inconsistent.</exception>
    public static NavigationSpec Parse(string text, string path, int? agents = null, int? seed = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(path);
        return YamlFields.Guarded(path, () => ParseCore(text, path, agents, seed));
    }

    private static NavigationSpec ParseCore(string text, string path, int? agentOverride, int? seedOverride)
    {
        var y = new YamlFields(path, MaxMagnitude);
        YamlStream stream = YamlFields.Load(path, text);
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new SpecException(path, 1, "scenario", "expected a mapping with name, agents, layout and the run's parameters (see docs/navigation.md).");
        }

        foreach (string key in new[] { "plant", "network" })
        {
            if (YamlFields.Optional(root, key) is { } certification)
            {
                throw y.Error(certification, key, $"this is a certification spec, not a navigation scenario; run it with './verify certify {path}' or './verify test {path}'.");
            }
        }

        y.CheckFields(root, TopFields, string.Empty);
        string name = YamlFields.Optional(root, "name") is { } n ? y.Scalar(n, "name") : System.IO.Path.GetFileNameWithoutExtension(path);

        YamlMappingNode agentsNode = y.Mapping(y.Required(root, "agents", string.Empty, "add 'agents: { count: 16, radius: 0.1, dynamics: single_integrator, max_speed: 1 }'"), "agents");
        y.CheckFields(agentsNode, AgentFields, "agents.");
        int count = agentOverride ?? y.Integer(y.Required(agentsNode, "count", "agents.", "how many agents, e.g. 'count: 16'"), "agents.count", 1, 100_000);
        if (count < 1 || count > 100_000)
        {
            throw new SpecException(path, 0, "agents.count", $"expected 1 to 100000 agents, got {count}.");
        }

        double radius = y.OptionalNumber(agentsNode, "radius", "agents.", 0.1, 0, exclusiveMin: true);
        string kind = YamlFields.Optional(agentsNode, "dynamics") is { } dk ? y.Choice(dk, "agents.dynamics", DynamicsKinds) : "single_integrator";
        AgentDynamics dynamics = kind switch
        {
            "single_integrator" => AgentDynamics.SingleIntegrator(y.OptionalNumber(agentsNode, "max_speed", "agents.", 1.0, 0, exclusiveMin: true)),
            "double_integrator" => AgentDynamics.DoubleIntegrator(y.OptionalNumber(agentsNode, "max_acceleration", "agents.", 1.0, 0, exclusiveMin: true), y.OptionalNumber(agentsNode, "drag", "agents.", 1.0, 0)),
            _ => AgentDynamics.Unicycle(y.OptionalNumber(agentsNode, "max_speed", "agents.", 1.0, 0, exclusiveMin: true), y.OptionalNumber(agentsNode, "max_turn_rate", "agents.", 2.0, 0, exclusiveMin: true)),
        };
        foreach ((string field, string only) in new[] { ("max_acceleration", "double_integrator"), ("drag", "double_integrator"), ("max_turn_rate", "unicycle") })
        {
            if (kind != only && YamlFields.Optional(agentsNode, field) is { } extra)
            {
                throw y.Error(extra, "agents." + field, $"only applies to dynamics '{only}'; this scenario uses '{kind}'.");
            }
        }

        if (kind == "double_integrator" && YamlFields.Optional(agentsNode, "max_speed") is { } ms)
        {
            throw y.Error(ms, "agents.max_speed", "the double integrator's speed is limited by max_acceleration / drag; remove max_speed.");
        }

        YamlMappingNode layoutNode = YamlFields.Optional(root, "layout") is { } ln ? y.Mapping(ln, "layout") : new YamlMappingNode();
        y.CheckFields(layoutNode, LayoutFields, "layout.");
        string layout = YamlFields.Optional(layoutNode, "kind") is { } lk ? y.Choice(lk, "layout.kind", Layouts) : "circle_swap";
        int seed = seedOverride ?? (YamlFields.Optional(root, "seed") is { } s ? y.Integer(s, "seed", int.MinValue, int.MaxValue) : 0);
        var parameters = new ScenarioParameters
        {
            Layout = layout switch
            {
                "circle_swap" => ScenarioLayout.CircleSwap,
                "random" => ScenarioLayout.Random,
                "crossing" => ScenarioLayout.Crossing,
                _ => ScenarioLayout.NarrowPassage,
            },
            Agents = count,
            AgentRadius = radius,
            Size = y.OptionalNumber(layoutNode, "size", "layout.", 0, 0),
            Jitter = y.OptionalNumber(layoutNode, "jitter", "layout.", 0, 0),
            MinSpacing = y.OptionalNumber(layoutNode, "min_spacing", "layout.", 0, 0),
            GapWidth = y.OptionalNumber(layoutNode, "gap_width", "layout.", 0, 0),
            Seed = seed,
        };

        var obstacles = new List<Obstacle>();
        if (YamlFields.Optional(root, "obstacles") is { } obs)
        {
            int k = 0;
            foreach (YamlNode item in y.Sequence(obs, "obstacles"))
            {
                obstacles.Add(ReadObstacle(y, item, $"obstacles[{k++}]"));
            }
        }

        Workspace? workspace = null;
        if (YamlFields.Optional(root, "workspace") is { } ws)
        {
            YamlMappingNode wm = y.Mapping(ws, "workspace");
            y.CheckFields(wm, ["min", "max"], "workspace.");
            (double x0, double y0) = y.Point(y.Required(wm, "min", "workspace.", "the lower-left corner, e.g. 'min: [-5, -5]'"), "workspace.min");
            (double x1, double y1) = y.Point(y.Required(wm, "max", "workspace.", "the upper-right corner, e.g. 'max: [5, 5]'"), "workspace.max");
            if (!(x0 < x1 && y0 < y1))
            {
                throw y.Error(wm, "workspace", $"min ({x0}, {y0}) must be below and left of max ({x1}, {y1}).");
            }

            workspace = new Workspace(x0, y0, x1, y1);
        }

        var template = new NavigationScenario
        {
            Name = name,
            Dynamics = dynamics,
            Agents = [],
            Obstacles = obstacles,
            Workspace = workspace,
            TimeStep = y.OptionalNumber(root, "time_step", string.Empty, 0.05, 0, exclusiveMin: true),
            TimeLimit = y.OptionalNumber(root, "time_limit", string.Empty, 30, 0, exclusiveMin: true),
            SensingRadius = y.OptionalNumber(root, "sensing_radius", string.Empty, 2, 0, exclusiveMin: true),
            GoalTolerance = y.OptionalNumber(root, "goal_tolerance", string.Empty, 0.1, 0, exclusiveMin: true),
            CollisionTolerance = y.OptionalNumber(root, "collision_tolerance", string.Empty, 0, 0),
            SubSteps = y.OptionalInteger(root, "sub_steps", string.Empty, 1, 1, 1000),
        };

        NavigationScenario scenario;
        try
        {
            scenario = ScenarioGenerators.Generate(parameters, template) with { Name = name };
            scenario.Validate();
        }
        catch (ArgumentException e)
        {
            throw new SpecException(path, layoutNode.Start.Line, "layout", e.Message);
        }

        CheckPlacement(path, scenario);
        string policy = YamlFields.Optional(root, "policy") is { } p ? y.Choice(p, "policy", [.. Policies]) : "orca";
        string? model = null;
        if (YamlFields.Optional(root, "madpinn") is { } m)
        {
            string file = y.Scalar(m, "madpinn");
            model = System.IO.Path.IsPathRooted(file) ? file : System.IO.Path.Combine(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path)) ?? ".", file);
            if (!File.Exists(model))
            {
                throw y.Error(m, "madpinn", $"the model file '{file}' does not exist (looked for {model}); train one with './verify train'.");
            }
        }

        return new NavigationSpec(name, path, scenario, policy, model);
    }

    private static void CheckPlacement(string path, NavigationScenario s)
    {
        for (int i = 0; i < s.Agents.Count; i++)
        {
            AgentSpec a = s.Agents[i];
            double x = a.InitialState[s.Dynamics.PositionXIndex], yy = a.InitialState[s.Dynamics.PositionYIndex];
            for (int o = 0; o < s.Obstacles.Count; o++)
            {
                if (s.Obstacles[o].SignedDistance(x, yy) < a.Radius || s.Obstacles[o].SignedDistance(a.GoalX, a.GoalY) < a.Radius)
                {
                    throw new SpecException(path, 0, $"obstacles[{o}]", $"agent {i}'s start ({x:G4}, {yy:G4}) or goal ({a.GoalX:G4}, {a.GoalY:G4}) touches this obstacle; move the obstacle or change the layout.");
                }
            }

            if (s.Workspace is { } w && (w.InteriorDistance(x, yy) < a.Radius || w.InteriorDistance(a.GoalX, a.GoalY) < a.Radius))
            {
                throw new SpecException(path, 0, "workspace", $"agent {i}'s start ({x:G4}, {yy:G4}) or goal ({a.GoalX:G4}, {a.GoalY:G4}) is not inside the workspace; enlarge it or shrink layout.size.");
            }
        }
    }

    private static Obstacle ReadObstacle(YamlFields y, YamlNode node, string field)
    {
        YamlMappingNode map = y.Mapping(node, field);
        y.CheckFields(map, ["disc", "box"], field + ".");
        if (YamlFields.Optional(map, "disc") is { } d)
        {
            YamlMappingNode dm = y.Mapping(d, field + ".disc");
            y.CheckFields(dm, ["center", "radius"], field + ".disc.");
            (double cx, double cy) = y.Point(y.Required(dm, "center", field + ".disc.", "the centre, e.g. 'center: [0, 0]'"), field + ".disc.center");
            double r = y.Number(y.Required(dm, "radius", field + ".disc.", "the radius, e.g. 'radius: 0.5'"), field + ".disc.radius", 0, exclusiveMin: true);
            return new DiscObstacle(cx, cy, r);
        }

        if (YamlFields.Optional(map, "box") is { } b)
        {
            YamlMappingNode bm = y.Mapping(b, field + ".box");
            y.CheckFields(bm, ["min", "max"], field + ".box.");
            (double x0, double y0) = y.Point(y.Required(bm, "min", field + ".box.", "the lower-left corner, e.g. 'min: [-1, -1]'"), field + ".box.min");
            (double x1, double y1) = y.Point(y.Required(bm, "max", field + ".box.", "the upper-right corner, e.g. 'max: [1, 1]'"), field + ".box.max");
            if (!(x0 < x1 && y0 < y1))
            {
                throw y.Error(bm, field + ".box", $"min ({x0}, {y0}) must be below and left of max ({x1}, {y1}).");
            }

            return new BoxObstacle(x0, y0, x1, y1);
        }

        throw y.Error(map, field, "expected 'disc: { center: [x, y], radius: r }' or 'box: { min: [x, y], max: [x, y] }'.");
    }

}
