using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Certus.Sim.ClosedLoop;
using Certus.Testing;
using Certus.Verify;
using Certus.Verify.Specs;

namespace Certus.Cli;

/// <summary><c>certus test SPEC</c>: property-based testing of a spec's properties on random simulated runs, the first
/// failure shrunk to a minimal counterexample; exit 0 when every run passes, 1 when one fails, 3 for bad input, 4 for an internal error.</summary>
internal static class TestCommand
{
    public static Command Create()
    {
        var spec = new Argument<string>("spec") { Description = "The spec file (YAML, see docs/specs.md); its properties are checked on random runs" };
        var runs = new Option<int>("--runs") { Description = "Random runs (initial state and disturbances drawn from the spec's sets; default 1000)", DefaultValueFactory = _ => 1000 };
        var seed = new Option<int?>("--seed") { Description = "Seed of the runs (default: a fresh one, printed); the same seed replays the same counterexample" };
        var json = new Option<string?>("--json") { Description = "Write the result (counts, counterexample as found and shrunk, trace) as JSON to this file", HelpName = "FILE" };
        var jobs = new Option<int>("--jobs") { Description = "Cores to use (default: all; results do not depend on it)", DefaultValueFactory = _ => -1 };
        var command = new Command("test", "Property-based test of a controller: simulate random runs of the spec, check its properties on each, shrink the first failure to a minimal counterexample.\n\nExamples:\n  ./verify test specs/acc.yaml --runs 1000 --seed 12345\n  ./verify test specs/single-pendulum-2020.yaml --json result.json" + "\n\n" + ExitCodes.Summary)
        {
            spec, runs, seed, json, jobs,
        };
        command.SetAction(parse => Run(
            parse.GetValue(spec)!, parse.GetValue(runs), parse.GetValue(seed), parse.GetValue(json), parse.GetValue(jobs),
            parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));
        return command;
    }

    internal static int Run(string specPath, int runs, int? seed, string? jsonPath, int jobs, TextWriter output, TextWriter error)
    {
        if (runs < 1)
        {
            error.WriteLine($"error: --runs must be at least 1, got {runs}.");
            return ExitCodes.BadInput;
        }

        if (jobs == 0 || jobs < -1)
        {
            error.WriteLine("error: --jobs must be positive (or -1 for all cores).");
            return ExitCodes.BadInput;
        }

        ControllerSuite suite;
        try
        {
            suite = ControllerSuite.FromSpec(specPath);
        }
        catch (SpecException e)
        {
            error.WriteLine($"error: {e.Message}");
            return ExitCodes.BadInput;
        }

        CertificationSpec s = suite.Spec;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{s.Name} ({specPath}): {suite.Properties.Count} propert{(suite.Properties.Count == 1 ? "y" : "ies")}, {s.System.States.Count} states, {s.Horizon} periods of {s.Controller.Period} s; {runs} runs"));
        int lastTenth = -1;
        var progress = new LineProgress(p =>
        {
            int tenth = p.Done * 10 / p.Total;
            if (tenth != lastTenth)
            {
                lastTenth = tenth;
                error.WriteLine($"  {p.Done}/{p.Total} runs, {p.Failed} failed");
            }
        });
        ControllerCheckResult result = suite.Check(new ControllerCheckOptions { Runs = runs, Seed = seed, Jobs = jobs }, progress);
        output.Write(result.Report);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"time: {result.Elapsed.TotalSeconds:F2} s ({result.Runs / Math.Max(result.Elapsed.TotalSeconds, 1e-9):F0} runs/s{(result.Shrink is { } sh ? $", shrinking {sh.Simulations} simulations" : string.Empty)})"));
        if (jsonPath is not null)
        {
            try
            {
                File.WriteAllText(jsonPath, ToJson(result, specPath));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                error.WriteLine($"error: cannot write {jsonPath}: {e.Message}");
                return ExitCodes.BadInput;
            }
        }

        int failedProperties = result.FailedByProperty.Count(n => n > 0);
        output.WriteLine($"{suite.Properties.Count - failedProperties} passed, {failedProperties} failed");
        return result.Passed ? ExitCodes.Ok : ExitCodes.Violated;
    }

    internal static string ToJson(ControllerCheckResult result, string specPath)
    {
        static object Case(ClosedLoopCase c, CaseOutcome o) => new
        {
            initial_state = c.InitialState,
            disturbances = c.Disturbances,
            periods = c.Periods,
            property = o.Property?.Name,
            margin = JsonNumbers.Of(o.Margin),
            time = o.Time,
        };
        ControllerSuite suite = result.Suite;
        Trajectory? trace = result.ShrunkTrajectory;
        var document = new
        {
            passed = result.Passed,
            spec = specPath,
            name = suite.Spec.Name,
            runs = result.Runs,
            failed = result.Failed,
            seed = result.Seed,
            seconds = result.Elapsed.TotalSeconds,
            states = suite.Spec.System.States,
            properties = suite.Properties.Select((p, i) => new { name = p.Name, failed_runs = result.FailedByProperty[i] }),
            counterexample = result.Counterexample is { } c ? new { run = result.FirstFailingRun, found = Case(c, result.CounterexampleOutcome!), shrunk = Case(result.Shrink!.Case, result.Shrink.Outcome), shrink_steps = result.Shrink.Steps, shrink_simulations = result.Shrink.Simulations } : null,
            trace = trace is null ? null : Enumerable.Range(0, trace.Periods + 1).Select(k => new { t = trace.Time(trace.SamplingIndex(k)), x = trace.SampledState(k).ToArray() }),
        };
        return JsonSerializer.Serialize(document, new JsonSerializerOptions { WriteIndented = true });
    }

    private sealed class LineProgress(Action<CheckProgress> report) : IProgress<CheckProgress>
    {
        public void Report(CheckProgress value) => report(value);
    }
}
