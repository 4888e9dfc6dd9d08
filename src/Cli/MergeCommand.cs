using System.CommandLine;
using System.Globalization;
using System.Text;
using Certus.Verify;
using Certus.Verify.Certification;
using Certus.Verify.Certification.Sharding;
using Certus.Verify.Reports.Documents;

namespace Certus.Cli;

/// <summary><c>certus certify merge PART...</c>: checks the parts of a sharded run and gives the verdict.</summary>
internal static class MergeCommand
{
    public static Command Create()
    {
        var parts = new Argument<string[]>("parts") { Description = "The part files written by 'certify SPEC --shard K/N --out FILE'", Arity = ArgumentArity.OneOrMore };
        var json = new Option<string?>("--json") { Description = "Write the merged verdict as a certify JSON document to this file" };
        var report = new Option<string?>("--report") { Description = "Write report.md with the merged verdict and one line per shard to this folder", HelpName = "DIR" };
        var spec = new Option<string?>("--spec") { Description = "The spec to recompute the partition from (default: the file the parts name, when it is there)" };
        var command = new Command("merge", "Merge the partial certificates of a sharded run: checks that they come from the same spec, tool version and partition, one per shard, tiling it exactly; then SAFE only if every cell is proved.\n\nExample:\n  ./verify certify merge part-*.json --json verdict.json\n\n" + ExitCodes.Summary)
        {
            parts, json, report, spec,
        };
        command.SetAction(parse => Run(parse.GetValue(parts)!, parse.GetValue(json), parse.GetValue(report), parse.GetValue(spec), parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));
        return command;
    }

    internal static int Run(IReadOnlyList<string> partPaths, string? jsonPath, string? reportDirectory, string? specPath, TextWriter output, TextWriter error)
    {
        ShardMergeResult merged;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            merged = ShardMerger.Merge(partPaths, specPath);
        }
        catch (ShardMergeException e)
        {
            error.WriteLine($"error: {e.Message}");
            return ExitCodes.BadInput;
        }

        clock.Stop();
        foreach (string note in merged.Notes)
        {
            output.WriteLine($"note: {note}");
        }

        output.WriteLine($"{merged.Name}: {merged.Parts.Count} part(s) of {merged.Parts[0].Partition.Cells.Count} top-level cells checked {merged.PartitionChecked}");
        foreach (CertifyPartDocument p in merged.Parts)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  shard {p.Shard}: {p.Verdict.ToUpperInvariant()}, {p.Cells} cell(s), {p.Seconds:F2} s"));
        }

        foreach (PropertyVerdict v in merged.Properties)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {v.Name}: {v.Verdict.ToString().ToUpperInvariant()}, margin {(double.IsNaN(v.Margin) ? "-" : v.Margin.ToString("G6", CultureInfo.InvariantCulture))}{(v.Reason is null ? string.Empty : $" ({v.Reason})")}"));
        }

        double seconds = merged.Parts.Sum(p => p.Seconds);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"verdict: {merged.Verdict.ToString().ToUpperInvariant()}, {merged.Cells} cell(s), shards {merged.Parts.Min(p => p.Seconds):F2}-{merged.Parts.Max(p => p.Seconds):F2} s each ({seconds:F2} s in all), merge {clock.Elapsed.TotalSeconds:F2} s"));
        try
        {
            if (jsonPath is not null)
            {
                File.WriteAllText(jsonPath, Documents.Serialize(ToDocument(merged, partPaths, clock.Elapsed)));
            }

            if (reportDirectory is not null)
            {
                Directory.CreateDirectory(reportDirectory);
                File.WriteAllText(Path.Combine(reportDirectory, "report.md"), Markdown(merged));
                output.WriteLine($"report: {Path.Combine(reportDirectory, "report.md")}");
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            error.WriteLine($"error: cannot write {jsonPath ?? reportDirectory}: {e.Message}");
            return ExitCodes.BadInput;
        }

        return merged.Verdict switch { Verdict.Safe => ExitCodes.Ok, Verdict.Unsafe => ExitCodes.Violated, _ => ExitCodes.Unknown };
    }

    private static CertifyDocument ToDocument(ShardMergeResult merged, IReadOnlyList<string> partPaths, TimeSpan mergeTime)
    {
        CertifyPartDocument first = merged.Parts[0];
        var options = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["merged-parts"] = string.Join(' ', partPaths),
            ["shards"] = first.Partition.Shards.ToString(CultureInfo.InvariantCulture),
            ["top-cells"] = first.Partition.MinCells.ToString(CultureInfo.InvariantCulture),
            ["merge-seconds"] = mergeTime.TotalSeconds.ToString("R", CultureInfo.InvariantCulture),
        };
        return new CertifyDocument
        {
            ToolVersion = first.ToolVersion,
            Commit = first.Commit,
            Inputs = first.Inputs,
            Options = DocumentOptions.WithValues(options),
            Name = merged.Name,
            Spec = merged.Spec,
            SpecKind = "closed-loop",
            Verdict = merged.Verdict.ToString().ToLowerInvariant(),
            Seconds = merged.Parts.Max(p => p.Seconds),
            Cells = merged.Cells,
            States = first.States,
            Properties = [.. merged.Properties.Select(p => new PropertyVerdictDocument(
                p.Name,
                first.Properties.First(q => q.Name == p.Name).PropertyKind,
                p.Verdict.ToString().ToLowerInvariant(),
                p.Margin,
                p.Reason))],
            Counterexamples = merged.Counterexamples,
            FinalSet = merged.FinalSet,
        };
    }

    private static string Markdown(ShardMergeResult merged)
    {
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"# {merged.Name}: {merged.Verdict.ToString().ToUpperInvariant()} (merged from {merged.Parts.Count} shards)");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Spec `{merged.Spec}`; {merged.Cells} cells; partition checked {merged.PartitionChecked}.");
        md.AppendLine();
        md.AppendLine("| property | verdict | margin | why |");
        md.AppendLine("|---|---|---|---|");
        foreach (PropertyVerdict v in merged.Properties)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {v.Name} | {v.Verdict.ToString().ToUpperInvariant()} | {(double.IsNaN(v.Margin) ? "-" : v.Margin.ToString("G6", CultureInfo.InvariantCulture))} | {v.Reason?.Replace("|", "\\|", StringComparison.Ordinal)} |");
        }

        md.AppendLine();
        md.AppendLine("| shard | top-level cells | cells | verdict of its share | seconds |");
        md.AppendLine("|---|---|---|---|---|");
        foreach (CertifyPartDocument p in merged.Parts)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {p.Shard} | {string.Join(", ", p.TopCells.Select(t => t.Index))} | {p.Cells} | {p.Verdict} | {p.Seconds:F2} |");
        }

        return md.ToString();
    }
}
