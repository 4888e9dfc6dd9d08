using Certus.Core.Systems;
using Certus.Core.Expressions;
using System.Globalization;
using Certus.Core.Numerics;
using Certus.Verify.Certification;
using ScottPlot;

namespace Certus.Verify.Reports;

/// <summary>One plot of the report: its PNG and SVG file names and what it shows.</summary>
/// <param name="Title">The heading in the report.</param>
/// <param name="Png">The PNG file name.</param>
/// <param name="Svg">The SVG file name.</param>
/// <param name="Caption">What is drawn.</param>
internal sealed record PlotFile(string Title, string Png, string Svg, string Caption);

/// <summary>One plot drawn but not yet saved.</summary>
/// <param name="Plot">The plot (its owner disposes it).</param>
/// <param name="Stem">The file name without extension.</param>
/// <param name="Title">The heading in the report.</param>
/// <param name="Caption">What is drawn.</param>
internal sealed record DrawnPlot(Plot Plot, string Stem, string Title, string Caption);

/// <summary>
/// Draws the report's plots with ScottPlot: every state over time, one projection on a pair of states, and the margin
/// over time of each property that is not a simple bound on one state. Each plot shows the reach tube (when there is
/// one), the simulations, the counterexample (red) and the property's bound and time window.
/// </summary>
internal sealed class ReportPlots
{
    private const int MaxMarginPlots = 8;
    private static readonly Color TubeColor = Color.FromHex("#1f77b4");
    private static readonly Color SimulationColor = Color.FromHex("#404040");
    private static readonly Color CounterexampleColor = Color.FromHex("#d62728");
    private static readonly Color BoundColor = Color.FromHex("#ff7f0e");
    private static readonly Color WindowColor = Color.FromHex("#f2c12e");
    private static readonly Color InitialColor = Color.FromHex("#2ca02c");
    private static readonly Color FinalColor = Color.FromHex("#9467bd");

    private readonly CertificationResult _result;
    private readonly ReportOptions _options;
    private readonly SimulationEnsemble _simulations;
    private readonly TubeBoxes? _tube;
    private readonly IReadOnlyList<ConstraintBound?> _bounds;
    private readonly IReadOnlyList<string> _states;
    private readonly double _end;
    private readonly double[]? _counterexampleTimes;
    private readonly double[][]? _counterexampleSeries;
    private readonly string _font = PickFont();

    public ReportPlots(CertificationResult result, ReportOptions options, SimulationEnsemble simulations, TubeBoxes? tube, IReadOnlyList<ConstraintBound?> bounds)
    {
        _result = result;
        _options = options;
        _simulations = simulations;
        _tube = tube;
        _bounds = bounds;
        _states = result.Spec.System.States;
        _end = result.Spec.Horizon * result.Spec.Controller.Period;
        if (result.Counterexample is { } cx && cx.Times.Length > 0)
        {
            _counterexampleTimes = cx.Times;
            _counterexampleSeries = [.. Enumerable.Range(0, _states.Count).Select(i => cx.States.Select(x => x[i]).ToArray())];
        }
    }

    /// <summary>The pair of states of the projection: the first two states the first property reads (filled up with
    /// the first other states), or null for a one-state plant.</summary>
    public (int X, int Y)? ProjectionPair()
    {
        if (_states.Count < 2)
        {
            return null;
        }

        var chosen = _result.Spec.Properties.Count == 0 ? [] : _result.Spec.Properties[0].Constraint.Variables()
            .Select(v => _states.IndexOfName(v)).Where(i => i >= 0).Take(2).ToList();
        for (int i = 0; chosen.Count < 2; i++)
        {
            if (!chosen.Contains(i))
            {
                chosen.Add(i);
            }
        }

        return (chosen[0], chosen[1]);
    }

    /// <summary>Draws every plot into <paramref name="directory"/>, several at a time (each plot is independent).</summary>
    public IReadOnlyList<PlotFile> DrawAll(string directory)
    {
        var jobs = new List<Func<PlotFile>>();
        for (int i = 0; i < _states.Count; i++)
        {
            int state = i;
            jobs.Add(() => DrawState(directory, state));
        }

        if (_result.Spec.Projections is { } pairs)
        {
            foreach ((int x, int y) in pairs)
            {
                jobs.Add(() => DrawProjection(directory, x, y));
            }

            if (_result.Spec.OverlayProjections && pairs.Count > 1)
            {
                jobs.Add(() => Save(OverlayPlot(pairs), directory));
            }
        }
        else if (ProjectionPair() is { } pair)
        {
            jobs.Add(() => DrawProjection(directory, pair.X, pair.Y));
        }

        foreach (int p in Enumerable.Range(0, _result.Spec.Properties.Count).Where(p => _bounds[p] is null).Take(MaxMarginPlots))
        {
            jobs.Add(() => DrawMargin(directory, p));
        }

        var files = new PlotFile[jobs.Count];
        try
        {
            Parallel.For(0, jobs.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, k => files[k] = jobs[k]());
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            // The caller turns I/O errors into a report error: hand it the first one as it was thrown.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
            throw;
        }

        return files;
    }

    private string Verdict => _result.Verdict.ToString().ToUpperInvariant();

    private string TubeLegend => _tube is null ? string.Empty
        : _tube.Merged
            ? string.Create(CultureInfo.InvariantCulture, $"reach tube ({_tube.Cells} cells, {_tube.Segments} segments merged into {_tube.Count} boxes)")
            : string.Create(CultureInfo.InvariantCulture, $"reach tube ({_tube.Cells} cell{(_tube.Cells == 1 ? string.Empty : "s")}, {_tube.Segments} segments)");

    private PlotFile DrawState(string directory, int i) => Save(StatePlot(i), directory);

    /// <summary>The plot of state <paramref name="i"/> over time, not yet saved (the caller disposes it).</summary>
    internal DrawnPlot StatePlot(int i)
    {
        string name = _states[i];
        var plot = NewPlot($"{_result.Spec.Name}: {Verdict}, {name} over time", "time t [s]", name);
        var range = new AxisRange();
        var window = new HashSet<(double, double)>();

        // Time windows first, so that they lie beneath everything else.
        foreach (ConstraintBound b in _bounds.OfType<ConstraintBound>().Where(b => b.State == i))
        {
            if (b.Property.Kind == PropertyKind.Always && b.Property.Window is { } w && window.Add((w.Lo, w.Hi)))
            {
                var span = plot.Add.HorizontalSpan(w.Lo, w.Hi, WindowColor.WithAlpha(0.22));
                span.LineWidth = 0;
                span.LegendText = string.Create(CultureInfo.InvariantCulture, $"time window [{w.Lo:G6}, {w.Hi:G6}] s");
            }
        }

        BoxCollectionPlot? tube = null;
        if (_tube is not null)
        {
            tube = AddTube(plot, _tube.TimeLo, _tube.TimeHi, _tube.Lower[i], _tube.Upper[i]);
            range.AddTube(_tube.Lower[i]);
            range.AddTube(_tube.Upper[i]);
        }

        AddSimulations(plot, run => run.Times, run => run.Series[i], range);
        AddCounterexample(plot, _counterexampleTimes, _counterexampleSeries?[i], range, markTime: true);
        // Bounds far from the data (beyond half its span) are left out rather than squeezing the data.
        ConstraintBound[] mine = [.. _bounds.OfType<ConstraintBound>().Where(b => b.State == i)];
        foreach (ConstraintBound b in mine)
        {
            range.Near(b.Value);
        }

        foreach (var (b, text) in BoundLegends(mine.Where(b => range.Shows(b.Value))))
        {
            AddTimeBound(plot, b, text);
        }

        SetLimits(plot, -0.01 * _end, 1.01 * _end, range.PaddedLo, range.PaddedHi);
        string clip = NoteClipping(tube, (name, range));
        return new DrawnPlot(plot, $"state-{name}", $"{name} over time",
            $"`{name}` against time: {Describe(plotsTube: true)}{BoundsText(mine.Where(b => range.Shows(b.Value)))}.{clip}");
    }

    private PlotFile DrawProjection(string directory, int i, int j) => Save(ProjectionPlot(i, j), directory);

    /// <summary>The projection on states <paramref name="i"/> and <paramref name="j"/>, not yet saved (the caller disposes it).</summary>
    internal DrawnPlot ProjectionPlot(int i, int j)
    {
        string x = _states[i], y = _states[j];
        var plot = NewPlot($"{_result.Spec.Name}: {Verdict}, projection on ({x}, {y})", x, y);
        var rangeX = new AxisRange();
        var rangeY = new AxisRange();
        BoxCollectionPlot? tube = null;
        if (_tube is not null)
        {
            tube = AddTube(plot, _tube.Lower[i], _tube.Upper[i], _tube.Lower[j], _tube.Upper[j]);
            rangeX.AddTube(_tube.Lower[i]);
            rangeX.AddTube(_tube.Upper[i]);
            rangeY.AddTube(_tube.Lower[j]);
            rangeY.AddTube(_tube.Upper[j]);
        }

        AddSimulations(plot, run => run.Series[i], run => run.Series[j], rangeY, rangeX);
        if (_simulations.Runs.Count > 0)
        {
            double[] endX = [.. _simulations.Runs.Select(r => r.Series[i][^1])];
            double[] endY = [.. _simulations.Runs.Select(r => r.Series[j][^1])];
            var ends = plot.Add.Markers(endX, endY, MarkerShape.FilledCircle, 5, SimulationColor);
            ends.LegendText = "final states of the simulations";
        }

        var initial = _result.Spec.InitialSet;
        Outline(plot, initial[i], initial[j], InitialColor, "initial set");
        rangeX.Add([initial[i].Lo, initial[i].Hi]);
        rangeY.Add([initial[j].Lo, initial[j].Hi]);
        ScottPlot.Plottables.Rectangle? finalOutline = null;
        if (_result.Reach?.FinalSet is { } final)
        {
            finalOutline = Outline(plot, final[i], final[j], FinalColor, $"final set at t = {Format(_end)} s (reach)");
        }

        if (_counterexampleSeries is not null)
        {
            AddCounterexample(plot, _counterexampleSeries[i], _counterexampleSeries[j], rangeY, markTime: false, rangeX);
        }

        ConstraintBound[] onPair = [.. _bounds.OfType<ConstraintBound>().Where(b => b.State == i || b.State == j)];
        foreach (ConstraintBound b in onPair)
        {
            (b.State == i ? rangeX : rangeY).Near(b.Value);
        }

        onPair = [.. onPair.Where(b => (b.State == i ? rangeX : rangeY).Shows(b.Value))];
        foreach (var (b, legend) in BoundLegends(onPair.Where(b => b.Property.Kind != PropertyKind.AtEnd)))
        {
            bool vertical = b.State == i;
            string text = legend ?? string.Empty;
            if (vertical)
            {
                var line = plot.Add.VerticalLine(b.Value, 2.5f, BoundColor, LinePattern.Dashed);
                line.LegendText = text;
            }
            else
            {
                var line = plot.Add.HorizontalLine(b.Value, 2.5f, BoundColor, LinePattern.Dashed);
                line.LegendText = text;
            }
        }

        // Goals at the final time: the box they cut out of the plane (open sides reach the plot's edge).
        ConstraintBound[] goal = [.. onPair.Where(b => b.Property.Kind == PropertyKind.AtEnd)];
        if (goal.Length > 0)
        {
            static (double Lo, double Hi) Side(IEnumerable<ConstraintBound> bounds, double lo, double hi) => (
                bounds.Where(b => !b.IsUpper).Select(b => b.Value).DefaultIfEmpty(lo).Max(),
                bounds.Where(b => b.IsUpper).Select(b => b.Value).DefaultIfEmpty(hi).Min());
            var gx = Side(goal.Where(b => b.State == i), rangeX.PaddedLo, rangeX.PaddedHi);
            var gy = Side(goal.Where(b => b.State == j), rangeY.PaddedLo, rangeY.PaddedHi);
            if (gx.Lo <= gx.Hi && gy.Lo <= gy.Hi)
            {
                var box = plot.Add.Rectangle(gx.Lo, gx.Hi, gy.Lo, gy.Hi);
                box.FillColor = BoundColor.WithAlpha(0.12);
                box.LineColor = BoundColor;
                box.LineWidth = 2.5f;
                box.LinePattern = LinePattern.Dashed;
                box.LegendText = BoundLegend(goal);
                plot.MoveToBack(box);
            }
        }

        SetLimits(plot, rangeX.PaddedLo, rangeX.PaddedHi, rangeY.PaddedLo, rangeY.PaddedHi);
        if (finalOutline is not null)
        {
            // The final set of a blown-up tube is as large: keep its outline near the visible range.
            ClampToView(finalOutline, rangeX, rangeY);
        }

        string clip = NoteClipping(tube, (x, rangeX), (y, rangeY));
        return new DrawnPlot(plot, $"projection-{x}-{y}", $"Projection on ({x}, {y})",
            $"`{y}` against `{x}`: {Describe(plotsTube: true)}, the initial set (green){(_result.Reach?.FinalSet is null ? string.Empty : " and the reach set's final set (purple)")}{BoundsText(onPair)}.{clip}");
    }

    /// <summary>Every projection in one plane (a team's agents side by side): per pair its tube, simulations,
    /// initial set and counterexample, each pair in its own colour.</summary>
    internal DrawnPlot OverlayPlot(IReadOnlyList<(int X, int Y)> pairs)
    {
        Color[] palette = [TubeColor, Color.FromHex("#2ca02c"), Color.FromHex("#9467bd"), Color.FromHex("#8c564b"), Color.FromHex("#e377c2"), Color.FromHex("#17becf"), Color.FromHex("#bcbd22")];
        string xs = string.Join(", ", pairs.Select(p => _states[p.X])), ys = string.Join(", ", pairs.Select(p => _states[p.Y]));
        var plot = NewPlot($"{_result.Spec.Name}: {Verdict}, in one plane", xs, ys);
        var rangeX = new AxisRange();
        var rangeY = new AxisRange();
        for (int k = 0; k < pairs.Count; k++)
        {
            (int i, int j) = pairs[k];
            Color color = palette[k % palette.Length];
            string name = $"({_states[i]}, {_states[j]})";
            if (_tube is not null)
            {
                var boxes = new BoxCollectionPlot(_tube.Lower[i], _tube.Upper[i], _tube.Lower[j], _tube.Upper[j])
                {
                    FillColor = color.WithAlpha(0.25),
                    OutlineColor = color.WithAlpha(0.3),
                    LegendText = $"reach tube of {name}",
                };
                plot.Add.Plottable(boxes);
                rangeX.AddTube(_tube.Lower[i]);
                rangeX.AddTube(_tube.Upper[i]);
                rangeY.AddTube(_tube.Lower[j]);
                rangeY.AddTube(_tube.Upper[j]);
            }

            for (int r = 0; r < _simulations.Runs.Count; r++)
            {
                SimulatedRun run = _simulations.Runs[r];
                rangeX.Add(run.Series[i]);
                AddLine(plot, run.Series[i], run.Series[j], SimulationColor.WithAlpha(0.35), 1, k == 0 && r == 0 ? $"{_simulations.Runs.Count} simulations" : null, rangeY);
            }

            var initial = _result.Spec.InitialSet;
            Outline(plot, initial[i], initial[j], color, $"initial set of {name}");
            rangeX.Add([initial[i].Lo, initial[i].Hi]);
            rangeY.Add([initial[j].Lo, initial[j].Hi]);
            if (_counterexampleSeries is not null)
            {
                rangeX.Add(_counterexampleSeries[i]);
                AddLine(plot, _counterexampleSeries[i], _counterexampleSeries[j], CounterexampleColor, 2.5f, k == 0 ? "counterexample" : null, rangeY);
            }
        }

        SetLimits(plot, rangeX.PaddedLo, rangeX.PaddedHi, rangeY.PaddedLo, rangeY.PaddedHi);
        return new DrawnPlot(plot, "projection-overlay", "All projections in one plane",
            $"{string.Join(", ", pairs.Select(p => $"`({_states[p.X]}, {_states[p.Y]})`"))} in one plane: {Describe(plotsTube: true)}, each pair's tube and initial set in its own colour.");
    }

    private PlotFile DrawMargin(string directory, int p) => Save(MarginPlot(p), directory);

    /// <summary>The margin of property <paramref name="p"/> over time, not yet saved (the caller disposes it).</summary>
    internal DrawnPlot MarginPlot(int p)
    {
        StateProperty property = _result.Spec.Properties[p];
        var plot = NewPlot($"{_result.Spec.Name}: {Verdict}, margin of '{property.Name}'", "time t [s]", $"margin: {property.Constraint}");
        var range = new AxisRange();
        range.Add([0]);
        if (property.Kind == PropertyKind.Always && property.Window is { } w)
        {
            var span = plot.Add.HorizontalSpan(w.Lo, w.Hi, WindowColor.WithAlpha(0.22));
            span.LineWidth = 0;
            span.LegendText = string.Create(CultureInfo.InvariantCulture, $"window [{w.Lo:G6}, {w.Hi:G6}] s");
        }

        BoxCollectionPlot? tube = null;
        if (_tube is not null)
        {
            var tLo = new List<double>(_tube.Count);
            var tHi = new List<double>(_tube.Count);
            var mLo = new List<double>(_tube.Count);
            var mHi = new List<double>(_tube.Count);
            for (int k = 0; k < _tube.Count; k++)
            {
                // A segment where the constraint may be undefined has no margin band to draw.
                Interval m;
                try
                {
                    m = property.Margin(_states, _tube.BoxAt(k), new Interval(_tube.TimeLo[k], _tube.TimeHi[k]));
                }
                catch (UndefinedExpressionException)
                {
                    continue;
                }

                if (m.IsBounded)
                {
                    tLo.Add(_tube.TimeLo[k]);
                    tHi.Add(_tube.TimeHi[k]);
                    mLo.Add(m.Lo);
                    mHi.Add(m.Hi);
                }
            }

            tube = AddTube(plot, [.. tLo], [.. tHi], [.. mLo], [.. mHi], "margin over the reach tube (interval bounds)");
            range.AddTube(mLo);
            range.AddTube(mHi);
        }

        double[] Margins(double[] times, Func<int, double> state, int n, int count) =>
            [.. Enumerable.Range(0, count).Select(k =>
            {
                var x = new double[n];
                for (int s = 0; s < n; s++)
                {
                    x[s] = state((k * n) + s);
                }

                return property.Margin(_states, times[k], x);
            })];

        int n = _states.Count;
        var margins = _simulations.Runs.Select(r => Margins(r.Times, idx => r.Series[idx % n][idx / n], n, r.Times.Length)).ToArray();
        for (int r = 0; r < margins.Length; r++)
        {
            AddLine(plot, _simulations.Runs[r].Times, margins[r], SimulationColor.WithAlpha(0.45), 1, r == 0 ? $"{_simulations.Runs.Count} simulations" : null, range);
        }

        if (_result.Counterexample is { } cx && _counterexampleTimes is not null)
        {
            double[] m = Margins(cx.Times, idx => cx.States[idx / n][idx % n], n, cx.Times.Length);
            AddLine(plot, cx.Times, m, CounterexampleColor, 2.5f, "counterexample", range);
        }

        var zero = plot.Add.HorizontalLine(0, 2.5f, BoundColor, LinePattern.Dashed);
        zero.LegendText = property.Kind == PropertyKind.AtEnd ? $"margin 0 (must be ≥ 0 at t = {Format(_end)} s)" : "margin 0 (must stay ≥ 0)";
        if (property.Kind == PropertyKind.AtEnd)
        {
            var end = plot.Add.VerticalLine(_end, 1.5f, BoundColor, LinePattern.Dotted);
            end.LegendText = "end time";
        }

        SetLimits(plot, -0.01 * _end, 1.01 * _end, range.PaddedLo, range.PaddedHi);
        string clip = NoteClipping(tube, ("the margin", range));
        return new DrawnPlot(plot, $"margin-{p + 1}", $"Margin of '{property.Name}' over time",
            $"The margin `{property.Constraint}` (the property asks ≥ 0{(property.Kind == PropertyKind.AtEnd ? " at the end" : string.Empty)}) against time: {Describe(plotsTube: true, margin: true)}.{clip}");
    }

    private string Describe(bool plotsTube, bool margin = false)
    {
        var parts = new List<string>();
        if (plotsTube && _tube is not null)
        {
            parts.Add(margin ? "interval bounds of the margin over each tube box (blue)" : $"the reach tube (blue, {(_tube.Merged ? $"{_tube.Segments} segments merged into {_tube.Count} boxes" : $"{_tube.Segments} segments of {_tube.Cells} cell(s)")})");
        }

        parts.Add($"{_simulations.Runs.Count} simulated trajectories (grey)");
        if (_result.Counterexample is not null)
        {
            parts.Add("the counterexample (red: a square at its start, a circle where its margin is smallest)");
        }

        return string.Join(", ", parts);
    }

    private string BoundsText(IEnumerable<ConstraintBound> shown)
    {
        ConstraintBound[] bounds = [.. shown];
        return bounds.Length == 0 ? string.Empty
            : "; orange: the bounds " + string.Join("; ", BoundLegends(bounds).Values.OfType<string>()) + (bounds.Any(b => b.Property.Window is not null) ? ", with the time window shaded" : string.Empty);
    }

    private string BoundLegend(IReadOnlyList<ConstraintBound> group)
    {
        string list = string.Join(", ", group.Select(b => b.Describe(_states)));
        StateProperty first = group[0].Property;
        return first.Kind switch
        {
            PropertyKind.AtEnd => $"goal at t = {Format(_end)} s: {list}",
            _ when first.Window is { } w => string.Create(CultureInfo.InvariantCulture, $"{list} during [{w.Lo:G6}, {w.Hi:G6}] s"),
            _ => $"{list} always",
        };
    }

    // One legend entry per kind of bound (always, within a window, at the end): the first line of each group carries
    // the text for all of them, so the legend stays short.
    private Dictionary<ConstraintBound, string?> BoundLegends(IEnumerable<ConstraintBound> bounds)
    {
        var legends = new Dictionary<ConstraintBound, string?>(ReferenceEqualityComparer.Instance);
        foreach (var group in bounds.GroupBy(b => (b.Property.Kind, b.Property.Window)))
        {
            ConstraintBound[] members = [.. group];
            for (int k = 0; k < members.Length; k++)
            {
                legends[members[k]] = k == 0 ? BoundLegend(members) : null;
            }
        }

        return legends;
    }

    private void AddTimeBound(Plot plot, ConstraintBound b, string? text)
    {
        text ??= string.Empty;
        if (b.Property.Kind == PropertyKind.AtEnd)
        {
            // A goal at the final time: a short mark at the end of the horizon.
            var mark = plot.Add.Line(0.94 * _end, b.Value, _end, b.Value);
            mark.LineWidth = 3;
            mark.LineColor = BoundColor;
            mark.MarkerSize = 0;
            mark.LegendText = text;
        }
        else if (b.Property.Window is { } w)
        {
            var segment = plot.Add.Line(w.Lo, b.Value, w.Hi, b.Value);
            segment.LineWidth = 2.5f;
            segment.LineColor = BoundColor;
            segment.LinePattern = LinePattern.Dashed;
            segment.MarkerSize = 0;
            segment.LegendText = text;
        }
        else
        {
            var line = plot.Add.HorizontalLine(b.Value, 2.5f, BoundColor, LinePattern.Dashed);
            line.LegendText = text;
        }
    }

    private BoxCollectionPlot AddTube(Plot plot, double[] left, double[] right, double[] bottom, double[] top, string? legend = null)
    {
        var boxes = new BoxCollectionPlot(left, right, bottom, top)
        {
            FillColor = TubeColor.WithAlpha(0.28),
            OutlineColor = TubeColor.WithAlpha(0.3),
            LegendText = legend ?? TubeLegend,
        };
        plot.Add.Plottable(boxes);
        return boxes;
    }

    // Where an axis cuts off the tube (it blew up, or a bound is infinite): say so in the tube's legend entry, and
    // return the sentence for the caption (empty when nothing is cut off).
    private static string NoteClipping(BoxCollectionPlot? tube, params (string Axis, AxisRange Range)[] axes)
    {
        var clipped = axes.Where(a => a.Range.TubeClipped).ToArray();
        if (tube is null || clipped.Length == 0)
        {
            return string.Empty;
        }

        string reaches = axes.Length == 1
            ? clipped[0].Range.TubeReach
            : string.Join(", ", clipped.Select(a => $"{a.Axis} {a.Range.TubeReach}"));
        tube.LegendText += $"; clipped: reaches {reaches}";
        return $" The reach tube is far wider than the simulations and is clipped to the plotted range (it reaches {reaches}).";
    }

    // Sets the limits and compact tick labels (the default labels of a huge range are 40-digit integers).
    private static void SetLimits(Plot plot, double xLo, double xHi, double yLo, double yHi)
    {
        plot.Axes.SetLimits(xLo, xHi, yLo, yHi);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = TickLabels.ForAxis(xLo, xHi) };
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = TickLabels.ForAxis(yLo, yHi) };
    }

    // Clamps a rectangle's sides to a span beyond the visible range (its cut sides lie outside the plot).
    private static void ClampToView(ScottPlot.Plottables.Rectangle r, AxisRange x, AxisRange y)
    {
        static double Clamp(double v, AxisRange a)
        {
            double span = a.PaddedHi - a.PaddedLo;
            return double.IsNaN(v) ? a.PaddedLo : Math.Clamp(v, a.PaddedLo - span, a.PaddedHi + span);
        }

        CoordinateRect c = r.CoordinateRect;
        r.CoordinateRect = new CoordinateRect(Clamp(c.Left, x), Clamp(c.Right, x), Clamp(c.Bottom, y), Clamp(c.Top, y));
    }

    private void AddSimulations(Plot plot, Func<SimulatedRun, double[]> xs, Func<SimulatedRun, double[]> ys, AxisRange rangeY, AxisRange? rangeX = null)
    {
        for (int r = 0; r < _simulations.Runs.Count; r++)
        {
            SimulatedRun run = _simulations.Runs[r];
            rangeX?.Add(xs(run));
            AddLine(plot, xs(run), ys(run), SimulationColor.WithAlpha(0.45), 1, r == 0 ? $"{_simulations.Runs.Count} simulations" : null, rangeY);
        }
    }

    private void AddCounterexample(Plot plot, double[]? xs, double[]? ys, AxisRange rangeY, bool markTime, AxisRange? rangeX = null)
    {
        if (_result.Counterexample is not { } cx || xs is null || ys is null)
        {
            return;
        }

        rangeX?.Add(xs);
        AddLine(plot, xs, ys, CounterexampleColor, 2.5f, string.Create(CultureInfo.InvariantCulture, $"counterexample (margin {cx.Margin:G4} at t = {cx.Time:G4} s)"), rangeY);
        int at = NearestIndex(cx.Times, cx.Time);
        var marker = markTime
            ? plot.Add.Marker(cx.Time, ys[at], MarkerShape.OpenCircle, 14, CounterexampleColor)
            : plot.Add.Marker(xs[at], ys[at], MarkerShape.OpenCircle, 14, CounterexampleColor);
        marker.LineWidth = 2.5f;
        plot.Add.Marker(xs[0], ys[0], MarkerShape.FilledSquare, 9, CounterexampleColor);
    }

    private void AddLine(Plot plot, double[] xs, double[] ys, Color color, float width, string? legend, AxisRange range)
    {
        var line = plot.Add.ScatterLine(xs, ys, color);
        line.LineWidth = width;

        // A discrete-time plant exists at the steps only: mark them (the line just joins consecutive steps).
        line.MarkerSize = _result.Spec.System.IsDiscrete ? 2 + (2 * width) : 0;
        if (legend is not null)
        {
            line.LegendText = legend;
        }

        range.Add(ys);
    }

    private static ScottPlot.Plottables.Rectangle Outline(Plot plot, Interval x, Interval y, Color color, string legend)
    {
        var r = plot.Add.Rectangle(x.Lo, x.Hi, y.Lo, y.Hi);
        r.FillColor = Colors.Transparent;
        r.LineColor = color;
        r.LineWidth = 2.5f;
        r.LinePattern = LinePattern.Dashed;
        r.LegendText = legend;
        return r;
    }

    private Plot NewPlot(string title, string xLabel, string yLabel)
    {
        var plot = new Plot();
        plot.Font.Set(_font);
        plot.Title(title, 22);
        plot.XLabel(xLabel, 18);
        plot.YLabel(yLabel, 18);
        plot.Axes.Bottom.TickLabelStyle.FontSize = 15;
        plot.Axes.Left.TickLabelStyle.FontSize = 15;
        return plot;
    }

    private PlotFile Save(DrawnPlot drawn, string directory)
    {
        using Plot plot = drawn.Plot;
        var (stem, title, caption) = (drawn.Stem, drawn.Title, drawn.Caption);
        var legend = plot.ShowLegend(Edge.Bottom);
        legend.Legend.Orientation = Orientation.Horizontal;
        legend.Legend.FontSize = 15;
        legend.Legend.FontName = _font;
        string png = stem + ".png", svg = stem + ".svg";
        plot.SavePng(Path.Combine(directory, png), _options.Width, _options.Height);

        // Skia's SVG canvas has no dashes (it draws them solid and complains on stderr): draw them solid here.
        foreach (IPlottable p in plot.GetPlottables())
        {
            switch (p)
            {
                case ScottPlot.Plottables.Rectangle r:
                    r.LinePattern = LinePattern.Solid;
                    break;
                case ScottPlot.Plottables.LinePlot l:
                    l.LinePattern = LinePattern.Solid;
                    break;
                case ScottPlot.Plottables.AxisLine a:
                    a.LinePattern = LinePattern.Solid;
                    break;
            }
        }

        plot.SaveSvg(Path.Combine(directory, svg), _options.Width, _options.Height);
        return new PlotFile(title, png, svg, caption);
    }

    // A sans-serif face that exists here (ScottPlot's default may be a serif one).
    internal static string PickFont() =>
        new[] { "DejaVu Sans", "Liberation Sans", "Noto Sans", "Arial", "Helvetica" }.FirstOrDefault(Installed) ?? Fonts.Sans;

    private static bool Installed(string family) =>
        Fonts.GetTypeface(family, false, false) is { } face && string.Equals(face.FamilyName, family, StringComparison.OrdinalIgnoreCase);

    private static int NearestIndex(double[] times, double t)
    {
        int best = 0;
        for (int k = 1; k < times.Length; k++)
        {
            if (Math.Abs(times[k] - t) < Math.Abs(times[best] - t))
            {
                best = k;
            }
        }

        return best;
    }

    private static string Format(double x) => x.ToString("G6", CultureInfo.InvariantCulture);
}
