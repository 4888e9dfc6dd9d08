using System.CommandLine;
using System.Globalization;
using Certus.Verify;
using Certus.Verify.Reports.Documents;
using Certus.Verify.Certification;
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
        var timeout = new Option<double?>("--timeout") { Description = "Time budget of the proof in seconds (default 300; the verdict is UNKNOWN when it runs out)", DefaultValueFactory = _ => 300 };
        var jobs = new Option<int>("--jobs") { Description = "Cores to use (default: all)", DefaultValueFactory = _ => -1 };
        var cells = new Option<int>("--max-cells") { Description = "Largest partition of the initial set", DefaultValueFactory = _ => 1024 };
        var report = new Option<string?>("--report") { Description = "Write a report to this folder: report.md with the verdicts, and plots of the reach tube and simulations (PNG and SVG)", HelpName = "DIR" };
        var command = new Command("certify", "Certify a neural-network controlled system: falsify first, then prove with reachability.\n\nExamples:\n  ./verify certify specs/acc.yaml --json acc.json\n  ./verify certify specs/acc.yaml --report reports/acc" + "\n\n" + ExitCodes.Summary)
        {
            spec, json, timeout, jobs, cells, report,
        };
        command.SetAction(parse => Run(
            parse.GetValue(spec)!, parse.GetValue(json), parse.GetValue(timeout), parse.GetValue(jobs), parse.GetValue(cells),
            parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, parse.GetValue(report)));
        return command;
    }

    internal static int Run(string specPath, string? jsonPath, double? timeout, int jobs, int maxCells, TextWriter output, TextWriter error, string? reportDirectory = null)
    {
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
                if (reportDirectory is not null)
                {
                    error.WriteLine("error: --report draws closed-loop reach tubes; this is a network-only spec (use --json).");
                    return ExitCodes.BadInput;
                }

                return RunNetwork(SpecReader.ReadNetwork(specPath), specPath, jsonPath, maxCells, timeout, output, error);
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

        var options = new CertifyOptions { Timeout = timeout is { } s ? TimeSpan.FromSeconds(s) : null, Jobs = jobs, MaxCells = maxCells };
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
        bool plain = Console.IsOutputRedirected || output != Console.Out || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"));
        if (plain)
        {
            console.Profile.Width = 160;
        }

        console.MarkupLine($"[bold]{Markup.Escape(spec.Name)}[/] ({Markup.Escape(specPath)}): {spec.System.States.Count} states, network {Markup.Escape(spec.Controller.Network.ToString())}, {spec.Horizon} periods of {spec.Controller.Period.ToString(CultureInfo.InvariantCulture)} s");
        CertificationResult result;
        if (plain)
        {
            result = Certifier.Certify(spec, options, new LineProgress(error));
        }
        else
        {
            CertificationResult? r = null;
            console.Status().Start("certifying ...", ctx => r = Certifier.Certify(spec, options, new LineProgress(null, m => ctx.Status(Markup.Escape(m)))));
            result = r!;
        }

        var table = new Table().AddColumns("property", "verdict", "margin", "why");
        foreach (PropertyVerdict p in result.Properties)
        {
            string colour = p.Verdict switch { Verdict.Safe => "green", Verdict.Unsafe => "red", _ => "yellow" };
            table.AddRow(Markup.Escape(p.Name), $"[{colour}]{p.Verdict.ToString().ToUpperInvariant()}[/]", (double.IsNaN(p.Margin) ? "-" : p.Margin.ToString("G6", CultureInfo.InvariantCulture)), Markup.Escape(p.Reason ?? string.Empty));
        }

        console.Write(table);
        string overallColour = result.Verdict switch { Verdict.Safe => "green", Verdict.Unsafe => "red", _ => "yellow" };
        console.MarkupLine($"verdict: [bold {overallColour}]{result.Verdict.ToString().ToUpperInvariant()}[/] in {result.Elapsed.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture)} s, {result.Cells} cell(s)");
        if (result.Counterexample is { } cx)
        {
            console.MarkupLine($"counterexample: x0 = ({string.Join(", ", cx.InitialState.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))}), margin {cx.Margin.ToString("G6", CultureInfo.InvariantCulture)} at t = {cx.Time.ToString("G6", CultureInfo.InvariantCulture)} s");
        }

        if (jsonPath is not null)
        {
            try
            {
                File.WriteAllText(jsonPath, ToJson(result, specPath, OptionsOf(timeout, jobs, maxCells)));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                error.WriteLine($"error: cannot write {jsonPath}: {e.Message}");
                return ExitCodes.BadInput;
            }
        }

        if (reportDirectory is not null)
        {
            if (!ReportWriter.TryWrite(result, reportDirectory, null, out ReportFiles? files, out string? why))
            {
                error.WriteLine($"error: {why}");
                return ExitCodes.BadInput;
            }

            console.MarkupLine($"report: {Markup.Escape(files!.Markdown)} and {files.Plots.Count} plot files in {files.Elapsed.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture)} s");
        }

        return result.Verdict switch { Verdict.Safe => ExitCodes.Ok, Verdict.Unsafe => ExitCodes.Violated, _ => ExitCodes.Unknown };
    }

    // Network-only specs: open-loop requirements over an input box.
    private static int RunNetwork(NetworkSpec spec, string specPath, string? jsonPath, int maxCells, double? timeout, TextWriter output, TextWriter error)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
        console.Profile.Width = Math.Max(console.Profile.Width, 140);
        console.MarkupLine($"[bold]{Markup.Escape(spec.Name)}[/] ({Markup.Escape(specPath)}): network {Markup.Escape(spec.Network.ToString())} over {Markup.Escape(spec.InputSet.ToString())}");
        NetworkCertificationResult result = NetworkCertifier.Certify(spec, Math.Max(maxCells, 1) * 100, timeout: timeout is { } seconds ? TimeSpan.FromSeconds(seconds) : null);
        var table = new Table().AddColumns("property", "verdict", "margin", "why");
        foreach (PropertyVerdict p in result.Properties)
        {
            string colour = p.Verdict switch { Verdict.Safe => "green", Verdict.Unsafe => "red", _ => "yellow" };
            table.AddRow(Markup.Escape(p.Name), $"[{colour}]{p.Verdict.ToString().ToUpperInvariant()}[/]", (double.IsNaN(p.Margin) ? "-" : p.Margin.ToString("G6", CultureInfo.InvariantCulture)), Markup.Escape(p.Reason ?? string.Empty));
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

    private static Dictionary<string, string?> OptionsOf(double? timeout, int jobs, int maxCells) => new(StringComparer.Ordinal)
    {
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
