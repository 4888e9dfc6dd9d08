using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Certus.Verify;
using Certus.Verify.Distillation;
using Certus.Verify.Navigation;
using Certus.Verify.Reports.Documents;
using Certus.Verify.Specs;

namespace Certus.Cli;

/// <summary>
/// <c>certus pipeline CONFIG</c>: train or load the MAD-PINN teacher, distill it (or load the distilled controller),
/// certify the team encounters under the distilled controller, simulate MAD-PINN beside its distilled controller on
/// the scenarios at every N, and write one report (training curves, certificates, simulation table, step time).
/// </summary>
internal static class PipelineCommand
{
    public static Command Create()
    {
        var config = new Argument<string>("config") { Description = "The pipeline configuration (YAML, see docs/madpinn.md, The pipeline)" };
        var retrain = new Option<bool>("--retrain") { Description = "Distill again even when the policy file exists" };
        var skipSimulate = new Option<bool>("--skip-simulate") { Description = "Leave out the simulation table" };
        var skipCertify = new Option<bool>("--skip-certify") { Description = "Leave out the certificates" };
        var jobs = new Option<int>("--jobs") { Description = "Cores for certification (default: all)", DefaultValueFactory = _ => -1 };
        var command = new Command("pipeline", "Train or load, distill, certify the team encounters, simulate MAD-PINN beside its distilled controller, and write one report.\n\nExample:\n  ./verify pipeline specs/madpinn/pipeline-k2.yaml" + "\n\n" + ExitCodes.Summary
            + "\nThe exit code is the worst certificate's (0 when every encounter is SAFE).")
        {
            config, retrain, skipSimulate, skipCertify, jobs,
        };
        command.SetAction(parse => Run(parse.GetValue(config)!, parse.GetValue(retrain), parse.GetValue(skipSimulate), parse.GetValue(skipCertify), parse.GetValue(jobs),
            parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));
        return command;
    }

    internal sealed record Certificate(PipelineEncounter Encounter, int ExitCode, string Verdict, double Seconds, string Spec, string Json, IReadOnlyList<(string Name, string Verdict, string Margin)> Properties);

    internal static int Run(string configPath, bool retrain, bool skipSimulate, bool skipCertify, int jobs, TextWriter output, TextWriter error)
    {
        PipelineConfig c;
        try
        {
            c = PipelineConfig.Read(configPath);
        }
        catch (SpecException e)
        {
            error.WriteLine($"error: {e.Message}");
            return ExitCodes.BadInput;
        }

        Directory.CreateDirectory(c.Output);
        var total = Stopwatch.StartNew();

        // 1. Teacher.
        if (!File.Exists(c.Teacher))
        {
            output.WriteLine($"[1/4] training the teacher: {c.Train}");
            int code = TrainCommand.Run(new TrainCommand.Request(c.Train!, null, null, null), output, error);
            if (code != ExitCodes.Ok || !File.Exists(c.Teacher))
            {
                error.WriteLine($"error: training {c.Train} did not write the teacher {c.Teacher} (exit {code}); its 'output:' must name that file.");
                return code != ExitCodes.Ok ? code : ExitCodes.BadInput;
            }
        }
        else
        {
            output.WriteLine($"[1/4] teacher {Path.GetRelativePath(c.Output, c.Teacher)} (loaded)");
        }

        // 2. Distilled controller.
        if (!File.Exists(c.Policy) || (retrain && c.Distill is not null))
        {
            output.WriteLine($"[2/4] distilling: {c.Distill}");
            int code = TrainCommand.Run(new TrainCommand.Request(c.Distill!, null, null, null), output, error);
            if (code != ExitCodes.Ok || !File.Exists(c.Policy))
            {
                error.WriteLine($"error: distilling with {c.Distill} did not write {c.Policy} (exit {code}); its 'output:' must name the same controller.");
                return code != ExitCodes.Ok ? code : ExitCodes.BadInput;
            }
        }
        else
        {
            output.WriteLine($"[2/4] distilled controller {Path.GetRelativePath(c.Output, c.Policy)} (loaded{(retrain ? "; no 'distill:' to retrain with" : string.Empty)})");
        }

        // 3. Certificates.
        var certificates = new List<Certificate>();
        if (!skipCertify)
        {
            string folder = Path.Combine(c.Output, "certify");
            Directory.CreateDirectory(folder);
            foreach (PipelineEncounter e in c.Encounters)
            {
                string stem = $"{e.Scene}-{e.Agents}";
                output.WriteLine($"[3/4] certifying {stem} (width {e.Width.ToString(CultureInfo.InvariantCulture)})");
                string spec = Path.Combine(folder, stem + ".yaml"), json = Path.Combine(folder, stem + ".json");
                var watch = Stopwatch.StartNew();
                using var captured = new StringWriter();
                int code = CertifyPolicyCommand.Run(
                    new CertifyPolicyCommand.Request(c.Policy, e.Agents, e.Scene, e.Separation, e.Width, Horizon: e.Horizon, GoalTolerance: e.GoalTolerance, SpecOut: spec, Json: json, Report: Path.Combine(folder, stem), Timeout: c.Timeout, Jobs: jobs, ProveAll: true),
                    captured, error);
                watch.Stop();
                output.Write(Indent(captured.ToString()));
                certificates.Add(ReadCertificate(e, code, watch.Elapsed.TotalSeconds, spec, json));
            }
        }

        // 4. Simulation table and step time.
        var rows = new List<NavigationBenchRow>();
        IReadOnlyList<ScalingRow> scaling = [];
        var models = new Dictionary<string, string> { ["madpinn"] = c.Teacher, ["distilled"] = c.Policy };
        string[] policies = ["madpinn", "distilled"];
        if (!skipSimulate && c.Scenarios.Count > 0)
        {
            try
            {
                foreach (string scenario in c.Scenarios)
                {
                    output.WriteLine($"[4/4] simulating {Path.GetFileName(scenario)}: N = {string.Join(", ", c.AgentCounts)}, {c.Seeds} seed(s)");
                    rows.AddRange(NavigationBench.Compare(scenario, policies, c.AgentCounts, c.Seeds, c.TimeLimit, line => output.WriteLine("  " + line), models));
                }

                if (c.StepTimeAgents > 0)
                {
                    scaling = NavigationBench.Scaling(c.Scenarios[0], policies, [c.StepTimeAgents], 100, line => output.WriteLine("  " + line), models);
                }
            }
            catch (Exception e) when (e is SpecException or ArgumentException or NotSupportedException)
            {
                error.WriteLine($"error: {e.Message}");
                return ExitCodes.BadInput;
            }
        }

        string report = WriteReport(c, certificates, rows, scaling, total.Elapsed.TotalSeconds);
        output.WriteLine($"wrote {report}");
        foreach (Certificate cert in certificates)
        {
            output.WriteLine($"  {cert.Encounter.Scene}, {cert.Encounter.Agents} agents: {cert.Verdict}");
        }

        if (certificates.Any(x => x.ExitCode == ExitCodes.Violated))
        {
            return ExitCodes.Violated;
        }

        return certificates.Select(x => x.ExitCode).FirstOrDefault(x => x != ExitCodes.Ok, ExitCodes.Ok);
    }

    private static Certificate ReadCertificate(PipelineEncounter e, int code, double seconds, string spec, string json)
    {
        string verdict = code switch { ExitCodes.Ok => "SAFE", ExitCodes.Violated => "UNSAFE", ExitCodes.Unknown => "UNKNOWN", _ => $"error (exit {code})" };
        var props = new List<(string, string, string)>();
        if (File.Exists(json))
        {
            using JsonDocument doc = JsonDocument.Parse(File.ReadAllBytes(json));
            if (doc.RootElement.TryGetProperty("verdict", out JsonElement v) && v.ValueKind == JsonValueKind.String)
            {
                verdict = v.GetString()!.ToUpperInvariant();
            }

            if (doc.RootElement.TryGetProperty("properties", out JsonElement ps) && ps.ValueKind == JsonValueKind.Array)
            {
                foreach (JsonElement p in ps.EnumerateArray())
                {
                    string margin = p.TryGetProperty("margin", out JsonElement m) ? m.ValueKind switch
                    {
                        JsonValueKind.Number => m.GetDouble().ToString("G4", CultureInfo.InvariantCulture),
                        JsonValueKind.String => m.GetString()!,
                        _ => "-",
                    } : "-";
                    props.Add((p.GetProperty("name").GetString() ?? "?", (p.GetProperty("verdict").GetString() ?? "?").ToUpperInvariant(), margin));
                }
            }
        }

        return new Certificate(e, code, verdict, seconds, spec, json, props);
    }

    private static string WriteReport(PipelineConfig c, IReadOnlyList<Certificate> certificates, IReadOnlyList<NavigationBenchRow> rows, IReadOnlyList<ScalingRow> scaling, double seconds)
    {
        string F(double v, string f = "F1") => double.IsFinite(v) ? v.ToString(f, CultureInfo.InvariantCulture) : "-";
        string Rel(string p) => Path.GetRelativePath(c.Output, p).Replace('\\', '/');
        var md = new StringBuilder();
        md.Append("# ").Append(c.Name).Append("\n\n");
        md.Append("Written by `certus pipeline ").Append(Path.GetFileName(c.Path)).Append("` (").Append(ToolInfo.Version).Append(", ")
            .Append(DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)).Append(", ").Append(F(seconds, "F0")).Append(" s).\n\n");
        md.Append("| file | SHA-256 |\n| --- | --- |\n");
        md.Append("| teacher `").Append(Rel(c.Teacher)).Append("` | `").Append(Sha(c.Teacher)).Append("` |\n");
        md.Append("| distilled controller `").Append(Rel(c.Policy)).Append("` | `").Append(Sha(c.Policy)).Append("` |\n\n");

        md.Append("## Training\n\n");
        foreach ((string what, string file) in new[] { ("teacher (MAD-PINN value network)", c.Teacher), ("distilled controller", c.Policy) })
        {
            string stem = file.EndsWith(".policy.json", StringComparison.OrdinalIgnoreCase) ? file[..^".policy.json".Length] : Path.ChangeExtension(file, null);
            string png = stem + ".losses.png";
            if (File.Exists(png))
            {
                string copy = Path.Combine(c.Output, Path.GetFileName(png));
                File.Copy(png, copy, overwrite: true);
                md.Append("![").Append(what).Append(" losses](").Append(Rel(copy)).Append(")\n\n");
            }
            else
            {
                md.Append(what).Append(": no loss curve next to the file (`").Append(Path.GetFileName(png)).Append("`).\n\n");
            }
        }

        if (File.Exists(c.Policy))
        {
            using JsonDocument doc = JsonDocument.Parse(File.ReadAllBytes(c.Policy));
            if (doc.RootElement.TryGetProperty("metrics", out JsonElement metrics) && metrics.ValueKind == JsonValueKind.Object)
            {
                md.Append("| distillation metric | value |\n| --- | --- |\n");
                foreach (JsonProperty p in metrics.EnumerateObject())
                {
                    md.Append("| ").Append(p.Name).Append(" | ").Append(p.Value.ToString()).Append(" |\n");
                }

                md.Append('\n');
            }
        }

        md.Append("## Certificates\n\n");
        if (certificates.Count == 0)
        {
            md.Append("None run.\n\n");
        }
        else
        {
            md.Append("The verdict is the worst of the properties; the columns group them: *no collision* (bodies never overlap), *goals* (every agent ends within r of its goal), *view* (the loop is the deployed one: no goal offset shortened, every neighbour within the dummy distance, slots in distance order).\n\n");
            md.Append("| encounter | agents | initial width | verdict | no collision | goals | view | seconds | spec | verdicts |\n| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
            foreach (Certificate x in certificates)
            {
                string Group(Func<string, bool> member)
                {
                    string[] v = [.. x.Properties.Where(p => member(p.Name)).Select(p => p.Verdict)];
                    return v.Length == 0 ? "-" : v.Contains("UNSAFE") ? "UNSAFE" : v.All(t => t == "SAFE") ? "SAFE" : "UNKNOWN";
                }

                md.Append("| ").Append(x.Encounter.Scene).Append(" | ").Append(x.Encounter.Agents).Append(" | ").Append(F(x.Encounter.Width, "G3")).Append(" | **").Append(x.Verdict).Append("** | ")
                    .Append(Group(n => n.StartsWith("no collision", StringComparison.Ordinal))).Append(" | ").Append(Group(n => n.EndsWith("at its goal", StringComparison.Ordinal))).Append(" | ")
                    .Append(Group(n => n.StartsWith("view:", StringComparison.Ordinal))).Append(" | ")
                    .Append(F(x.Seconds)).Append(" | [").Append(Path.GetFileName(x.Spec)).Append("](").Append(Rel(x.Spec)).Append(") | [json](").Append(Rel(x.Json)).Append(") |\n");
            }

            md.Append('\n');
            foreach (Certificate x in certificates.Where(x => x.Properties.Count > 0))
            {
                md.Append("<details><summary>").Append(x.Encounter.Scene).Append(", ").Append(x.Encounter.Agents).Append(" agents: properties</summary>\n\n| property | verdict | margin |\n| --- | --- | --- |\n");
                foreach ((string name, string verdict, string margin) in x.Properties)
                {
                    md.Append("| ").Append(name).Append(" | ").Append(verdict).Append(" | ").Append(margin).Append(" |\n");
                }

                md.Append("\n</details>\n\n");
            }

            foreach (Certificate x in certificates)
            {
                string plot = Path.Combine(Path.GetDirectoryName(x.Spec)!, Path.GetFileNameWithoutExtension(x.Spec), "projection-overlay.png");
                if (File.Exists(plot))
                {
                    md.Append("![").Append(x.Encounter.Scene).Append(", ").Append(x.Encounter.Agents).Append(" agents](").Append(Rel(plot)).Append(")\n\n");
                }
            }
        }

        md.Append("## Simulation\n\n");
        if (rows.Count == 0)
        {
            md.Append("None run.\n\n");
        }
        else
        {
            md.Append("| scenario | N | policy | safety | worst seed | success | cost | min sep. | policy ms/step |\n| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
            foreach (NavigationBenchRow r in rows)
            {
                md.Append("| ").Append(r.Scenario).Append(" | ").Append(r.Agents).Append(" | ").Append(r.Policy).Append(" | ").Append(F(100 * r.SafetyRate)).Append(" % | ").Append(F(100 * r.WorstSafetyRate))
                    .Append(" % | ").Append(F(100 * r.SuccessRate)).Append(" % | ").Append(F(r.MeanCumulativeCost, "F2")).Append(" | ").Append(F(r.MinSeparation, "F3")).Append(" | ").Append(F(r.PolicyMillisecondsPerStep, "F3")).Append(" |\n");
            }

            md.Append('\n');
            md.Append("Distilled beside MAD-PINN (success difference in points; safety of the distilled controller):\n\n| scenario | N | safety | success − MAD-PINN's |\n| --- | --- | --- | --- |\n");
            foreach (NavigationBenchRow d in rows.Where(r => r.Policy == "distilled"))
            {
                NavigationBenchRow? m = rows.FirstOrDefault(r => r.Policy == "madpinn" && r.Scenario == d.Scenario && r.Agents == d.Agents);
                md.Append("| ").Append(d.Scenario).Append(" | ").Append(d.Agents).Append(" | ").Append(F(100 * d.SafetyRate)).Append(" % | ")
                    .Append(m is null ? "-" : F(100 * (d.SuccessRate - m.SuccessRate), "+0.0;-0.0;0.0")).Append(" |\n");
            }

            md.Append('\n');
        }

        if (scaling.Count > 0)
        {
            md.Append("Step time on a random scene of ").Append(c.StepTimeAgents).Append(" agents (100 steps, median):\n\n| policy | whole step ms | policy ms |\n| --- | --- | --- |\n");
            foreach (ScalingRow s in scaling)
            {
                md.Append("| ").Append(s.Policy).Append(" | ").Append(F(s.StepMilliseconds[0], "F3")).Append(" | ").Append(F(s.PolicyMilliseconds[0], "F3")).Append(" |\n");
            }

            md.Append('\n');
        }

        string path = Path.Combine(c.Output, "report.md");
        File.WriteAllText(path, md.ToString());
        return path;
    }

    private static string Sha(string file) => File.Exists(file) ? Control.Distillation.DistilledPolicyFile.Sha256(file) : "-";

    private static string Indent(string text) => string.Concat(text.Split('\n').Where(l => l.Length > 0).Select(l => "  " + l + "\n"));
}
