using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Certus.Verify;
using Certus.Verify.Certification;
using Certus.Verify.Fuzz;
using Certus.Verify.Navigation;
using Certus.Verify.Specs;
using Spectre.Console;

namespace Certus.Cli;

/// <summary><c>certus bench</c>: certifies every spec in a folder (default <c>specs/</c>) and prints one row each.</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var folder = new Option<string>("--specs") { Description = "Folder of spec files", DefaultValueFactory = _ => "specs" };
        var json = new Option<string?>("--json") { Description = "Write the rows as JSON to this file" };
        var timeout = new Option<double>("--timeout") { Description = "Proof budget per spec in seconds", DefaultValueFactory = _ => 60 };
        var cells = new Option<int>("--max-cells") { Description = "Largest partition per spec", DefaultValueFactory = _ => 1024 };
        var suite = new Option<string>("--suite") { Description = "certify (every spec under --specs), navigation (policies side by side and step-time scaling), all (both), fuzz (mutated inputs through every loader), or vnnlib (20 generated 6x50 ReLU networks with box properties, see docs/vnnlib.md)", DefaultValueFactory = _ => "certify" };
        var cases = new Option<int>("--cases") { Description = "Fuzz suite: number of mutated inputs", DefaultValueFactory = _ => 100_000 };
        var fuzzSeed = new Option<int>("--seed") { Description = "Fuzz suite: seed of the mutations", DefaultValueFactory = _ => 1 };
        var scenario = new Option<string>("--scenario") { Description = "Navigation suite: the scenario file", DefaultValueFactory = _ => "specs/nav-circle-16.yaml" };
        var policies = new Option<string>("--policies") { Description = "Navigation suite: comma-separated policies (madpinn only when the scenario names a model)", DefaultValueFactory = _ => "go-to-goal,cbf,cbf-rh,orca,madpinn" };
        var agents = new Option<string>("--agents") { Description = "Navigation suite: comma-separated agent counts", DefaultValueFactory = _ => "16,64,256" };
        var seeds = new Option<int>("--seeds") { Description = "Navigation suite: seeds per row", DefaultValueFactory = _ => 3 };
        var scaling = new Option<string>("--scaling") { Description = "Navigation suite: agent counts of the step-time scaling runs (empty to skip)", DefaultValueFactory = _ => "64,256,1024" };
        var limit = new Option<double?>("--time-limit") { Description = "Navigation suite: override the scenario's time limit" };
        var jobs = new Option<int>("--jobs") { Description = "VNN-LIB suite: worker threads per instance", DefaultValueFactory = _ => 1 };
        var command = new Command("bench", "Benchmarks. certify: certify every spec under a folder (spec, verdict, seconds, cells, margin). navigation: every policy on a scenario at several N and seeds (safety, success, cost, separation, compute) and the step-time scaling exponent.\n\nExamples:\n  ./verify bench --json bench.json\n  ./verify bench --suite navigation --agents 16,64 --seeds 2\n  ./verify bench --suite fuzz --cases 100000" + "\n\n" + ExitCodes.Summary)
        {
            folder, json, timeout, cells, suite, scenario, policies, agents, seeds, scaling, limit, cases, fuzzSeed, jobs,
        };
        command.SetAction(parse =>
        {
            string which = parse.GetValue(suite)!;
            TextWriter output = parse.InvocationConfiguration.Output, error = parse.InvocationConfiguration.Error;
            if (which is not ("certify" or "navigation" or "all" or "fuzz" or "vnnlib"))
            {
                error.WriteLine($"error: --suite must be certify, navigation, all, fuzz or vnnlib, got '{which}'.");
                return ExitCodes.BadInput;
            }

            if (which == "vnnlib")
            {
                return VnnlibCommand.RunBenchmark(parse.GetValue(timeout), parse.GetValue(jobs), output, error);
            }

            if (which == "fuzz")
            {
                return RunFuzz(parse.GetValue(folder)!, parse.GetValue(cases), parse.GetValue(fuzzSeed), parse.GetValue(json), output, error);
            }

            int code = ExitCodes.Ok;
            if (which is "certify" or "all")
            {
                code = Run(parse.GetValue(folder)!, which == "all" ? null : parse.GetValue(json), parse.GetValue(timeout), parse.GetValue(cells), output, error);
            }

            if (which is "navigation" or "all")
            {
                int nav = RunNavigation(parse.GetValue(scenario)!, parse.GetValue(policies)!, parse.GetValue(agents)!, parse.GetValue(seeds), parse.GetValue(scaling)!, parse.GetValue(limit), parse.GetValue(json), output, error);
                code = Math.Max(code, nav);
            }

            return code;
        });
        return command;
    }

    // Mutated inputs through every loader in-process: exit 0 when every case loaded or was rejected the documented way.
    internal static int RunFuzz(string folder, int cases, int seed, string? jsonPath, TextWriter output, TextWriter error)
    {
        if (cases < 1 || !Directory.Exists(folder))
        {
            error.WriteLine($"error: --cases must be at least 1 and --specs a folder of shipped files ({folder}).");
            return ExitCodes.BadInput;
        }

        error.WriteLine($"fuzzing {cases} mutated inputs (seed {seed}) from the files under {folder} ...");
        FuzzReport r = InputFuzzer.Run(new FuzzOptions { Cases = cases, Seed = seed, SpecsFolder = folder }, line => error.WriteLine(line));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"fuzz: {r.Cases} cases in {r.Elapsed.TotalSeconds:F1} s ({r.CasesPerSecond:F0} cases/s): {r.Loaded} loaded, {r.Rejected} rejected with a message, {r.Crashes.Count} crashes, {r.Hangs.Count} hangs"));
        output.WriteLine("  by loader: " + string.Join(", ", r.CasesByTarget.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key} {kv.Value}")));
        foreach (FuzzFailure f in r.Crashes.Concat(r.Hangs).Take(20))
        {
            output.WriteLine($"  case {f.Index} ({f.Target}, {f.Seed}: {f.Mutations}): {f.Kind}: {f.Detail}");
        }

        if (jsonPath is not null)
        {
            File.WriteAllText(jsonPath, JsonSerializer.Serialize(new { cases = r.Cases, seconds = r.Elapsed.TotalSeconds, cases_per_second = r.CasesPerSecond, loaded = r.Loaded, rejected = r.Rejected, crashes = r.Crashes, hangs = r.Hangs, by_target = r.CasesByTarget.ToDictionary(kv => kv.Key.ToString(), kv => kv.Value) }, new JsonSerializerOptions { WriteIndented = true }));
        }

        return r.Crashes.Count + r.Hangs.Count == 0 ? ExitCodes.Ok : ExitCodes.Violated;
    }

    internal static int RunNavigation(string scenarioPath, string policyList, string agentList, int seeds, string scalingList, double? timeLimit, string? jsonPath, TextWriter output, TextWriter error)
    {
        string[] policies = [.. policyList.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
        if (!TryCounts(agentList, out int[] counts) || counts.Length == 0 || !TryCounts(scalingList, out int[] scaleCounts) || seeds < 1)
        {
            error.WriteLine("error: --agents and --scaling take comma-separated counts from 1 to 100000, and --seeds must be at least 1.");
            return ExitCodes.BadInput;
        }

        if (policies.FirstOrDefault(p => !PolicyFactory.Names.Contains(p)) is { } unknown)
        {
            error.WriteLine($"error: unknown policy '{unknown}'; expected some of {string.Join(", ", PolicyFactory.Names)}.");
            return ExitCodes.BadInput;
        }

        NavigationSpec spec;
        try
        {
            spec = NavigationSpecReader.Read(scenarioPath);
        }
        catch (SpecException e)
        {
            error.WriteLine($"error: {e.Message}");
            return ExitCodes.BadInput;
        }

        if (spec.ModelPath is null && policies.Contains("madpinn"))
        {
            error.WriteLine($"note: {scenarioPath} names no MAD-PINN model ('madpinn:'); the madpinn policy is left out.");
            policies = [.. policies.Where(p => p != "madpinn")];
        }

        IReadOnlyList<NavigationBenchRow> rows;
        IReadOnlyList<ScalingRow> scale;
        try
        {
            rows = NavigationBench.Compare(scenarioPath, policies, counts, seeds, timeLimit, line => error.WriteLine(line));
            scale = scaleCounts.Length == 0 ? [] : NavigationBench.Scaling(scenarioPath, policies, scaleCounts, 100, line => error.WriteLine(line));
        }
        catch (Exception e) when (e is SpecException or ArgumentException or NotSupportedException)
        {
            error.WriteLine($"error: {e.Message}");
            return ExitCodes.BadInput;
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
        console.Profile.Width = Math.Max(console.Profile.Width, 160);
        string F(double v, string f) => double.IsFinite(v) ? v.ToString(f, CultureInfo.InvariantCulture) : "-";
        var table = new Table().AddColumns("scenario", "N", "policy", "safety", "worst seed", "success", "cost", "min sep.", "policy ms/step", "step ms", "makespan s");
        foreach (var r in rows)
        {
            table.AddRow(Markup.Escape(r.Scenario), r.Agents.ToString(CultureInfo.InvariantCulture), r.Policy, F(100 * r.SafetyRate, "F1") + " %", F(100 * r.WorstSafetyRate, "F1") + " %",
                F(100 * r.SuccessRate, "F1") + " %", F(r.MeanCumulativeCost, "F2"), F(r.MinSeparation, "F4"), F(r.PolicyMillisecondsPerStep, "F3"), F(r.StepMilliseconds, "F3"), F(r.Makespan, "F2"));
        }

        console.Write(table);
        if (scale.Count > 0)
        {
            var st = new Table().AddColumns(["policy", .. scaleCounts.Select(n => $"N={n} step ms"), "exponent k (time ∝ N^k)"]);
            foreach (var s in scale)
            {
                st.AddRow([s.Policy, .. s.StepMilliseconds.Select(v => F(v, "F3")), F(s.Exponent, "F2")]);
            }

            console.Write(st);
        }

        if (jsonPath is not null)
        {
            File.WriteAllText(jsonPath, JsonSerializer.Serialize(new { navigation = rows, scaling = scale }, new JsonSerializerOptions { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals }));
        }

        return ExitCodes.Ok;
    }

    private static bool TryCounts(string list, out int[] counts)
    {
        var parsed = new List<int>();
        foreach (string part in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) || n < 1 || n > 100_000)
            {
                counts = [];
                return false;
            }

            parsed.Add(n);
        }

        counts = [.. parsed];
        return true;
    }

    internal static int Run(string folder, string? jsonPath, double timeout, int maxCells, TextWriter output, TextWriter error)
    {
        if (!Directory.Exists(folder))
        {
            error.WriteLine($"error: no folder '{folder}'.");
            return ExitCodes.BadInput;
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
        console.Profile.Width = Math.Max(console.Profile.Width, 140);
        var table = new Table().AddColumns("spec", "verdict", "seconds", "cells", "smallest margin");
        var rows = new List<object>();
        int worst = ExitCodes.Ok;
        foreach (string file in Directory.GetFiles(folder, "*.yaml").Where(f => !NavigationSpecReader.IsNavigationSpec(f)).Order(StringComparer.Ordinal))
        {
            error.WriteLine($"certifying {file} ...");
            try
            {
                if (SpecReader.IsNetworkSpec(file))
                {
                    NetworkSpec ns = SpecReader.ReadNetwork(file);
                    NetworkCertificationResult nr = NetworkCertifier.Certify(ns, maxCells * 100);
                    double nm = nr.Properties.Min(p => p.Margin);
                    table.AddRow(Markup.Escape(ns.Name), nr.Verdict.ToString().ToUpperInvariant(), nr.Elapsed.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture),
                        nr.Cells.ToString(CultureInfo.InvariantCulture), nm.ToString("G6", CultureInfo.InvariantCulture));
                    rows.Add(new { spec = file, name = ns.Name, verdict = nr.Verdict.ToString().ToLowerInvariant(), seconds = nr.Elapsed.TotalSeconds, cells = nr.Cells, margin = JsonNumbers.Of(nm) });
                    continue;
                }

                CertificationSpec spec = SpecReader.Read(file);
                CertificationResult r = Certifier.Certify(spec, new CertifyOptions { Timeout = TimeSpan.FromSeconds(timeout), MaxCells = maxCells });
                double margin = r.Properties.Min(p => p.Margin);
                table.AddRow(Markup.Escape(spec.Name), r.Verdict.ToString().ToUpperInvariant(), r.Elapsed.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture),
                    r.Cells.ToString(CultureInfo.InvariantCulture), margin.ToString("G6", CultureInfo.InvariantCulture));
                rows.Add(new { spec = file, name = spec.Name, verdict = r.Verdict.ToString().ToLowerInvariant(), seconds = r.Elapsed.TotalSeconds, cells = r.Cells, margin = JsonNumbers.Of(margin) });
            }
            catch (SpecException e)
            {
                table.AddRow(Markup.Escape(Path.GetFileName(file)), "BAD INPUT", "-", "-", Markup.Escape(e.Message));
                rows.Add(new { spec = file, verdict = "bad-input", error = e.Message });
                worst = ExitCodes.BadInput;
            }
        }

        console.Write(table);
        if (jsonPath is not null)
        {
            File.WriteAllText(jsonPath, JsonSerializer.Serialize(rows, new JsonSerializerOptions { WriteIndented = true }));
        }

        return worst;
    }
}
