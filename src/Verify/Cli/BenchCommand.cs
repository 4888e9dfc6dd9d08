using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Certus.Verify.Certification;
using Certus.Verify.Specs;
using Spectre.Console;

namespace Certus.Verify.Cli;

/// <summary><c>certus bench</c>: certifies every spec in a folder (default <c>specs/</c>) and prints one row each.</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var folder = new Option<string>("--specs") { Description = "Folder of spec files", DefaultValueFactory = _ => "specs" };
        var json = new Option<string?>("--json") { Description = "Write the rows as JSON to this file" };
        var timeout = new Option<double>("--timeout") { Description = "Proof budget per spec in seconds", DefaultValueFactory = _ => 60 };
        var cells = new Option<int>("--max-cells") { Description = "Largest partition per spec", DefaultValueFactory = _ => 1024 };
        var command = new Command("bench", "Certify every spec under a folder and print a table (spec, verdict, seconds, cells, margin).\n\nExample:\n  ./verify bench --json bench.json")
        {
            folder, json, timeout, cells,
        };
        command.SetAction(parse => Run(parse.GetValue(folder)!, parse.GetValue(json), parse.GetValue(timeout), parse.GetValue(cells), parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));
        return command;
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
        foreach (string file in Directory.GetFiles(folder, "*.yaml").Order(StringComparer.Ordinal))
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
                    rows.Add(new { spec = file, name = ns.Name, verdict = nr.Verdict.ToString().ToLowerInvariant(), seconds = nr.Elapsed.TotalSeconds, cells = nr.Cells, margin = double.IsFinite(nm) ? nm : (double?)null });
                    continue;
                }

                CertificationSpec spec = SpecReader.Read(file);
                CertificationResult r = Certifier.Certify(spec, new CertifyOptions { Timeout = TimeSpan.FromSeconds(timeout), MaxCells = maxCells });
                double margin = r.Properties.Min(p => p.Margin);
                table.AddRow(Markup.Escape(spec.Name), r.Verdict.ToString().ToUpperInvariant(), r.Elapsed.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture),
                    r.Cells.ToString(CultureInfo.InvariantCulture), margin.ToString("G6", CultureInfo.InvariantCulture));
                rows.Add(new { spec = file, name = spec.Name, verdict = r.Verdict.ToString().ToLowerInvariant(), seconds = r.Elapsed.TotalSeconds, cells = r.Cells, margin = double.IsFinite(margin) ? margin : (double?)null });
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
