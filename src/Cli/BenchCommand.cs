using System.CommandLine;
using System.Globalization;
using Certus.Core.Numerics;
using Certus.Core.Sets;
using Certus.Verify;
using Certus.Verify.Certification;
using Certus.Verify.Certification.Sharding;
using Certus.Verify.Fuzz;
using Certus.Verify.Navigation;
using Certus.Verify.Reports;
using Certus.Verify.Reports.Documents;
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
        var suite = new Option<string>("--suite") { Description = "certify (every spec under --specs), navigation (policies side by side and step-time scaling), all (both), fuzz (mutated inputs through every loader), shard (a sharded run of --spec: time per shard and merge beside one machine), or vnnlib (20 generated 6x50 ReLU networks with box properties, see docs/vnnlib.md)", DefaultValueFactory = _ => "certify" };
        var cases = new Option<int>("--cases") { Description = "Fuzz suite: number of mutated inputs", DefaultValueFactory = _ => 100_000 };
        var fuzzSeed = new Option<int>("--seed") { Description = "Fuzz suite: seed of the mutations", DefaultValueFactory = _ => 1 };
        var scenario = new Option<string>("--scenario") { Description = "Navigation suite: the scenario file", DefaultValueFactory = _ => "specs/nav-circle-16.yaml" };
        var policies = new Option<string>("--policies") { Description = "Navigation suite: comma-separated policies (madpinn only when the scenario names a model)", DefaultValueFactory = _ => "go-to-goal,cbf,cbf-rh,orca,madpinn" };
        var agents = new Option<string>("--agents") { Description = "Navigation suite: comma-separated agent counts", DefaultValueFactory = _ => "16,64,256" };
        var seeds = new Option<int>("--seeds") { Description = "Navigation suite: seeds per row", DefaultValueFactory = _ => 3 };
        var scaling = new Option<string>("--scaling") { Description = "Navigation suite: agent counts of the step-time scaling runs (empty to skip)", DefaultValueFactory = _ => "64,256,1024" };
        var limit = new Option<double?>("--time-limit") { Description = "Navigation suite: override the scenario's time limit" };
        var distilled = new Option<string?>("--distilled") { Description = "Navigation suite: the distilled controller (NAME.policy.json) for the 'distilled' policy", HelpName = "FILE" };
        var shardSpec = new Option<string?>("--spec") { Description = "Shard suite: the spec to shard (required for --suite shard)", HelpName = "SPEC" };
        var shards = new Option<int>("--shards") { Description = "Shard suite: the number of shards", DefaultValueFactory = _ => 4 };
        var jobs = new Option<int>("--jobs") { Description = "VNN-LIB suite: worker threads per instance", DefaultValueFactory = _ => 1 };
        var benchShard = new Option<string?>("--shard") { Description = "Certify suite: run only shard K of N of the spec list (positions i with i mod N = K), K/N or auto (SLURM_ARRAY_TASK_ID/COUNT); merge the --json parts with 'bench merge'", HelpName = "K/N" };
        var inProcess = new Option<bool>("--in-process") { Description = "Certify suite: certify in this process (default: one 'certus certify' child process per spec, timed from start to exit with its peak memory)" };
        var command = new Command("bench", "Benchmarks. certify: certify every spec under a folder (spec, verdict, seconds, cells, margin). navigation: every policy on a scenario at several N and seeds (safety, success, cost, separation, compute) and the step-time scaling exponent.\n\nExamples:\n  ./verify bench --json bench.json\n  ./verify bench --suite navigation --agents 16,64 --seeds 2\n  ./verify bench --suite fuzz --cases 100000\n  ./verify bench --suite shard --spec specs/tora.yaml --shards 4\n  ./verify bench --suite vnnlib --timeout 20 --jobs 2" + "\n\n" + ExitCodes.Summary)
        {
            folder, json, timeout, cells, suite, scenario, policies, agents, seeds, scaling, limit, distilled, cases, fuzzSeed, inProcess, shardSpec, shards, jobs, benchShard,
        };
        command.Subcommands.Add(CreateMerge());
        command.SetAction(parse =>
        {
            if (parse.GetValue(suite) == "vnnlib")
            {
                return VnnlibCommand.RunBenchmark(parse.GetValue(timeout), parse.GetValue(jobs), parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error);
            }

            if (parse.GetValue(suite) == "shard")
            {
                if (parse.GetValue(shardSpec) is not { } sharded)
                {
                    parse.InvocationConfiguration.Error.WriteLine("error: --suite shard needs --spec SPEC, the spec to shard (e.g. --spec specs/tora.yaml).");
                    return ExitCodes.BadInput;
                }

                return ShardBench.Run(sharded, parse.GetValue(shards), parse.GetValue(timeout), parse.GetValue(cells), parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error);
            }

            var given = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (Option o in parse.CommandResult.Command.Options)
            {
                if (parse.GetResult(o) is { Implicit: false, Tokens.Count: > 0 } r && o.Name != "--json")
                {
                    given[o.Name] = string.Join(' ', r.Tokens.Select(t => t.Value));
                }
            }

            ShardSelection? selection = null;
            if (parse.GetValue(benchShard) is { } shardText)
            {
                selection = ShardSelection.TryParse(shardText, null, null, out string? why);
                if (selection is null || parse.GetValue(suite) != "certify" || parse.GetValue(json) is null)
                {
                    parse.InvocationConfiguration.Error.WriteLine($"error: --shard {(selection is null ? why : "shards the certify suite and needs --json FILE for the part")}.");
                    return ExitCodes.BadInput;
                }
            }

            var request = new Request
            {
                Shard = selection,
                Suite = parse.GetValue(suite)!, Specs = parse.GetValue(folder)!, Json = parse.GetValue(json), Timeout = parse.GetValue(timeout),
                MaxCells = parse.GetValue(cells), Scenario = parse.GetValue(scenario)!, Policies = parse.GetValue(policies)!, Agents = parse.GetValue(agents)!,
                Seeds = parse.GetValue(seeds), Scaling = parse.GetValue(scaling)!, TimeLimit = parse.GetValue(limit), Distilled = parse.GetValue(distilled), Cases = parse.GetValue(cases),
                FuzzSeed = parse.GetValue(fuzzSeed), InProcess = parse.GetValue(inProcess), GivenOptions = given,
            };
            return Run(request, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error);
        });
        return command;
    }

    private static Command CreateMerge()
    {
        var parts = new Argument<string[]>("parts") { Description = "The --json parts of a sharded certify suite (bench --shard K/N)", Arity = ArgumentArity.OneOrMore };
        var json = new Option<string?>("--json") { Description = "Write the merged bench document to this file" };
        var merge = new Command("merge", "Merge the parts of a sharded certify suite: checks that they come from the same tool and spec list, one part per shard, each holding exactly its share, then prints the usual table.\n\nExample:\n  ./verify bench merge part-*.json --json bench.json" + "\n\n" + ExitCodes.Summary) { parts, json };
        merge.SetAction(parse => Merge(parse.GetValue(parts)!, parse.GetValue(json), parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));
        return merge;
    }

    /// <summary><c>bench merge</c>: every part checked before the table; any problem is exit 3 naming the file.</summary>
    internal static int Merge(IReadOnlyList<string> paths, string? jsonPath, TextWriter output, TextWriter error)
    {
        var docs = new List<(string Path, BenchDocument Doc)>();
        foreach (string path in paths)
        {
            try
            {
                BenchDocument? d = System.Text.Json.JsonSerializer.Deserialize<BenchDocument>(Core.IO.InputFile.ReadText(path, 64 << 20), Documents.Options);
                if (d is null || d.ShardCount is not { } n || d.ShardIndex is not { } k || n < 1 || k < 0 || k >= n || d.AllSpecs.Count == 0)
                {
                    error.WriteLine($"error: {path}: not a part of a sharded bench run (no shard_index, shard_count and all_specs).");
                    return ExitCodes.BadInput;
                }

                docs.Add((path, d));
            }
            catch (Exception e) when (e is System.Text.Json.JsonException or IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException or InvalidOperationException)
            {
                error.WriteLine($"error: {path}: cannot read a bench part ({e.Message}); truncated or not a bench --json document?");
                return ExitCodes.BadInput;
            }
        }

        BenchDocument first = docs[0].Doc;
        string Key(IReadOnlyList<InputFileHash> specs) => string.Join("\n", specs.Select(s => $"{s.Path} {s.Sha256}"));
        foreach ((string path, BenchDocument d) in docs)
        {
            if (d.ToolVersion != first.ToolVersion || d.ShardCount != first.ShardCount || Key(d.AllSpecs) != Key(first.AllSpecs))
            {
                error.WriteLine($"error: {path}: from another run than {docs[0].Path} (tool version, shard count or spec list and hashes differ).");
                return ExitCodes.BadInput;
            }

            string[] share = [.. d.AllSpecs.Where((_, i) => i % d.ShardCount!.Value == d.ShardIndex!.Value).Select(s => s.Path)];
            if (!share.SequenceEqual(d.Certify.Select(r => r.Spec)))
            {
                error.WriteLine($"error: {path}: shard {d.ShardIndex}/{d.ShardCount} should hold exactly {string.Join(", ", share)}; it holds {string.Join(", ", d.Certify.Select(r => r.Spec))}.");
                return ExitCodes.BadInput;
            }
        }

        int count = first.ShardCount!.Value;
        var byShard = new BenchDocument?[count];
        foreach ((string path, BenchDocument d) in docs)
        {
            int k = d.ShardIndex!.Value;
            if (byShard[k] is { } other && !other.Certify.SequenceEqual(d.Certify))
            {
                error.WriteLine($"error: {path}: a second part for shard {k}/{count} that disagrees with the first.");
                return ExitCodes.BadInput;
            }

            byShard[k] = d;
        }

        int missing = Array.FindIndex(byShard, d => d is null);
        if (missing >= 0)
        {
            error.WriteLine($"error: no part for shard {missing}/{count}: every shard 0 to {count - 1} is needed.");
            return ExitCodes.BadInput;
        }

        var rows = first.AllSpecs.Select((s, i) => byShard[i % count]!.Certify.First(r => r.Spec == s.Path)).ToList();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
        console.Profile.Width = Math.Max(console.Profile.Width, 140);
        var table = new Table().AddColumns("spec", "verdict", "proof s", "process s", "peak MB", "cells", "smallest margin");
        static string F(double? v, string f) => v is { } x && double.IsFinite(x) ? x.ToString(f, CultureInfo.InvariantCulture) : "-";
        foreach (BenchSpecRowDocument r in rows)
        {
            table.AddRow(Markup.Escape(r.Name ?? Path.GetFileName(r.Spec)), r.Verdict.ToUpperInvariant(), F(r.Seconds, "F2"), F(r.ProcessSeconds, "F2"), F(r.PeakMemoryMb, "F0"),
                r.Cells?.ToString(CultureInfo.InvariantCulture) ?? "-", r.Error is { } e ? Markup.Escape(e) : F(r.Margin.Value, "G6"));
        }

        console.Write(table);
        output.WriteLine($"merged {count} shard(s): {rows.Count} spec(s), slowest shard {docs.Max(d => d.Doc.Certify.Sum(r => r.ProcessSeconds ?? r.Seconds ?? 0)).ToString("F2", CultureInfo.InvariantCulture)} s of certification");
        if (jsonPath is not null)
        {
            File.WriteAllText(jsonPath, Documents.Serialize(new BenchDocument { Suite = "certify", Inputs = first.AllSpecs, Certify = rows, Options = first.Options }));
        }

        return rows.Any(r => r.Verdict == "bad-input") ? ExitCodes.BadInput : ExitCodes.Ok;
    }

    /// <summary>What a bench run was asked (the command's options).</summary>
    internal sealed record Request
    {
        public string Suite { get; init; } = "certify";

        public string Specs { get; init; } = "specs";

        public string? Json { get; init; }

        public double Timeout { get; init; } = 60;

        public int MaxCells { get; init; } = 1024;

        public string Scenario { get; init; } = "specs/nav-circle-16.yaml";

        public string Policies { get; init; } = "go-to-goal,cbf,cbf-rh,orca,madpinn";

        public string? Distilled { get; init; }

        public string Agents { get; init; } = "16,64,256";

        public int Seeds { get; init; } = 3;

        public string Scaling { get; init; } = "64,256,1024";

        public double? TimeLimit { get; init; }

        public int Cases { get; init; } = 100_000;

        public int FuzzSeed { get; init; } = 1;

        /// <summary>Certify suite: run only this shard of the spec list (merge the parts with <c>bench merge</c>).</summary>
        public ShardSelection? Shard { get; init; }

        /// <summary>Certify suite: certify in this process instead of one child process per spec (no process time or memory).</summary>
        public bool InProcess { get; init; }

        /// <summary>The options given on the command line (for the document's header).</summary>
        public IReadOnlyDictionary<string, string?> GivenOptions { get; init; } = new Dictionary<string, string?>();
    }

    /// <summary>Runs the suites asked for, prints their tables and writes the bench document when asked.</summary>
    internal static int Run(Request request, TextWriter output, TextWriter error)
    {
        string which = request.Suite;
        if (which is not ("certify" or "navigation" or "all" or "fuzz"))
        {
            error.WriteLine($"error: --suite must be certify, navigation, all, fuzz, shard or vnnlib, got '{which}'.");
            return ExitCodes.BadInput;
        }

        var options = new Dictionary<string, string?>(request.GivenOptions, StringComparer.Ordinal) { ["--suite"] = which };
        var document = new BenchDocument { Suite = which, Options = DocumentOptions.WithValues(options) };
        int code = ExitCodes.Ok;
        if (which == "fuzz")
        {
            code = RunFuzz(request.Specs, request.Cases, request.FuzzSeed, ref document, output, error);
        }

        if (which is "certify" or "all")
        {
            code = RunCertify(request.Specs, request.Timeout, request.MaxCells, request.InProcess, request.Shard, ref document, output, error);
        }

        if (which is "navigation" or "all")
        {
            int nav = RunNavigation(request.Scenario, request.Policies, request.Agents, request.Seeds, request.Scaling, request.TimeLimit, request.Distilled, ref document, output, error);
            code = Math.Max(code, nav);
        }

        bool ran = document.Certify.Count + document.Navigation.Count > 0 || document.Fuzz is not null;
        if (request.Json is { } jsonPath && ran)
        {
            try
            {
                File.WriteAllText(jsonPath, Documents.Serialize(document));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                error.WriteLine($"error: cannot write {jsonPath} ({e.Message}).");
                return ExitCodes.BadInput;
            }
        }

        return code;
    }

    // Mutated inputs through every loader in-process: exit 0 when every case loaded or was rejected the documented way.
    private static int RunFuzz(string folder, int cases, int seed, ref BenchDocument document, TextWriter output, TextWriter error)
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

        document = document with { Inputs = [.. Directory.GetFiles(folder).Order(StringComparer.Ordinal).Select(f => InputFileHash.Of("seed", f))], Fuzz = BenchDocument.Fuzzed(r, seed) };

        return r.Crashes.Count + r.Hangs.Count == 0 ? ExitCodes.Ok : ExitCodes.Violated;
    }

    private static int RunNavigation(string scenarioPath, string policyList, string agentList, int seeds, string scalingList, double? timeLimit, string? distilled, ref BenchDocument document, TextWriter output, TextWriter error)
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

        if (distilled is null && policies.Contains("distilled"))
        {
            error.WriteLine("note: the distilled policy needs --distilled FILE.policy.json; it is left out.");
            policies = [.. policies.Where(p => p != "distilled")];
        }
        else if (distilled is not null && !policies.Contains("distilled"))
        {
            policies = [.. policies, "distilled"];
        }

        Dictionary<string, string>? models = distilled is null ? null : new() { ["distilled"] = distilled };

        IReadOnlyList<NavigationBenchRow> rows;
        IReadOnlyList<ScalingRow> scale;
        try
        {
            rows = NavigationBench.Compare(scenarioPath, policies, counts, seeds, timeLimit, line => error.WriteLine(line), models);
            scale = scaleCounts.Length == 0 ? [] : NavigationBench.Scaling(scenarioPath, policies, scaleCounts, 100, line => error.WriteLine(line), models);
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

        IReadOnlyList<InputFileHash> inputs = spec.ModelPath is null
            ? [InputFileHash.Of("scenario", scenarioPath)]
            : [InputFileHash.Of("scenario", scenarioPath), InputFileHash.Of("model", spec.ModelPath)];
        document = document with
        {
            Inputs = [.. document.Inputs, .. inputs],
            Navigation = [.. rows.Select(BenchDocument.Row)],
            Scaling = [.. scale.Select(BenchDocument.Row)],
        };

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

    /// <summary>
    /// Certifies one spec in a child process of this tool (<c>certus certify SPEC --json</c>), as a user runs it: the
    /// row from its JSON, the whole-process wall time (start, JIT, falsification, proof, exit) and its peak resident
    /// memory (VmHWM, sampled from /proc while it runs). Null when the child cannot be started or gives no document.
    /// </summary>
    private static ChildResult? ChildRun(string spec, double timeout, int maxCells)
    {
        string? host = Environment.ProcessPath;
        string tool = typeof(BenchCommand).Assembly.Location;
        if (host is null || string.IsNullOrEmpty(tool) || !File.Exists(Path.ChangeExtension(tool, ".runtimeconfig.json")))
        {
            return null;
        }

        string json = Path.Combine(Path.GetTempPath(), $"certus-bench-{Guid.NewGuid():N}.json");
        try
        {
            var start = new System.Diagnostics.ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            bool viaHost = !Path.GetFileNameWithoutExtension(host).Equals("certus", StringComparison.Ordinal);
            foreach (string a in (string[])[.. viaHost ? [tool] : Array.Empty<string>(), "certify", spec, "--json", json,
                "--timeout", timeout.ToString("R", CultureInfo.InvariantCulture), "--max-cells", maxCells.ToString(CultureInfo.InvariantCulture)])
            {
                start.ArgumentList.Add(a);
            }

            start.Environment["CI"] = "1"; // plain progress lines, no live display
            var clock = System.Diagnostics.Stopwatch.StartNew();
            using var process = System.Diagnostics.Process.Start(start);
            if (process is null)
            {
                return null;
            }

            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            long peakKb = 0;
            string status = $"/proc/{process.Id}/status";
            while (!process.WaitForExit(20))
            {
                peakKb = Math.Max(peakKb, HighWaterKb(status));
            }

            process.WaitForExit();
            double wall = clock.Elapsed.TotalSeconds;
            if (!File.Exists(json))
            {
                return null;
            }

            var doc = System.Text.Json.JsonSerializer.Deserialize<CertifyDocument>(File.ReadAllText(json), Documents.Options);
            if (doc is null)
            {
                return null;
            }

            double margin = Smallest(doc.Properties.Select(p => p.Margin.Value));
            var row = new BenchSpecRowDocument(spec, doc.Name, doc.SpecKind, doc.Verdict, doc.Seconds, doc.Cells, margin, null)
            {
                ProcessSeconds = wall,
                PeakMemoryMb = peakKb > 0 ? peakKb / 1024.0 : null,
                CellsByConfiguration = doc.CellsByConfiguration is { Count: > 0 } byConfiguration ? byConfiguration : null,
            };
            Box? final = doc.FinalSet is { } f && doc.States.All(f.ContainsKey) ? new Box(doc.States.Select(x => new Interval(f[x][0], f[x][1]))) : null;
            return new ChildResult(row, wall, peakKb > 0 ? peakKb / 1024.0 : null, final);
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or IOException or System.Text.Json.JsonException or InvalidOperationException or NotSupportedException)
        {
            return null;
        }
        finally
        {
            File.Delete(json);
        }
    }

    // The smallest margin that was computed (a property left unattempted or undecided by a timeout has none).
    internal static double Smallest(IEnumerable<double> margins) =>
        margins.Where(m => !double.IsNaN(m)).DefaultIfEmpty(double.NaN).Min();

    private static long HighWaterKb(string status)
    {
        try
        {
            foreach (string line in File.ReadLines(status))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    return long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
        }

        return 0;
    }

    private sealed record ChildResult(BenchSpecRowDocument Row, double Wall, double? PeakMb, Box? FinalSet = null);

    // The final set against the hull of simulated final states, per state (see BenchSpecRowDocument.WidthRatios).
    private static IReadOnlyDictionary<string, double>? WidthRatios(CertificationSpec spec, Box? final)
    {
        if (final is null || final.Dimension != spec.System.States.Count)
        {
            return null;
        }

        Box? hull = SimulationEnsemble.Run(spec, new ReportOptions { Simulations = 0 }).FinalHull;
        if (hull is null)
        {
            return null;
        }

        var ratios = new Dictionary<string, double>(StringComparer.Ordinal);
        for (int i = 0; i < final.Dimension; i++)
        {
            if (hull[i].Width > 0 && double.IsFinite(final[i].Width))
            {
                ratios[spec.System.States[i]] = final[i].Width / hull[i].Width;
            }
        }

        return ratios;
    }

    private static string Configurations(IReadOnlyDictionary<string, int>? byConfiguration) =>
        byConfiguration is not { Count: > 0 } c ? "-" : string.Join(", ", c.Select(p => $"{p.Value} {p.Key}"));

    private static string WorstRatio(IReadOnlyDictionary<string, double>? ratios) =>
        ratios is not { Count: > 0 } r ? "-" : r.MaxBy(p => p.Value) is var w ? $"{w.Value.ToString("F2", CultureInfo.InvariantCulture)} ({w.Key})" : "-";

    private static int RunCertify(string folder, double timeout, int maxCells, bool inProcess, ShardSelection? shard, ref BenchDocument document, TextWriter output, TextWriter error)
    {
        if (!Directory.Exists(folder))
        {
            error.WriteLine($"error: no folder '{folder}'.");
            return ExitCodes.BadInput;
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
        console.Profile.Width = Math.Max(console.Profile.Width, 140);
        var table = new Table().AddColumns("spec", "verdict", "proof s", "process s", "peak MB", "cells", "smallest margin", "cells by configuration", "width ratio (worst)");

        var rows = new List<BenchSpecRowDocument>();
        static string F(double? v) => v is { } x ? x.ToString("F2", CultureInfo.InvariantCulture) : "-";
        void AddChild(string file, string name, ChildResult child, CertificationSpec? spec = null)
        {
            BenchSpecRowDocument row = child.Row with { Spec = file, Name = name, WidthRatios = spec is null ? null : WidthRatios(spec, child.FinalSet) };
            table.AddRow(Markup.Escape(name), row.Verdict.ToUpperInvariant(), F(row.Seconds), F(child.Wall), child.PeakMb is { } mb ? mb.ToString("F0", CultureInfo.InvariantCulture) : "-",
                row.Cells?.ToString(CultureInfo.InvariantCulture) ?? "-", row.Margin.Value.ToString("G6", CultureInfo.InvariantCulture),
                Markup.Escape(Configurations(row.CellsByConfiguration)), Markup.Escape(WorstRatio(row.WidthRatios)));
            rows.Add(row);
        }

        var inputs = new List<InputFileHash>();
        int worst = ExitCodes.Ok;
        string[] all = [.. Directory.GetFiles(folder, "*.yaml").Where(f => !NavigationSpecReader.IsNavigationSpec(f)).Order(StringComparer.Ordinal)];
        if (shard is not null)
        {
            document = document with { ShardIndex = shard.Index, ShardCount = shard.Count, AllSpecs = [.. all.Select(f => InputFileHash.Of("spec", f))] };
        }

        foreach (string file in all.Where((_, i) => shard is null || i % shard.Count == shard.Index))
        {
            error.WriteLine($"certifying {file} ...");
            try
            {
                if (SpecReader.IsNetworkSpec(file))
                {
                    NetworkSpec ns = SpecReader.ReadNetwork(file);
                    if (!inProcess && ChildRun(file, timeout, maxCells) is { } networkChild)
                    {
                        AddChild(file, ns.Name, networkChild);
                        inputs.AddRange(InputFileHash.OfSpec(file, ns.NetworkPath));
                        continue;
                    }

                    NetworkCertificationResult nr = NetworkCertifier.Certify(ns, maxCells * 100);
                    double nm = Smallest(nr.Properties.Select(p => p.Margin));
                    table.AddRow(Markup.Escape(ns.Name), nr.Verdict.ToString().ToUpperInvariant(), nr.Elapsed.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture), "-", "-",
                        nr.Cells.ToString(CultureInfo.InvariantCulture), nm.ToString("G6", CultureInfo.InvariantCulture), "-", "-");
                    rows.Add(new BenchSpecRowDocument(file, ns.Name, "network", nr.Verdict.ToString().ToLowerInvariant(), nr.Elapsed.TotalSeconds, nr.Cells, nm, null));
                    inputs.AddRange(InputFileHash.OfSpec(file, ns.NetworkPath));
                    continue;
                }

                CertificationSpec spec = SpecReader.Read(file);
                inputs.AddRange(InputFileHash.OfSpec(file, spec.NetworkPaths));
                if (inProcess || ChildRun(file, timeout, maxCells) is not { } child)
                {
                    CertificationResult r = Certifier.Certify(spec, new CertifyOptions { Timeout = TimeSpan.FromSeconds(timeout), MaxCells = maxCells });
                    double margin = Smallest(r.Properties.Select(p => p.Margin));
                    var row = new BenchSpecRowDocument(file, spec.Name, "closed-loop", r.Verdict.ToString().ToLowerInvariant(), r.Elapsed.TotalSeconds, r.Cells, margin, null)
                    {
                        CellsByConfiguration = r.Reach is null ? null : r.CellsByConfiguration(),
                        WidthRatios = WidthRatios(spec, r.Reach?.FinalSet),
                    };
                    table.AddRow(Markup.Escape(spec.Name), r.Verdict.ToString().ToUpperInvariant(), r.Elapsed.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture), "-", "-",
                        r.Cells.ToString(CultureInfo.InvariantCulture), margin.ToString("G6", CultureInfo.InvariantCulture), Markup.Escape(Configurations(row.CellsByConfiguration)), Markup.Escape(WorstRatio(row.WidthRatios)));
                    rows.Add(row);
                    continue;
                }

                AddChild(file, spec.Name, child, spec);
            }
            catch (SpecException e)
            {
                table.AddRow(Markup.Escape(Path.GetFileName(file)), "BAD INPUT", "-", "-", "-", "-", Markup.Escape(e.Message), "-", "-");
                rows.Add(new BenchSpecRowDocument(file, null, null, "bad-input", null, null, double.NaN, e.Message));
                inputs.Add(InputFileHash.Of("spec", file));
                worst = ExitCodes.BadInput;
            }
        }

        console.Write(table);
        document = document with { Inputs = [.. document.Inputs, .. inputs], Certify = rows };
        return worst;
    }
}
