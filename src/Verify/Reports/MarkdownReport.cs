using System.Globalization;
using System.Text;
using Certus.Core.Sets;
using Certus.Core.Systems;
using Certus.Verify.Certification;
using Certus.Verify.Reports.Documents;
using Certus.Verify.Specs;

namespace Certus.Verify.Reports;

/// <summary>The text of <c>report.md</c>.</summary>
internal static class MarkdownReport
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Build(CertificationResult result, ReportOptions options, SimulationEnsemble simulations, TubeBoxes? tube, IReadOnlyList<ConstraintBound?> bounds, IReadOnlyList<PlotFile> plots, string directory)
    {
        CertificationSpec spec = result.Spec;
        OdeSystem system = spec.System;
        NeuralController controller = spec.Controller;
        IReadOnlyList<string> states = system.States;
        double end = spec.Horizon * controller.Period;
        string verdict = result.Verdict.ToString().ToUpperInvariant();
        var md = new StringBuilder();

        md.AppendLine($"# {spec.Name}: {verdict}").AppendLine();
        md.AppendLine("| | |").AppendLine("| --- | --- |");
        Row(md, "spec", $"{Cell(spec.Name)} (`{Cell(Relative(directory, spec.Path))}`)");
        Row(md, "verdict", $"**{verdict}**");
        Row(md, "time", $"{G(result.Elapsed.TotalSeconds, "F2")} s{(result.Reach is { } r ? $" (reachability {G(r.Elapsed.TotalSeconds, "F2")} s)" : string.Empty)}");
        Row(md, "cells", result.Reach is { } reach
            ? $"{result.Cells}{(reach.BudgetExhausted ? " (cell or time budget exhausted)" : string.Empty)}, {reach.Cells.Count(c => c.Proved)} proved"
            : "0 (no proof attempted: every property was refuted)");
        Row(md, "horizon", spec.System.IsDiscrete ? $"{spec.Horizon} steps of a discrete-time plant, step k at t = k·{G(controller.Period)} (end t = {G(end)})" : $"{spec.Horizon} periods of {G(controller.Period)} s = {G(end)} s");
        Row(md, "tool", $"certus {Cell(ToolInfo.Version)}");
        Row(md, "created", DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", Invariant));
        IReadOnlyDictionary<string, string> given = DocumentOptions.WithValues(options.RunOptions);
        Row(md, "algorithm", string.Join(", ", result.Algorithm.Describe().Select(kv => $"{kv.Key} {kv.Value}")));
        Row(md, "options", given.Count == 0 ? "defaults" : string.Join(", ", given.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"`--{Cell(kv.Key.TrimStart('-'))} {Cell(kv.Value)}`")));
        foreach (InputFileHash input in InputFileHash.OfSpec(spec.Path, spec.NetworkPaths))
        {
            Row(md, $"{input.Role} file", $"`{Cell(Relative(directory, input.Path))}`, SHA-256 `{input.Sha256 ?? "unreadable"}`");
        }

        md.AppendLine();
        md.AppendLine("Paths are relative to this report's folder.").AppendLine();

        md.AppendLine("## Plant").AppendLine();
        md.AppendLine($"States (in order): {Names(states)}. Control inputs: {Names(system.Inputs)}."
            + (system.Disturbances.Count > 0 ? $" Disturbances: {Names(system.Disturbances)}." : string.Empty)).AppendLine();
        if (system.Parameters.Count > 0)
        {
            md.AppendLine("Parameters: " + string.Join(", ", system.Parameters.Select(p => $"`{p.Key} = {p.Value}`")) + ".").AppendLine();
        }

        md.AppendLine("```text");
        for (int i = 0; i < states.Count; i++)
        {
            md.AppendLine(system.IsDiscrete ? $"{states[i]}⁺ = {system.RightHandSides[i]}" : $"d{states[i]}/dt = {system.RightHandSides[i]}");
        }

        md.AppendLine("```").AppendLine();

        md.AppendLine("## Controller").AppendLine();
        md.AppendLine($"- network: `{controller.Network}`{(string.IsNullOrEmpty(controller.Network.Name) ? string.Empty : $" from `{Cell(Path.GetFileName(controller.Network.Name))}`")}"
            + (controller.Network.HasNormalization ? ", with input/output normalisation" : string.Empty));
        md.AppendLine($"- period: {G(controller.Period)} s, the control held in between (zero-order hold)");
        md.AppendLine("- input map (network input = expression over states, parameters and `t`):");
        for (int k = 0; k < controller.InputMap.Count; k++)
        {
            md.AppendLine($"  - `in[{k}] = {controller.InputMap[k]}`");
        }

        md.AppendLine("- output map (plant input = expression over `out[i]`):");
        for (int k = 0; k < controller.OutputMap.Count; k++)
        {
            md.AppendLine($"  - `{system.Inputs[k]} = {controller.OutputMap[k]}`");
        }

        md.AppendLine();
        md.AppendLine("## Initial set").AppendLine();
        md.AppendLine("| state | lower | upper |").AppendLine("| --- | --- | --- |");
        for (int i = 0; i < states.Count; i++)
        {
            md.AppendLine($"| {states[i]} | {G(spec.InitialSet[i].Lo, "G10")} | {G(spec.InitialSet[i].Hi, "G10")} |");
        }

        md.AppendLine();
        if (spec.Disturbances is { } w)
        {
            md.AppendLine("Disturbances, held over each period: " + string.Join(", ", system.Disturbances.Select((d, k) => $"{d} ∈ [{G(w[k].Lo, "G10")}, {G(w[k].Hi, "G10")}]")) + ".").AppendLine();
        }

        md.AppendLine("## Verdicts").AppendLine();
        md.AppendLine("| property | when | constraint | verdict | margin | reason |").AppendLine("| --- | --- | --- | --- | --- | --- |");
        for (int p = 0; p < result.Properties.Count; p++)
        {
            PropertyVerdict v = result.Properties[p];
            StateProperty property = spec.Properties[p];
            string when = property.Kind == PropertyKind.AtEnd ? $"at t = {G(end)} s"
                : property.Window is { } window ? $"always during [{G(window.Lo)}, {G(window.Hi)}] s" : "always";
            string constraint = bounds[p] is { } b ? b.Describe(states) : $"{property.Constraint} ≥ 0";
            md.AppendLine($"| {Cell(v.Name)} | {when} | `{Cell(constraint)}` | **{v.Verdict.ToString().ToUpperInvariant()}** | {G(v.Margin)} | {Cell(v.Reason ?? string.Empty)} |");
        }

        md.AppendLine();
        md.AppendLine("Margin: for SAFE a proved lower bound of the constraint's value; for UNSAFE the simulated (negative) value of the counterexample; for UNKNOWN the lower bound found.").AppendLine();

        foreach (Counterexample cx in result.Counterexamples)
        {
            AppendCounterexample(md, cx, spec, options);
        }

        md.AppendLine("## Final set").AppendLine();
        Box? final = result.Reach?.FinalSet;
        Box? hull = simulations.FinalHull;
        md.AppendLine(final is null
            ? "No enclosure of the final set: " + (result.Reach is null ? "no proof was attempted." : "some cell stopped before the end of the horizon.")
            : $"The reach set's final set at t = {G(end)} s (the hull over {result.Cells} cell(s)), next to the hull of {simulations.HullCount} simulated final states (the initial set's corners and random points). A width ratio near 1 means a tight enclosure.");
        md.AppendLine();
        md.AppendLine("| state | final set (reach) | simulated final states (hull) | width ratio |").AppendLine("| --- | --- | --- | --- |");
        for (int i = 0; i < states.Count; i++)
        {
            string reachText = final is null ? "—" : $"[{G(final[i].Lo)}, {G(final[i].Hi)}]";
            string hullText = hull is null ? "—" : $"[{G(hull[i].Lo)}, {G(hull[i].Hi)}]";
            string ratio = final is null || hull is null ? "—"
                : hull[i].Width > 0 ? G(final[i].Width / hull[i].Width, "F2")
                : final[i].Width == 0 ? "1" : "∞ (simulations do not spread)";
            md.AppendLine($"| {states[i]} | {reachText} | {hullText} | {ratio} |");
        }

        md.AppendLine();
        if (simulations.Failed > 0)
        {
            md.AppendLine($"{simulations.Failed} simulation(s) failed to integrate and were left out.").AppendLine();
        }

        md.AppendLine("## Plots").AppendLine();
        md.AppendLine($"{simulations.Runs.Count} simulations from random initial states (seed {options.Seed}); "
            + (tube is null ? "no reach tube (no proof was attempted)." : tube.Merged
                ? $"the reach tube's {tube.Segments} segments are merged by hull into {tube.Count} boxes (per time slice and group of neighbouring cells), so the drawing still encloses every segment."
                : $"every one of the reach tube's {tube.Segments} segments is drawn.")).AppendLine();
        foreach (PlotFile plot in plots)
        {
            md.AppendLine($"### {plot.Title}").AppendLine();
            md.AppendLine($"![{plot.Title}]({plot.Png})").AppendLine();
            md.AppendLine($"{plot.Caption} ([SVG]({plot.Svg}))").AppendLine();
        }

        return md.ToString();
    }

    private static void AppendCounterexample(StringBuilder md, Counterexample cx, CertificationSpec spec, ReportOptions options)
    {
        IReadOnlyList<string> states = spec.System.States;
        StateProperty? property = spec.Properties.FirstOrDefault(p => p.Name == cx.Property);
        md.AppendLine($"## Counterexample: {Cell(cx.Property)}").AppendLine();
        md.AppendLine($"- property: {Cell(cx.Property)}");
        md.AppendLine($"- initial state: ({string.Join(", ", states.Select((s, i) => $"{s} = {G(cx.InitialState[i], "R")}"))})");
        md.AppendLine($"- smallest simulated margin: {G(cx.Margin)} at t = {G(cx.Time)} s");
        md.AppendLine($"- validated: the interval enclosure of this trajectory lies entirely in the violating region during [{G(cx.ConfirmedDuring.Lo)}, {G(cx.ConfirmedDuring.Hi)}] s");
        md.AppendLine();
        if (cx.Times.Length == 0)
        {
            return;
        }

        // Evenly spaced rows, plus the row where the margin is smallest.
        int last = cx.Times.Length - 1;
        int rows = Math.Min(options.TraceRows, cx.Times.Length);
        var indices = new SortedSet<int>(Enumerable.Range(0, rows).Select(k => rows == 1 ? 0 : (int)Math.Round((double)k * last / (rows - 1))));
        int worst = 0;
        for (int k = 1; k <= last; k++)
        {
            if (Math.Abs(cx.Times[k] - cx.Time) < Math.Abs(cx.Times[worst] - cx.Time))
            {
                worst = k;
            }
        }

        indices.Add(worst);
        md.AppendLine($"Trace ({indices.Count} of {cx.Times.Length} simulated points):").AppendLine();
        md.AppendLine("| t [s] | " + string.Join(" | ", states) + (property is null ? string.Empty : " | margin") + " |");
        md.AppendLine("| --- | " + string.Join(" | ", states.Select(_ => "---")) + (property is null ? string.Empty : " | ---") + " |");
        foreach (int k in indices)
        {
            string margin = property is null ? string.Empty : $" | {G(property.Margin(states, cx.Times[k], cx.States[k]))}{(k == worst ? " (smallest)" : string.Empty)}";
            md.AppendLine($"| {G(cx.Times[k])} | " + string.Join(" | ", cx.States[k].Select(v => G(v))) + margin + " |");
        }

        md.AppendLine();
        bool disturbed = cx.Disturbances.Any(row => row.Length > 0);
        if (cx.Modes is not null || cx.Selectors.Length > 0 || disturbed)
        {
            // A modal or disturbed loop's evidence is its sequence of modes, choices and disturbances, step by step.
            string[] columns = [.. spec.System.Inputs, .. disturbed ? spec.System.Disturbances : []];
            md.AppendLine("Steps (the mode taken, the controls and the disturbances held over each period):").AppendLine();
            md.AppendLine("| k | t [s] | mode | " + string.Join(" | ", columns) + " |");
            md.AppendLine("| --- | --- | --- | " + string.Join(" | ", columns.Select(_ => "---")) + " |");
            for (int k = 0; k < cx.Controls.Length; k++)
            {
                IEnumerable<double> values = disturbed ? cx.Controls[k].Concat(cx.Disturbances[k]) : cx.Controls[k];
                md.AppendLine($"| {k} | {G(k * spec.Controller.Period)} | {cx.Modes?[k] ?? "-"} | " + string.Join(" | ", values.Select(v => G(v))) + " |");
            }

            md.AppendLine();
        }
    }

    // A path as seen from the report's folder, so that the report still reads right when the folder moves with the spec.
    private static string Relative(string directory, string path) =>
        Path.GetRelativePath(Path.GetFullPath(directory), Path.GetFullPath(path)).Replace('\\', '/');

    private static void Row(StringBuilder md, string key, string value) => md.AppendLine($"| {key} | {value} |");

    private static string Names(IReadOnlyList<string> names) => names.Count == 0 ? "none" : string.Join(", ", names.Select(n => $"`{n}`"));

    // A table cell: no line breaks, pipes escaped.
    private static string Cell(string text) => text.Replace("\r", " ", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal).Replace("|", "\\|", StringComparison.Ordinal);

    private static string G(double x, string format = "G6") =>
        double.IsNaN(x) ? "—" : double.IsPositiveInfinity(x) ? "+∞" : double.IsNegativeInfinity(x) ? "−∞" : x.ToString(format, Invariant);
}
