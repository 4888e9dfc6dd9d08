using System.CommandLine;
using System.Globalization;
using Certus.Reach.ClosedLoop;
using Certus.Reach.Flow;
using Certus.Verify;
using Certus.Verify.Reports.Documents;
using Certus.Verify.Certification;
using Certus.Verify.Certification.Sharding;
using Certus.Verify.Reports;
using Certus.Verify.Specs;
using Spectre.Console;

namespace Certus.Cli;

/// <summary><c>certus certify SPEC</c>: falsify, then prove; SAFE / UNSAFE / UNKNOWN with exit codes 0 / 1 / 2 (3 for bad input, 4 for an internal error).</summary>
internal static class CertifyCommand
{
    public static Command Create()
    {
        var spec = new Argument<string>("spec") { Description = "The spec file (YAML, see docs/specs.md)" };
        var json = new Option<string?>("--json") { Description = "Write the verdicts as JSON to this file" };
        var timeout = new Option<double?>("--timeout") { Description = "Time budget of the whole run in seconds, falsification and proof (default 300; checked between flow steps; what is undecided then is UNKNOWN)", DefaultValueFactory = _ => 300 };
        var jobs = new Option<int>("--jobs") { Description = "Cores to use (default: all)", DefaultValueFactory = _ => -1 };
        var cells = new Option<int>("--max-cells") { Description = "Largest partition of the initial set", DefaultValueFactory = _ => 1024 };
        var report = new Option<string?>("--report") { Description = "Write a report to this folder: report.md with the verdicts, and plots of the reach tube and simulations (PNG and SVG)", HelpName = "DIR" };
        var falsification = new Option<int?>("--falsification") { Description = "Simulations per property spent on falsification (default 2000)", HelpName = "N" };
        var wrapping = new Option<string?>("--wrapping") { Description = $"Affine mode: how wrapped coordinates are enclosed: {CertificationAlgorithm.Names<AffineWrapping>()} (default axis)" };
        var portfolio = new Option<string?>("--portfolio") { Description = $"Retry undecided cells with the portfolio's next configuration before splitting: {CertificationAlgorithm.Names<PortfolioMode>()} (default auto)" };
        var setMode = new Option<string?>("--set-mode") { Description = $"How the state set is carried across periods: {CertificationAlgorithm.Names<ClosedLoopSetMode>()} (default affine)" };
        var generators = new Option<int?>("--generators-per-state") { Description = "Affine mode: coordinates kept per state between periods (default 3)", HelpName = "N" };
        var order = new Option<int?>("--taylor-order") { Description = "Taylor order of the validated flow (default 5)", HelpName = "K" };
        var steps = new Option<int?>("--steps-per-period") { Description = "Flow steps per control period (default 10)", HelpName = "N" };
        var form = new Option<string?>("--flow-form") { Description = $"The flow's enclosure form: {CertificationAlgorithm.Names<TaylorEnclosureForm>()} (default doubleton)" };
        var bounds = new Option<string?>("--network-bounds") { Description = $"How the network is bounded: {CertificationAlgorithm.Names<NetworkBoundMethod>()} (default linear)" };
        var splitting = new Option<string?>("--splitting") { Description = $"How an undecided cell is split: {CertificationAlgorithm.Names<SplittingRule>()} (default sensitivity: the side whose simulated runs spread most in the failing margin; widest: the widest side relative to the initial set)" };
        var proveAll = new Option<bool>("--prove-all") { Description = "Prove the other properties even when one is violated (default: a validated counterexample ends the run UNSAFE at once)" };
        var topCells = new Option<int>("--top-cells") { Description = "Start the proof from a deterministic partition of the initial set into at least this many cells (default 1; a sharded run uses at least N). A plain run with the same number gives the merged shards' margins and cell count", DefaultValueFactory = _ => 1 };
        var shard = new Option<string?>("--shard") { Description = "Prove only shard K of N of the partition and write a partial certificate to --out (merge the parts with 'certify merge'); 'auto' reads SLURM_ARRAY_TASK_ID/SLURM_ARRAY_TASK_COUNT or JOB_COMPLETION_INDEX", HelpName = "K/N|auto" };
        var shardCount = new Option<int?>("--shard-count") { Description = "With --shard auto: the number of shards N (for a Kubernetes Indexed Job; default SLURM_ARRAY_TASK_COUNT or CERTUS_SHARD_COUNT)" };
        var outPath = new Option<string?>("--out") { Description = "With --shard: the partial certificate (certify-part JSON) to write; with --slurm: the folder for scripts, parts and the verdict", HelpName = "FILE" };
        var slurm = new Option<int?>("--slurm") { Description = "Submit a Slurm job array of N shards and a merge job that runs after them (sbatch --parsable)", HelpName = "N" };
        var slurmPartition = new Option<string?>("--partition") { Description = "With --slurm: the Slurm partition", HelpName = "P" };
        var command = new Command("certify", "Certify a neural-network controlled system: falsify by simulation beside a proof by reachability (SIGTERM or Ctrl-C stops it and still writes the verdicts).\n\nExamples:\n  ./verify certify specs/acc.yaml --json acc.json\n  ./verify certify specs/acc.yaml --report reports/acc\n  ./verify certify specs/acc.yaml --shard 0/4 --out part-0.json   (then: ./verify certify merge part-*.json)\n  ./verify certify specs/tora.yaml --slurm 8 --partition batch" + "\n\n" + ExitCodes.Summary
            + "\nA shard exits 0 once its part is written (whatever its cells' verdict); the merge gives the verdict.")
        {
            spec, json, timeout, jobs, cells, report, topCells, shard, shardCount, outPath, slurm, slurmPartition, proveAll, falsification, setMode, generators, order, steps, form, bounds, wrapping, portfolio, splitting,
        };
        command.Subcommands.Add(MergeCommand.Create());
        command.SetAction(parse => Run(
            parse.GetValue(spec)!, parse.GetValue(json), parse.GetValue(timeout), parse.GetValue(jobs), parse.GetValue(cells),
            parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, parse.GetValue(report),
            new ShardRequest(parse.GetValue(topCells), parse.GetValue(shard), parse.GetValue(shardCount), parse.GetValue(outPath), parse.GetValue(slurm), parse.GetValue(slurmPartition)),
            parse.GetValue(proveAll),
            new AlgorithmFlags(parse.GetValue(falsification), parse.GetValue(setMode), parse.GetValue(generators), parse.GetValue(order), parse.GetValue(steps), parse.GetValue(form), parse.GetValue(bounds), parse.GetValue(wrapping), parse.GetValue(portfolio), parse.GetValue(splitting))));
        return command;
    }

    /// <summary>The algorithm flags of the command line; each one given overrides the spec's <c>options:</c>.</summary>
    internal sealed record AlgorithmFlags(int? Falsification = null, string? SetMode = null, int? GeneratorsPerState = null, int? TaylorOrder = null, int? StepsPerPeriod = null, string? FlowForm = null, string? NetworkBounds = null, string? Wrapping = null, string? Portfolio = null, string? Splitting = null)
    {
        /// <summary>The flags applied over an algorithm.</summary>
        /// <exception cref="ArgumentException">A flag's value is not one of the allowed ones; the message names the flag.</exception>
        public CertificationAlgorithm Apply(CertificationAlgorithm a)
        {
            static T Choice<T>(string? text, T fallback, string flag)
                where T : struct, Enum => text is null ? fallback
                : CertificationAlgorithm.TryParse(text, out T v) ? v
                : throw new ArgumentException($"{flag} must be one of {CertificationAlgorithm.Names<T>()}, got '{text}'.");
            CertificationAlgorithm r = a with
            {
                Falsification = Falsification ?? a.Falsification,
                SetMode = Choice(SetMode, a.SetMode, "--set-mode"),
                GeneratorsPerState = GeneratorsPerState ?? a.GeneratorsPerState,
                TaylorOrder = TaylorOrder ?? a.TaylorOrder,
                StepsPerPeriod = StepsPerPeriod ?? a.StepsPerPeriod,
                FlowForm = Choice(FlowForm, a.FlowForm, "--flow-form"),
                NetworkBounds = Choice(NetworkBounds, a.NetworkBounds, "--network-bounds"),
                Wrapping = Choice(Wrapping, a.Wrapping, "--wrapping"),
                Portfolio = Choice(Portfolio, a.Portfolio, "--portfolio"),
                Splitting = Choice(Splitting, a.Splitting, "--splitting"),
            };
            try
            {
                r.Validate();
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException($"--{e.ParamName?.Replace('_', '-')}: {e.Message}", e);
            }

            return r;
        }

        /// <summary>The flags given, by command-line name.</summary>
        public IEnumerable<KeyValuePair<string, string?>> Given() =>
        [
            new("falsification", Falsification?.ToString(CultureInfo.InvariantCulture)),
            new("set-mode", SetMode),
            new("generators-per-state", GeneratorsPerState?.ToString(CultureInfo.InvariantCulture)),
            new("taylor-order", TaylorOrder?.ToString(CultureInfo.InvariantCulture)),
            new("steps-per-period", StepsPerPeriod?.ToString(CultureInfo.InvariantCulture)),
            new("flow-form", FlowForm),
            new("network-bounds", NetworkBounds),
            new("wrapping", Wrapping),
            new("portfolio", Portfolio),
            new("splitting", Splitting),
        ];
    }

    /// <summary>The sharding options of certify.</summary>
    internal sealed record ShardRequest(int TopCells = 1, string? Shard = null, int? ShardCount = null, string? Out = null, int? Slurm = null, string? SlurmPartition = null);

    internal static int Run(string specPath, string? jsonPath, double? timeout, int jobs, int maxCells, TextWriter output, TextWriter error, string? reportDirectory = null, ShardRequest? sharding = null, bool proveAll = false, AlgorithmFlags? flags = null)
    {
        flags ??= new AlgorithmFlags();
        sharding ??= new ShardRequest();
        if (sharding.TopCells is < 1 or > InitialPartition.MaxTopCells)
        {
            error.WriteLine($"error: --top-cells must be 1 to {InitialPartition.MaxTopCells}, got {sharding.TopCells}.");
            return ExitCodes.BadInput;
        }

        ShardSelection? selection = null;
        if (sharding.Shard is { } shardText)
        {
            selection = ShardSelection.TryParse(shardText, sharding.ShardCount, null, out string? why);
            if (selection is null)
            {
                error.WriteLine($"error: {why}");
                return ExitCodes.BadInput;
            }

            if (sharding.Out is null || sharding.Slurm is not null || reportDirectory is not null)
            {
                error.WriteLine("error: --shard needs --out FILE for the partial certificate (and takes neither --slurm nor --report; merge the parts with 'certify merge').");
                return ExitCodes.BadInput;
            }
        }
        else if (sharding.Slurm is null && (sharding.Out is not null || sharding.ShardCount is not null || sharding.SlurmPartition is not null))
        {
            error.WriteLine("error: --out and --shard-count go with --shard, --partition with --slurm.");
            return ExitCodes.BadInput;
        }

        if (sharding.Slurm is { } slurmShards)
        {
            return SlurmSubmission.Run(specPath, slurmShards, sharding, timeout, jobs, maxCells, output, error);
        }

        if (timeout is { } t && !(t > 0))
        {
            error.WriteLine($"error: --timeout must be a positive number of seconds, got {t}.");
            return ExitCodes.BadInput;
        }

        if (maxCells < 1 || jobs == 0 || jobs < -1)
        {
            error.WriteLine("error: --max-cells must be at least 1 and --jobs positive (or -1 for all cores).");
            return ExitCodes.BadInput;
        }

        if (NavigationSpecReader.IsNavigationSpec(specPath))
        {
            error.WriteLine($"error: {specPath} is a navigation scenario (it has 'agents:'); run it with './verify simulate {specPath}'.");
            return ExitCodes.BadInput;
        }

        try
        {
            if (SpecReader.IsNetworkSpec(specPath))
            {
                if (selection is not null || sharding.TopCells != 1)
                {
                    error.WriteLine($"error: {specPath} is a network-only spec; --shard and --top-cells partition the initial set of a closed-loop spec.");
                    return ExitCodes.BadInput;
                }

                if (reportDirectory is not null)
                {
                    error.WriteLine("error: --report draws closed-loop reach tubes; this is a network-only spec (use --json).");
                    return ExitCodes.BadInput;
                }

                return RunNetwork(SpecReader.ReadNetwork(specPath), specPath, jsonPath, maxCells, timeout, jobs, output, error);
            }
        }
        catch (SpecException e)
        {
            error.WriteLine($"error: {e.Message}");
            return ExitCodes.BadInput;
        }

        CertificationSpec spec;
        try
        {
            spec = SpecReader.Read(specPath);
        }
        catch (SpecException e)
        {
            error.WriteLine($"error: {e.Message}");
            return ExitCodes.BadInput;
        }

        // A report folder that cannot be written is reported before the (possibly long) certification.
        if (reportDirectory is not null)
        {
            try
            {
                ReportWriter.EnsureWritable(reportDirectory);
            }
            catch (Exception e) when (e is ReportException or ArgumentException)
            {
                error.WriteLine($"error: --report: {e.Message}");
                return ExitCodes.BadInput;
            }
        }

        CertificationAlgorithm algorithm;
        try
        {
            algorithm = flags.Apply(spec.Algorithm ?? CertificationAlgorithm.Default);
        }
        catch (ArgumentException e)
        {
            error.WriteLine($"error: {e.Message}");
            return ExitCodes.BadInput;
        }

        var options = new CertifyOptions
        {
            Timeout = timeout is { } s ? TimeSpan.FromSeconds(s) : null,
            Jobs = jobs,
            MaxCells = maxCells,
            ProveAll = proveAll,
            Algorithm = algorithm,
            TopCells = sharding.TopCells,
            ShardIndex = selection?.Index ?? 0,
            ShardCount = selection?.Count ?? 1,
        };

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
        bool plain = Console.IsOutputRedirected || output != Console.Out || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"));
        if (plain)
        {
            console.Profile.Width = 160;
        }

        console.MarkupLine($"[bold]{Markup.Escape(spec.Name)}[/] ({Markup.Escape(specPath)}): {spec.System.States.Count} states, network {Markup.Escape(spec.Controller.Network.ToString())}, {(spec.System.IsDiscrete ? $"discrete-time, {spec.Horizon} steps (t = k·{spec.Controller.Period.ToString(CultureInfo.InvariantCulture)})" : $"{spec.Horizon} periods of {spec.Controller.Period.ToString(CultureInfo.InvariantCulture)} s")}");
        CertificationResult result;
        using (var interrupt = new Interruption(error))
        {
            if (plain)
            {
                result = Certifier.Certify(spec, options, new LineProgress(error), interrupt.Token);
            }
            else
            {
                CertificationResult? r = null;
                console.Status().Start("certifying ...", ctx => r = Certifier.Certify(spec, options, new LineProgress(null, m => ctx.Status(Markup.Escape(m))), interrupt.Token));
                result = r!;
            }
        }

        var table = new Table().AddColumns("property", "verdict", "margin", "why");
        foreach (PropertyVerdict p in result.Properties)
        {
            string colour = p.Verdict switch { Verdict.Safe => "green", Verdict.Unsafe => "red", _ => "yellow" };
            table.AddRow(Markup.Escape(p.Name), $"[{colour}]{p.Verdict.ToString().ToUpperInvariant()}[/]", (double.IsNaN(p.Margin) ? "-" : double.IsInfinity(p.Margin) ? (p.Margin > 0 ? "inf" : "-inf") : p.Margin.ToString("G6", CultureInfo.InvariantCulture)), Markup.Escape(p.Reason ?? string.Empty));
        }

        console.Write(table);
        string overallColour = result.Verdict switch { Verdict.Safe => "green", Verdict.Unsafe => "red", _ => "yellow" };
        IReadOnlyDictionary<string, int> byConfiguration = result.CellsByConfiguration();
        string portfolio = byConfiguration.Count > 1 || byConfiguration.Keys.Any(k => k != "as written")
            ? " (" + string.Join(", ", byConfiguration.Select(p => $"{p.Value} {Markup.Escape(p.Key)}")) + ")"
            : string.Empty;
        console.MarkupLine($"verdict: [bold {overallColour}]{result.Verdict.ToString().ToUpperInvariant()}[/] in {result.Elapsed.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture)} s, {result.Cells} cell(s){portfolio}");
        if (result.Counterexample is { } cx)
        {
            // The validated window first (the evidence), then the simulated run's smallest margin, which may come later.
            string during = cx.ConfirmedDuring.Lo == cx.ConfirmedDuring.Hi
                ? $"at t = {cx.ConfirmedDuring.Lo.ToString("G6", CultureInfo.InvariantCulture)} s"
                : $"during [{cx.ConfirmedDuring.Lo.ToString("G6", CultureInfo.InvariantCulture)}, {cx.ConfirmedDuring.Hi.ToString("G6", CultureInfo.InvariantCulture)}] s";
            console.MarkupLine(Markup.Escape($"counterexample: x0 = ({string.Join(", ", cx.InitialState.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))}), violated for sure {during}; the simulated run's smallest margin is {cx.Margin.ToString("G6", CultureInfo.InvariantCulture)} at t = {cx.Time.ToString("G6", CultureInfo.InvariantCulture)} s"));
            if (cx.Modes is { } modes)
            {
                console.MarkupLine(Markup.Escape($"  modes: {string.Join(" -> ", modes)}"));
            }

            if (cx.Selectors.Length > 0 || cx.Modes is not null)
            {
                console.MarkupLine(Markup.Escape("  controls: " + string.Join("; ", result.Spec.System.Inputs.Select((u, i) => $"{u} = [{string.Join(", ", cx.Controls.Select(row => row[i].ToString("G6", CultureInfo.InvariantCulture)))}]"))));
            }
        }

        Dictionary<string, string?> runOptions = OptionsOf(timeout, jobs, maxCells, proveAll, flags);
        runOptions["top-cells"] = sharding.TopCells == 1 ? null : sharding.TopCells.ToString(CultureInfo.InvariantCulture);
        if (selection is not null)
        {
            runOptions["shard"] = $"{selection.Index}/{selection.Count}";
            try
            {
                File.WriteAllText(sharding.Out!, PartFiles.Serialize(PartFiles.From(result, specPath, runOptions)));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                error.WriteLine($"error: cannot write {sharding.Out}: {e.Message}");
                return ExitCodes.BadInput;
            }

            console.MarkupLine($"shard {selection.Index}/{selection.Count}: top-level cells {Markup.Escape(string.Join(", ", result.Share))} of {result.Partition!.Cells.Count}; part written to {Markup.Escape(sharding.Out!)}");
        }

        if (jsonPath is not null)
        {
            try
            {
                File.WriteAllText(jsonPath, ToJson(result, specPath, runOptions));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                error.WriteLine($"error: cannot write {jsonPath}: {e.Message}");
                return ExitCodes.BadInput;
            }
        }

        if (reportDirectory is not null)
        {
            if (!ReportWriter.TryWrite(result, reportDirectory, new ReportOptions { RunOptions = runOptions }, out ReportFiles? files, out string? why))
            {
                error.WriteLine($"error: {why}");
                return ExitCodes.BadInput;
            }

            console.MarkupLine($"report: {Markup.Escape(files!.Markdown)} and {files.Plots.Count} plot files in {files.Elapsed.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture)} s");
        }

        // A shard's verdict covers only its share: it succeeds once its part is written, the merge decides.
        if (selection is not null)
        {
            return ExitCodes.Ok;
        }

        return result.Verdict switch { Verdict.Safe => ExitCodes.Ok, Verdict.Unsafe => ExitCodes.Violated, _ => ExitCodes.Unknown };
    }

    // Network-only specs: open-loop requirements over an input box.
    private static int RunNetwork(NetworkSpec spec, string specPath, string? jsonPath, int maxCells, double? timeout, int jobs, TextWriter output, TextWriter error)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
        console.Profile.Width = Math.Max(console.Profile.Width, 140);
        console.MarkupLine($"[bold]{Markup.Escape(spec.Name)}[/] ({Markup.Escape(specPath)}): network {Markup.Escape(spec.Network.ToString())} over {Markup.Escape(spec.InputSet.ToString())}");
        NetworkCertificationResult result = NetworkCertifier.Certify(spec, Math.Max(maxCells, 1) * 100, timeout: timeout is { } seconds ? TimeSpan.FromSeconds(seconds) : null, jobs: jobs);
        var table = new Table().AddColumns("property", "verdict", "margin", "why");
        foreach (PropertyVerdict p in result.Properties)
        {
            string colour = p.Verdict switch { Verdict.Safe => "green", Verdict.Unsafe => "red", _ => "yellow" };
            table.AddRow(Markup.Escape(p.Name), $"[{colour}]{p.Verdict.ToString().ToUpperInvariant()}[/]", (double.IsNaN(p.Margin) ? "-" : double.IsInfinity(p.Margin) ? (p.Margin > 0 ? "inf" : "-inf") : p.Margin.ToString("G6", CultureInfo.InvariantCulture)), Markup.Escape(p.Reason ?? string.Empty));
        }

        console.Write(table);
        console.MarkupLine($"verdict: [bold]{result.Verdict.ToString().ToUpperInvariant()}[/] in {result.Elapsed.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture)} s, {result.Cells} cell(s)");
        if (jsonPath is not null)
        {
            try
            {
                File.WriteAllText(jsonPath, Documents.Serialize(CertifyDocument.From(result, specPath, OptionsOf(timeout, -1, maxCells))));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                error.WriteLine($"error: cannot write {jsonPath}: {e.Message}");
                return ExitCodes.BadInput;
            }
        }

        return result.Verdict switch { Verdict.Safe => ExitCodes.Ok, Verdict.Unsafe => ExitCodes.Violated, _ => ExitCodes.Unknown };
    }

    internal static string ToJson(CertificationResult result, string specPath, IReadOnlyDictionary<string, string?>? options = null) =>
        Documents.Serialize(CertifyDocument.From(result, specPath, options ?? new Dictionary<string, string?>()));

    private static Dictionary<string, string?> OptionsOf(double? timeout, int jobs, int maxCells, bool proveAll = false, AlgorithmFlags? flags = null) => new((flags ?? new AlgorithmFlags()).Given(), StringComparer.Ordinal)
    {
        ["prove-all"] = proveAll ? "true" : null,
        ["timeout"] = timeout?.ToString(CultureInfo.InvariantCulture),
        ["jobs"] = jobs.ToString(CultureInfo.InvariantCulture),
        ["max-cells"] = maxCells.ToString(CultureInfo.InvariantCulture),
    };

    private sealed class LineProgress(TextWriter? writer, Action<string>? action = null) : IProgress<string>
    {
        public void Report(string value)
        {
            writer?.WriteLine(value);
            action?.Invoke(value);
        }
    }
}
