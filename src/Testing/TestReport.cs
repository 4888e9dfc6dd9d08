using Certus.Core.Systems;
using System.Globalization;
using System.Text;
using Certus.Sim.ClosedLoop;
using Certus.Verify.Certification;

namespace Certus.Testing;

/// <summary>Text reports of failing cases: the violated property, the case, and the trajectory table up to the violation.</summary>
internal static class TestReport
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>The report of one failing case (FsCheck labels it with this).</summary>
    public static string Case(ControllerSuite suite, ClosedLoopCase c, CaseOutcome o)
    {
        var text = new StringBuilder();
        AppendCase(text, suite, c, o, suite.Simulate(c));
        return text.ToString();
    }

    /// <summary>The report of a check.</summary>
    public static string Result(ControllerCheckResult r)
    {
        var text = new StringBuilder();
        ControllerSuite suite = r.Suite;
        string path = suite.Spec.Path;
        text.AppendLine(r.SummaryLine);
        for (int p = 0; p < suite.Properties.Count; p++)
        {
            text.Append(Inv, $"  property '{suite.Properties[p].Name}': {(r.FailedByProperty[p] == 0 ? "held" : $"violated in {r.FailedByProperty[p]} runs")}").AppendLine();
        }

        if (r.Passed)
        {
            return text.ToString();
        }

        CaseOutcome found = r.CounterexampleOutcome!;
        ShrinkResult shrink = r.Shrink!;
        text.Append(Inv, $"first failure: run {r.FirstFailingRun}, property '{found.Property!.Name}', margin {G(found.Margin)} at t = {G(found.Time)} s").AppendLine();
        text.Append(Inv, $"  as found: {Describe(suite, r.Counterexample!)}").AppendLine();
        text.Append(Inv, $"shrunk ({shrink.Steps} steps, {shrink.Simulations} simulations):").AppendLine();
        AppendCase(text, suite, shrink.Case, shrink.Outcome, r.ShrunkTrajectory!);
        text.Append(Inv, $"replay: ./verify test {path} --runs {r.FirstFailingRun + 1} --seed {r.Seed}").AppendLine();
        text.Append(Inv, $"    or: ControllerProperties.Check(\"{path}\", runs: {r.FirstFailingRun + 1}, seed: {r.Seed})").AppendLine();
        return text.ToString();
    }

    private static void AppendCase(StringBuilder text, ControllerSuite suite, ClosedLoopCase c, CaseOutcome o, Trajectory trajectory)
    {
        if (o.Passed)
        {
            text.AppendLine("  passed: " + Describe(suite, c));
            return;
        }

        StateProperty property = o.Property!;
        text.Append(Inv, $"  property '{property.Name}' ({Kind(property)}) violated: margin {G(o.Margin)} at t = {G(o.Time)} s").AppendLine();
        text.Append(Inv, $"  {Describe(suite, c)}").AppendLine();
        AppendTable(text, suite, property, o, trajectory);
    }

    private static string Kind(StateProperty p)
    {
        string window = p.Window is { } w ? $" during [{G(w.Lo)}, {G(w.Hi)}] s" : string.Empty;
        return p.Kind switch
        {
            PropertyKind.Always => "always" + window,
            PropertyKind.Avoid => "avoid" + window,
            PropertyKind.AtEnd => "at end",
            _ => "eventually" + window,
        };
    }

    /// <summary>The initial state by name, the horizon, and the disturbances that are not at the centre of their box.</summary>
    public static string Describe(ControllerSuite suite, ClosedLoopCase c)
    {
        IReadOnlyList<string> states = suite.Spec.System.States;
        string x0 = string.Join(", ", states.Select((s, i) => $"{s} = {c.InitialState[i].ToString("R", Inv)}"));
        string text = string.Create(Inv, $"x0 = ({x0}), {c.Periods} of {suite.Spec.Horizon} periods");
        if (suite.DisturbanceSet is { } box && c.DisturbanceCount > 0)
        {
            double[] centre = [.. box.Select(i => i.Lo + ((i.Hi - i.Lo) / 2))];
            IReadOnlyList<string> names = suite.Spec.System.Disturbances;
            var off = new List<string>();
            for (int k = 0; k < c.Periods; k++)
            {
                double[] row = c.Disturbance(k);
                if (!row.AsSpan().SequenceEqual(centre))
                {
                    off.Add(string.Create(Inv, $"period {k}: ({string.Join(", ", row.Select((v, i) => $"{names[i]} = {G(v)}"))})"));
                }
            }

            text += off.Count == 0
                ? string.Create(Inv, $", disturbances at the centre ({string.Join(", ", centre.Select((v, i) => $"{names[i]} = {G(v)}"))}) in every period")
                : string.Create(Inv, $", disturbances off the centre in {off.Count} periods: {string.Join("; ", off.Take(12))}{(off.Count > 12 ? "; ..." : string.Empty)}");
        }

        return text;
    }

    /// <summary>Time, states and the property's margin at every sampling instant up to the violation, plus the violating point.</summary>
    private static void AppendTable(StringBuilder text, ControllerSuite suite, StateProperty property, CaseOutcome o, Trajectory trajectory)
    {
        IReadOnlyList<string> states = suite.Spec.System.States;
        StateMargin margin = Certifier.MarginOf(suite.Spec, property);
        double until = property.Kind == PropertyKind.Eventually || double.IsNaN(o.FirstViolationTime) ? trajectory.Times[^1] : o.FirstViolationTime;
        var rows = new List<int>();
        for (int k = 0; k <= trajectory.Periods; k++)
        {
            int index = trajectory.SamplingIndex(k);
            if (trajectory.Times[index] > until + 1e-12)
            {
                break;
            }

            rows.Add(index);
        }

        int violating = Array.FindIndex(trajectory.Times.ToArray(), t => t >= until - 1e-12);
        if (violating >= 0 && !rows.Contains(violating))
        {
            rows.Add(violating);
        }

        string[] header = ["t", .. states, "margin"];
        var cells = rows.Select(i =>
        {
            double m = margin(trajectory.Times[i], trajectory.State(i));
            ReadOnlySpan<double> x = trajectory.State(i);
            string[] row = new string[header.Length];
            row[0] = trajectory.Times[i].ToString("0.####", Inv);
            for (int s = 0; s < states.Count; s++)
            {
                row[s + 1] = G(x[s]);
            }

            row[^1] = double.IsPositiveInfinity(m) ? "-" : G(m) + (m < 0 ? " <" : string.Empty);
            return row;
        }).ToList();
        int[] widths = [.. header.Select((h, j) => Math.Max(h.Length, cells.Count == 0 ? 0 : cells.Max(r => r[j].Length)))];
        text.AppendLine("  " + string.Join("  ", header.Select((h, j) => h.PadLeft(widths[j]))));
        foreach (string[] row in cells)
        {
            text.AppendLine("  " + string.Join("  ", row.Select((v, j) => v.PadLeft(widths[j]))));
        }
    }

    private static string G(double v) => v.ToString("G6", Inv);
}
