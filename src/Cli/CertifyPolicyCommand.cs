using System.CommandLine;
using System.Globalization;
using Certus.Control.Distillation;
using Certus.Control.Networks;
using Certus.Core.Numerics;
using Certus.Verify;
using Certus.Verify.Distillation;

namespace Certus.Cli;

/// <summary>
/// <c>certus certify-policy MODEL.policy.json</c>: writes the certification spec of a small team (2 or 3 agents)
/// under a distilled controller (<see cref="TeamSpec"/>) and certifies it, with the network file the descriptor names
/// (its SHA-256 checked against the descriptor, so the network certified is the one <c>simulate --policy distilled</c>
/// deploys).
/// </summary>
internal static class CertifyPolicyCommand
{
    public static Command Create()
    {
        var model = new Argument<string>("model") { Description = "The distilled controller's descriptor (NAME.policy.json)" };
        var agents = new Option<int>("--agents") { Description = "Agents in the team: 2, or up to K + 1 for a controller with K neighbour slots (default 2)", DefaultValueFactory = _ => 2 };
        var scene = new Option<string?>("--scene") { Description = $"The encounter: {string.Join(", ", TeamScene.PresetNames)} (default head-on for 2 agents, circle for more)" };
        var separation = new Option<double?>("--separation") { Description = "Distance between facing starts (default 0.7 x the controller's dummy distance, so that every agent starts in view)", HelpName = "S" };
        var width = new Option<double>("--width") { Description = "Width of each initial position coordinate (default 0.2)", DefaultValueFactory = _ => 0.2, HelpName = "W" };
        var initial = new Option<string?>("--initial") { Description = "The initial box instead of the scene's: one interval per coordinate x1 y1 x2 y2 ..., e.g. \"[-0.7,-0.5] [-0.1,0.1] [0.5,0.7] [-0.1,0.1]\"", HelpName = "BOX" };
        var goals = new Option<string?>("--goals") { Description = "The goals instead of the scene's: x1 y1 x2 y2 ..., e.g. \"0.6 0 -0.6 0\"", HelpName = "XY" };
        var horizon = new Option<double?>("--horizon") { Description = "Horizon in seconds, a whole number of periods (default: 3 x separation / max speed, rounded up to a period)", HelpName = "T" };
        var period = new Option<double>("--period") { Description = "Control period in seconds (default 0.1)", DefaultValueFactory = _ => 0.1 };
        var view = new Option<double?>("--view-radius") { Description = "The distance within which deployment sees a neighbour: the smaller of the controller's dummy distance (the default) and the scenario's sensing radius", HelpName = "R" };
        var tolerance = new Option<double>("--goal-tolerance") { Description = "r: every agent must end within r of its goal (default 0.2)", DefaultValueFactory = _ => 0.2, HelpName = "R" };
        var specOut = new Option<string?>("--write") { Description = "Write the spec to this file (default NAME.SCENE-N.yaml next to the descriptor)", HelpName = "FILE" };
        var writeOnly = new Option<bool>("--write-only") { Description = "Write the spec and stop (certify it later with 'certify')" };
        var json = new Option<string?>("--json") { Description = "Write the verdicts as JSON to this file" };
        var report = new Option<string?>("--report") { Description = "Write a report to this folder", HelpName = "DIR" };
        var timeout = new Option<double?>("--timeout") { Description = "Time budget of the whole run in seconds, falsification and proof (default 300)", DefaultValueFactory = _ => 300 };
        var jobs = new Option<int>("--jobs") { Description = "Cores to use (default: all)", DefaultValueFactory = _ => -1 };
        var cells = new Option<int>("--max-cells") { Description = "Largest partition of the initial set", DefaultValueFactory = _ => 1024 };
        var proveAll = new Option<bool>("--prove-all") { Description = "Prove the other properties even when one is violated" };
        var command = new Command("certify-policy", "Certify a small team under a distilled controller: write the closed-loop spec (single integrators, the network applied to each agent's view, no collision, goals reached, the view's envelope) and certify it.\n\nExamples:\n  ./verify certify-policy specs/madpinn/distilled-k2.policy.json --scene head-on\n  ./verify certify-policy specs/madpinn/distilled-k2.policy.json --scene crossing --width 0.2 --horizon 6\n  ./verify certify-policy specs/madpinn/distilled-k2.policy.json --agents 3 --scene circle --write team3.yaml --write-only" + "\n\n" + ExitCodes.Summary)
        {
            model, agents, scene, separation, width, initial, goals, horizon, period, tolerance, view, specOut, writeOnly, json, report, timeout, jobs, cells, proveAll,
        };
        command.SetAction(parse => Run(
            new Request(parse.GetValue(model)!, parse.GetValue(agents), parse.GetValue(scene), parse.GetValue(separation), parse.GetValue(width), parse.GetValue(initial), parse.GetValue(goals),
                parse.GetValue(horizon), parse.GetValue(period), parse.GetValue(tolerance), parse.GetValue(specOut), parse.GetValue(writeOnly), parse.GetValue(json), parse.GetValue(report),
                parse.GetValue(timeout), parse.GetValue(jobs), parse.GetValue(cells), parse.GetValue(proveAll), parse.GetValue(view)),
            parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));
        return command;
    }

    internal sealed record Request(
        string Model,
        int Agents = 2,
        string? Scene = null,
        double? Separation = null,
        double Width = 0.2,
        string? Initial = null,
        string? Goals = null,
        double? Horizon = null,
        double Period = 0.1,
        double GoalTolerance = 0.2,
        string? SpecOut = null,
        bool WriteOnly = false,
        string? Json = null,
        string? Report = null,
        double? Timeout = 300,
        int Jobs = -1,
        int MaxCells = 1024,
        bool ProveAll = false,
        double? ViewRadius = null);

    internal static int Run(Request request, TextWriter output, TextWriter error)
    {
        DistilledPolicyDescriptor descriptor;
        try
        {
            if (!request.Model.EndsWith(".policy.json", StringComparison.OrdinalIgnoreCase))
            {
                throw new ArgumentException($"{request.Model}: certify-policy takes a distilled controller's descriptor NAME.policy.json (it names the network and its hash), not a network file; for a spec of your own, use 'certify SPEC'.");
            }

            descriptor = DistilledPolicyFile.Load(request.Model).Descriptor;
        }
        catch (Exception e) when (e is NetworkFormatException or ArgumentException or IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"error: {e.Message}");
            return ExitCodes.BadInput;
        }

        DistilledLayout layout = descriptor.Layout;
        string sceneName = request.Scene ?? (request.Agents == 2 ? "head-on" : "circle");
        double s = request.Separation ?? Math.Round(0.7 * layout.DummyDistance, 3);
        string specPath;
        string text;
        TeamScene team;
        try
        {
            team = TeamScene.Preset(sceneName, request.Agents, s, request.Width);
            team = Override(team, request);
            double horizon = request.Horizon ?? DefaultHorizon(s, layout.MaxSpeed, request.Period);
            specPath = Path.GetFullPath(request.SpecOut ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(request.Model))!,
                $"{Path.GetFileName(request.Model)[..^".policy.json".Length]}.{team.Name}-{team.Agents}.yaml"));
            string network = Path.GetRelativePath(Path.GetDirectoryName(specPath)!, descriptor.NetworkPath);
            string title = $"{Path.GetFileName(request.Model)[..^".policy.json".Length]}: {team.Name}, {team.Agents} agents";
            text = TeamSpec.Write(layout, team, new TeamSpecOptions(network, request.Period, horizon, request.GoalTolerance, 2 * descriptor.AgentRadius, request.ViewRadius), title);
            Directory.CreateDirectory(Path.GetDirectoryName(specPath)!);
            File.WriteAllText(specPath, text);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{team.Agents} agents, {team.Name}: horizon {horizon} s ({request.Period} s periods), goal tolerance {request.GoalTolerance}, collision distance {2 * descriptor.AgentRadius}"));
            output.WriteLine($"network {descriptor.NetworkPath} (SHA-256 {descriptor.NetworkSha256}, checked: the file 'simulate --policy distilled' deploys)");
            output.WriteLine($"wrote {specPath}");
        }
        catch (Exception e) when (e is ArgumentException or IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"error: {e.Message}");
            return ExitCodes.BadInput;
        }

        if (request.WriteOnly)
        {
            return ExitCodes.Ok;
        }

        return CertifyCommand.Run(specPath, request.Json, request.Timeout, request.Jobs, request.MaxCells, output, error, request.Report, proveAll: request.ProveAll);
    }

    /// <summary>Three times the time to cover the separation at full speed, rounded up to whole periods.</summary>
    internal static double DefaultHorizon(double separation, double maxSpeed, double period)
    {
        double t = 3 * separation / maxSpeed;
        int periods = Math.Max(1, (int)Math.Ceiling((t / period) - 1e-9));
        return Math.Round(periods * period, 9);
    }

    private static TeamScene Override(TeamScene team, Request request)
    {
        int n = team.Agents;
        IReadOnlyList<(Interval X, Interval Y)> initial = team.Initial;
        IReadOnlyList<(double X, double Y)> goals = team.Goals;
        if (request.Initial is { } box)
        {
            string[] parts = BoundsCommand.SplitBox(box);
            if (parts.Length != 2 * n)
            {
                throw new ArgumentException($"--initial has {parts.Length} interval(s); {n} agents need {2 * n} (x1 y1 x2 y2 ...).");
            }

            var boxes = new Interval[parts.Length];
            for (int i = 0; i < parts.Length; i++)
            {
                if (!Interval.TryParse(parts[i], out boxes[i], out string? why) || !boxes[i].IsBounded || boxes[i].IsEmpty)
                {
                    throw new ArgumentException($"--initial entry {i + 1}: {why ?? $"'{parts[i]}' must be a bounded, non-empty interval"}.");
                }
            }

            initial = [.. Enumerable.Range(0, n).Select(i => (boxes[2 * i], boxes[(2 * i) + 1]))];
        }

        if (request.Goals is { } g)
        {
            string[] parts = g.Split([' ', ',', ';'], StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 2 * n)
            {
                throw new ArgumentException($"--goals has {parts.Length} number(s); {n} agents need {2 * n} (x1 y1 x2 y2 ...).");
            }

            double[] v = new double[parts.Length];
            for (int i = 0; i < parts.Length; i++)
            {
                if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out v[i]) || !double.IsFinite(v[i]))
                {
                    throw new ArgumentException($"--goals entry {i + 1}: '{parts[i]}' is not a finite number.");
                }
            }

            goals = [.. Enumerable.Range(0, n).Select(i => (v[2 * i], v[(2 * i) + 1]))];
        }

        return request.Initial is null && request.Goals is null ? team : team with { Name = "custom", Initial = initial, Goals = goals };
    }
}
