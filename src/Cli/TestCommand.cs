using System.CommandLine;
using System.Globalization;
using Certus.Sim.ClosedLoop;
using Certus.Testing;
using Certus.Verify;
using Certus.Verify.Reports.Documents;
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
            $"{s.Name} ({specPath}): {suite.Properties.Count} propert{(suite.Properties.Count == 1 ? "y" : "ies")}, {s.System.States.Count} states, {(s.System.IsDiscrete ? $"{s.Horizon} discrete steps" : $"{s.Horizon} periods of {s.Controller.Period} s")}; {runs} runs"));
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
                File.WriteAllText(jsonPath, ToJson(result, specPath, new Dictionary<string, string?>(StringComparer.Ordinal)
                {
                    ["runs"] = runs.ToString(CultureInfo.InvariantCulture),
                    ["seed"] = result.Seed.ToString(CultureInfo.InvariantCulture),
                    ["jobs"] = jobs.ToString(CultureInfo.InvariantCulture),
                }));
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

    internal static string ToJson(ControllerCheckResult result, string specPath, IReadOnlyDictionary<string, string?>? options = null)
    {
        ControllerSuite suite = result.Suite;
        IReadOnlyList<string> states = suite.Spec.System.States;
        Dictionary<string, double> Named(IReadOnlyList<double> x) => states.Select((n, i) => (n, i)).ToDictionary(p => p.n, p => x[p.i], StringComparer.Ordinal);
        TestCaseDocument Case(ClosedLoopCase c, CaseOutcome o) => new(Named(c.InitialState), [.. c.Disturbances], c.Periods, o.Property?.Name, o.Margin, o.Time);
        Trajectory? trace = result.ShrunkTrajectory;
        IReadOnlyList<InputFileHash> inputs = InputFileHash.OfSpec(specPath, suite.Spec.NetworkPaths);

        var document = new TestDocument
        {
            Inputs = inputs,
            Options = DocumentOptions.WithValues(options),
            Passed = result.Passed,
            Spec = specPath,
            Name = suite.Spec.Name,
            Runs = result.Runs,
            Failed = result.Failed,
            Seed = result.Seed,
            Seconds = result.Elapsed.TotalSeconds,
            States = states,
            Properties = [.. suite.Properties.Select((p, i) => new TestPropertyDocument(p.Name, result.FailedByProperty[i]))],
            Counterexample = result.Counterexample is { } c
                ? new TestCounterexampleDocument(result.FirstFailingRun ?? 0, Case(c, result.CounterexampleOutcome!), Case(result.Shrink!.Case, result.Shrink.Outcome), result.Shrink.Steps, result.Shrink.Simulations)
                : null,
            Trace = trace is null ? null : [.. Enumerable.Range(0, trace.Periods + 1).Select(k => new TracePointDocument(trace.Time(trace.SamplingIndex(k)), Named(trace.SampledState(k).ToArray())))],
        };
        return Documents.Serialize(document);
    }

    private sealed class LineProgress(Action<CheckProgress> report) : IProgress<CheckProgress>
    {
        public void Report(CheckProgress value) => report(value);
    }
}
