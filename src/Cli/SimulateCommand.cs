using System.CommandLine;
using System.Globalization;
using Certus.Core.Navigation;
using Certus.Sim.MultiAgent;
using Certus.Verify;
using Certus.Verify.Navigation;
using Certus.Verify.Reports.Documents;
using Certus.Verify.Specs;

namespace Certus.Cli;

/// <summary>
/// <c>certus simulate SCENARIO</c>: runs a multi-agent navigation scenario with a policy and reports the field's
/// metrics; exit 0 when every agent is safe and at its goal, 1 when some agent collided, 2 when all are safe but
/// some did not arrive, 3 for bad input, 4 for an internal error.
/// </summary>
internal static class SimulateCommand
{
    public static Command Create()
    {
        var spec = new Argument<string>("scenario") { Description = "The navigation scenario (YAML, see docs/navigation.md)" };
        var policy = new Option<string?>("--policy") { Description = $"The policy: {string.Join(", ", PolicyFactory.Names)} (default: the scenario's 'policy:', else orca)" };
        var agents = new Option<int?>("--agents") { Description = "Override the number of agents" };
        var seed = new Option<int?>("--seed") { Description = "Override the scenario's seed (layout and jitter)" };
        var timeLimit = new Option<double?>("--time-limit") { Description = "Override the time limit in seconds" };
        var model = new Option<string?>("--model") { Description = "The MAD-PINN model file (default: the scenario's 'madpinn:'), or with --policy distilled the controller's NAME.policy.json", HelpName = "FILE" };
        var outDir = new Option<string?>("--out") { Description = "Write metrics.json, agents.csv, trajectories.png/.svg and animation.gif to this folder", HelpName = "DIR" };
        var noGif = new Option<bool>("--no-gif") { Description = "With --out: skip the animation" };
        var json = new Option<string?>("--json") { Description = "Write the metrics (with per-agent rows) as JSON to this file", HelpName = "FILE" };
        var jobs = new Option<int>("--jobs") { Description = "Cores to use (default: all; results do not depend on it)", DefaultValueFactory = _ => -1 };
        var command = new Command("simulate", "Simulate multi-agent navigation with a policy and report safety, success, cost, separation and compute time.\n\nExamples:\n  ./verify simulate specs/nav-circle-16.yaml --policy orca --out runs/circle16\n  ./verify simulate specs/nav-circle-16.yaml --policy cbf --agents 64 --json cbf64.json" + "\n\n" + ExitCodes.Summary)
        {
            spec, policy, agents, seed, timeLimit, model, outDir, noGif, json, jobs,
        };
        command.SetAction(parse => Run(
            new Request(parse.GetValue(spec)!, parse.GetValue(policy), parse.GetValue(agents), parse.GetValue(seed), parse.GetValue(timeLimit),
                parse.GetValue(model), parse.GetValue(outDir), !parse.GetValue(noGif), parse.GetValue(json), parse.GetValue(jobs)),
            parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));
        return command;
    }

    internal sealed record Request(string Spec, string? Policy, int? Agents, int? Seed, double? TimeLimit, string? Model, string? OutDirectory, bool Gif, string? Json, int Jobs);

    internal static int Run(Request request, TextWriter output, TextWriter error)
    {
        if (request.Agents is < 1 or > 100_000)
        {
            error.WriteLine($"error: --agents must be between 1 and 100000, got {request.Agents}.");
            return ExitCodes.BadInput;
        }

        if (request.TimeLimit is { } tl && !(tl > 0 && double.IsFinite(tl)))
        {
            error.WriteLine($"error: --time-limit must be a positive number of seconds, got {tl}.");
            return ExitCodes.BadInput;
        }

        if (request.Jobs == 0 || request.Jobs < -1)
        {
            error.WriteLine("error: --jobs must be positive (or -1 for all cores).");
            return ExitCodes.BadInput;
        }

        NavigationSpec spec;
        try
        {
            spec = NavigationSpecReader.Read(request.Spec, request.Agents, request.Seed);
        }
        catch (SpecException e)
        {
            error.WriteLine($"error: {e.Message}");
            return ExitCodes.BadInput;
        }

        string policyName = request.Policy ?? spec.Policy;
        INavigationPolicy policy;
        try
        {
            policy = PolicyFactory.Create(policyName, policyName == "distilled" ? request.Model : request.Model ?? spec.ModelPath);
        }
        catch (ArgumentException e)
        {
            error.WriteLine($"error: {e.Message}");
            return ExitCodes.BadInput;
        }

        NavigationScenario scenario = spec.Scenario;
        if (request.TimeLimit is { } limit)
        {
            scenario = scenario with { TimeLimit = limit };
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{spec.Name} ({request.Spec}): {scenario.Agents.Count} agents, {scenario.Dynamics.Kind}, policy {policy.Name}, step {scenario.TimeStep} s, limit {scenario.TimeLimit} s, seed {scenario.Seed}"));
        if (policy is Control.Distillation.DistilledPolicy distilled && scenario.SensingRadius < distilled.Layout.DummyDistance)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"note: the controller's view reaches {distilled.Layout.DummyDistance}, the scenario senses {scenario.SensingRadius}: neighbours beyond {scenario.SensingRadius} get the dummy (certify this loop with certify-policy --view-radius {scenario.SensingRadius})"));
        }

        int jobs = request.Jobs > 0 ? request.Jobs : 0;
        var progress = new Progress(error);
        NavigationResult result;
        try
        {
            result = MultiAgentSimulator.Run(scenario, policy, new NavigationOptions { Progress = progress, MaxDegreeOfParallelism = jobs, RecordEvery = scenario.Agents.Count > 2048 ? 0 : 1 });
        }
        catch (NotSupportedException e)
        {
            error.WriteLine($"error: {e.Message}");
            return ExitCodes.BadInput;
        }
        catch (InvalidOperationException e)
        {
            error.WriteLine($"error: {e.Message}");
            return ExitCodes.Violated;
        }
        finally
        {
            (policy as IDisposable)?.Dispose();
        }

        PrintSummary(result, output);
        string? modelPath = policyName is "madpinn" or "madpinn-raw" ? request.Model ?? spec.ModelPath : policyName == "distilled" ? request.Model : null;
        IReadOnlyList<InputFileHash> inputs = modelPath is null
            ? [InputFileHash.Of("scenario", request.Spec)]
            : [InputFileHash.Of("scenario", request.Spec), InputFileHash.Of("model", modelPath)];
        var options = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["--policy"] = policyName,
            ["--agents"] = request.Agents?.ToString(CultureInfo.InvariantCulture),
            ["--seed"] = request.Seed?.ToString(CultureInfo.InvariantCulture),
            ["--time-limit"] = request.TimeLimit?.ToString("R", CultureInfo.InvariantCulture),
            ["--model"] = request.Model,
            ["--jobs"] = request.Jobs > 0 ? request.Jobs.ToString(CultureInfo.InvariantCulture) : null,
        };
        try
        {
            if (request.Json is not null)
            {
                File.WriteAllText(request.Json, NavigationOutputs.ToJson(result, inputs, options));
                output.WriteLine($"metrics: {request.Json}");
            }

            if (request.OutDirectory is not null)
            {
                IReadOnlyList<string> files = NavigationOutputs.WriteAll(result, request.OutDirectory, request.Gif, inputs, options);
                output.WriteLine($"wrote {string.Join(", ", files)} to {request.OutDirectory}");
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            error.WriteLine($"error: cannot write the outputs ({e.Message}).");
            return ExitCodes.BadInput;
        }

        NavigationMetrics m = result.Metrics;
        return m.SafetyRate < 1 ? ExitCodes.Violated : m.GoalRate < 1 ? ExitCodes.Unknown : ExitCodes.Ok;
    }

    internal static void PrintSummary(NavigationResult result, TextWriter output)
    {
        NavigationMetrics m = result.Metrics;
        string F(double v, string format) => double.IsFinite(v) ? v.ToString(format, CultureInfo.InvariantCulture) : "-";
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  safety rate      {m.SafetyRate:P1}  ({m.AgentCount - (int)Math.Round(m.SafetyRate * m.AgentCount)} agents collided, {m.CollidingPairs} pairs; tolerance {result.Scenario.CollisionTolerance})"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  goal rate        {m.GoalRate:P1}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  success rate     {m.SuccessRate:P1}"));
        output.WriteLine($"  cumulative cost  {F(m.MeanCumulativeCost, "F3")} (mean over agents of the integrated distance to the goal)");
        output.WriteLine($"  min separation   {F(m.MinSeparation, "F4")} (smallest gap between two bodies; negative = overlap)");
        if (result.Scenario.Obstacles.Count > 0 || result.Scenario.Workspace is not null)
        {
            output.WriteLine($"  min clearance    {F(m.MinObstacleClearance, "F4")} (to obstacles and the boundary)");
        }

        output.WriteLine($"  makespan         {F(m.Makespan, "F2")} s (simulated {F(m.SimulatedTime, "F2")} s, {m.Steps} steps)");
        output.WriteLine($"  path length      {F(m.MeanPathLength, "F3")} (mean)");
        output.WriteLine($"  compute          policy {F(m.PolicyMillisecondsPerStepMedian, "F3")} ms/step median ({F(m.PolicyMillisecondsPerStepMean, "F3")} mean, {F(m.PolicyMillisecondsPerStepMax, "F3")} max); whole step {F(m.StepMillisecondsMedian, "F3")} ms median");
        if (m.InvalidControls > 0)
        {
            output.WriteLine($"  warning: the policy returned {m.InvalidControls} non-finite controls (held at the box centre)");
        }
    }

    /// <summary>Plain progress lines on stderr, about every 10 % of the time limit.</summary>
    private sealed class Progress(TextWriter error) : IProgress<NavigationProgress>
    {
        private int _lastTenth = -1;

        public void Report(NavigationProgress value)
        {
            int tenth = (int)(10 * value.Time / value.TimeLimit);
            if (tenth != _lastTenth)
            {
                _lastTenth = tenth;
                error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  t = {value.Time:F2} s: {value.AtGoal} at goal, {value.Collided} collided"));
            }
        }
    }
}
