using System.Diagnostics;
using Certus.Core.Expressions;
using Certus.Core.Numerics;
using Certus.Core.Sets;
using Certus.Core.Systems;
using Certus.Reach.Flow;
using Certus.Reach.Networks;

namespace Certus.Reach.ClosedLoop;

/// <summary>
/// Closed-loop reachability with boxes, the recursion of the seed paper: at each period the state box goes through
/// the controller's input map (interval arithmetic), the network (<see cref="NetworkBounds"/>), the output map, and
/// the validated flow over the period with the controls held in the resulting box (<see cref="Flow"/>); every tube
/// segment is checked against every property. Cells whose properties are undecided are bisected until the cell or
/// time budget runs out. Cells of one generation run in parallel; results do not depend on the scheduling.
/// </summary>
/// <remarks>Boxes lose the correlation between the state and the control at each period (the wrapping effect);
/// splitting the initial set is the remedy here.</remarks>
public sealed record ClosedLoopReachability
{
    /// <summary>Bounds of the network over a box of its inputs (default: linear relaxation).</summary>
    public INetworkBoundAlgorithm NetworkBounds { get; init; } = new LinearRelaxation();

    /// <summary>The validated flow over one period (default: interval Taylor, Lohner form).</summary>
    public IFlowAlgorithm Flow { get; init; } = new IntervalTaylorFlow();

    /// <summary>The largest number of cells in the partition of the initial set (default 1024).</summary>
    public int MaxCells { get; init; } = 1024;

    /// <summary>Stop splitting after this much time (default: no limit).</summary>
    public TimeSpan? TimeBudget { get; init; }

    /// <summary>Cores to use (default: all).</summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;

    /// <summary>Analyses a problem.</summary>
    /// <param name="problem">The problem.</param>
    /// <param name="progress">Receives progress after each generation of cells (optional).</param>
    /// <param name="cancellation">Stops the run between cells; the result then reports the budget as exhausted.</param>
    /// <returns>The result with every cell.</returns>
    public ClosedLoopReachResult Analyze(ClosedLoopReachProblem problem, IProgress<ReachProgress>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(problem);
        if (MaxCells < 1)
        {
            throw new ArgumentException($"MaxCells must be at least 1, got {MaxCells}.");
        }

        long start = Stopwatch.GetTimestamp();
        var done = new List<CellResult>();
        var pending = new List<(Box Cell, int Depth)> { (problem.InitialSet, 0) };
        bool exhausted = false;
        double[] scale = problem.InitialSet.Widths.Select(w => w > 0 ? w : 1).ToArray();
        while (pending.Count > 0)
        {
            var results = new CellResult[pending.Count];
            Parallel.For(0, pending.Count, new ParallelOptions { MaxDegreeOfParallelism = MaxDegreeOfParallelism, CancellationToken = CancellationToken.None }, i =>
            {
                bool late = TimeBudget is { } limit && Stopwatch.GetElapsedTime(start) > limit;
                results[i] = cancellation.IsCancellationRequested || late
                    ? Skipped(problem, pending[i].Cell, pending[i].Depth, late ? "time budget exhausted before this cell was analysed" : "cancelled")
                    : AnalyzeCell(problem, pending[i].Cell, pending[i].Depth);
            });

            var next = new List<(Box, int)>();
            for (int i = 0; i < results.Length; i++)
            {
                CellResult r = results[i];
                bool outOfTime = TimeBudget is { } budget && Stopwatch.GetElapsedTime(start) > budget;
                bool canSplit = !r.Proved && r.Failure is not ("cancelled" or "time budget exhausted before this cell was analysed") && !outOfTime && !cancellation.IsCancellationRequested
                    && done.Count + next.Count + (results.Length - i) + 1 <= MaxCells;
                if (canSplit)
                {
                    int dim = SplitDimension(r.Cell, scale);
                    var (lower, upper) = r.Cell.Bisect(dim);
                    next.Add((lower, r.Depth + 1));
                    next.Add((upper, r.Depth + 1));
                }
                else
                {
                    exhausted |= !r.Proved;
                    done.Add(r);
                }
            }

            pending = next;
            progress?.Report(new ReachProgress(done.Count, done.Count(c => c.Proved), pending.Count, Stopwatch.GetElapsedTime(start)));
        }

        done.Sort((a, b) => CompareCells(a.Cell, b.Cell));
        var summary = problem.Properties.Select((p, k) =>
        {
            bool proved = done.All(c => c.Failure is null && c.Outcomes[k].Status == PropertyStatus.Proved);
            double margin = done.Count == 0 ? double.NaN : done.Min(c => c.Outcomes.Count > k ? c.Outcomes[k].Margin : double.NegativeInfinity);
            double? first = done.Where(c => c.Outcomes.Count > k && c.Outcomes[k].FirstUndecidedTime is not null).Select(c => c.Outcomes[k].FirstUndecidedTime).Min();
            return new PropertyOutcome(p, proved ? PropertyStatus.Proved : PropertyStatus.Undecided, margin, first);
        }).ToArray();
        return new ClosedLoopReachResult(problem, this, done, summary, exhausted, Stopwatch.GetElapsedTime(start));
    }

    private static CellResult Skipped(ClosedLoopReachProblem problem, Box cell, int depth, string why) => new(
        cell,
        depth,
        [.. problem.Properties.Select(p => new PropertyOutcome(p, PropertyStatus.Undecided, double.NegativeInfinity, 0))],
        [],
        null,
        why);

    // Splits the dimension that is widest relative to the initial set (so that point dimensions are never split).
    private static int SplitDimension(Box cell, double[] scale)
    {
        int best = 0;
        double bestWidth = -1;
        for (int i = 0; i < cell.Dimension; i++)
        {
            double w = cell[i].Width / scale[i];
            if (w > bestWidth)
            {
                bestWidth = w;
                best = i;
            }
        }

        return best;
    }

    private static int CompareCells(Box a, Box b)
    {
        for (int i = 0; i < a.Dimension; i++)
        {
            int c = a[i].Lo.CompareTo(b[i].Lo);
            if (c != 0)
            {
                return c;
            }
        }

        return 0;
    }

    /// <summary>The recursion on one cell of the initial set, without splitting (a point box validates one trajectory).</summary>
    /// <param name="problem">The problem.</param>
    /// <param name="cell">A box inside the initial set.</param>
    /// <param name="depth">The bisection depth to record.</param>
    /// <returns>The cell's result with its tube.</returns>
    public CellResult AnalyzeCell(ClosedLoopReachProblem problem, Box cell, int depth = 0)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(cell);
        OdeSystem system = problem.System;
        NeuralController controller = problem.Controller;
        double period = controller.Period;
        IReadOnlyList<StateProperty> properties = problem.Properties;
        double[] margins = Enumerable.Repeat(double.PositiveInfinity, properties.Count).ToArray();
        var firstUndecided = new double?[properties.Count];
        var tube = new List<FlowSegment>();
        Box x = cell;

        void Check(Box box, Interval time, bool final)
        {
            for (int p = 0; p < properties.Count; p++)
            {
                StateProperty prop = properties[p];
                bool applies = final ? prop.Kind == PropertyKind.AtEnd : prop.Applies(time);
                if (!applies)
                {
                    continue;
                }

                double m = prop.Margin(system.States, box, time).Lo;
                if (double.IsNaN(m))
                {
                    m = double.NegativeInfinity;
                }

                margins[p] = Math.Min(margins[p], m);
                if (m < 0 && firstUndecided[p] is null)
                {
                    firstUndecided[p] = time.Lo;
                }
            }
        }

        CellResult Result(Box? final, string? failure) => new(
            cell,
            depth,
            [.. properties.Select((p, k) => new PropertyOutcome(
                p,
                failure is null && margins[k] >= 0 ? PropertyStatus.Proved : PropertyStatus.Undecided,
                margins[k],
                failure is not null && firstUndecided[k] is null ? tube.Count > 0 ? tube[^1].Time.Hi : 0 : firstUndecided[k]))],
            tube,
            final,
            failure);

        for (int k = 0; k < problem.Periods; k++)
        {
            double t0 = k * period;
            Box controls;
            try
            {
                controls = ControlBox(controller, x, t0);
            }
            catch (ArgumentException e)
            {
                return Result(null, $"period {k + 1}: the controller's inputs could not be bounded ({e.Message})");
            }

            Box inputs = problem.Disturbances is null ? controls : new Box(controls.Concat(problem.Disturbances));
            if (inputs.Any(i => !i.IsBounded))
            {
                return Result(null, $"period {k + 1}: the control is unbounded over the state box {x}");
            }

            FlowProblem flowProblem;
            try
            {
                flowProblem = new FlowProblem(system, x, inputs.Dimension == 0 ? null : inputs, t0, period);
            }
            catch (ArgumentException e)
            {
                return Result(null, $"period {k + 1}: {e.Message}");
            }

            if (!Flow.TryEnclose(flowProblem, out FlowEnclosure? enclosure, out FlowFailure? failure))
            {
                tube.AddRange(failure.Tube);
                foreach (FlowSegment s in failure.Tube)
                {
                    Check(s.Enclosure, s.Time, final: false);
                }

                return Result(null, $"period {k + 1}: the flow could not be enclosed after t = {failure.ValidatedUntil:G6} s ({failure.Reason})");
            }

            foreach (FlowSegment s in enclosure.Tube)
            {
                tube.Add(s);
                Check(s.Enclosure, s.Time, final: false);
            }

            x = enclosure.End;
        }

        Check(x, Interval.Point(problem.EndTime), final: true);
        return Result(x, null);
    }

    /// <summary>Encloses the controls the controller can produce over a box of states at a sampling time.</summary>
    /// <param name="controller">The controller.</param>
    /// <param name="states">The state box.</param>
    /// <param name="time">The sampling time.</param>
    /// <returns>One interval per plant control input.</returns>
    public Box ControlBox(NeuralController controller, Box states, double time)
    {
        ArgumentNullException.ThrowIfNull(controller);
        ArgumentNullException.ThrowIfNull(states);
        OdeSystem system = controller.System;
        Interval Lookup(string name, Box? outputs)
        {
            if (name == OdeSystem.TimeVariable)
            {
                return Interval.Point(time);
            }

            for (int i = 0; i < system.States.Count; i++)
            {
                if (system.States[i] == name)
                {
                    return states[i];
                }
            }

            if (outputs is not null && name.StartsWith("out[", StringComparison.Ordinal))
            {
                return outputs[int.Parse(name.AsSpan(4, name.Length - 5), System.Globalization.CultureInfo.InvariantCulture)];
            }

            throw new KeyNotFoundException($"No value for '{name}'.");
        }

        Interval[] netIn = [.. controller.InputMap.Select(e => ExpressionEvaluator.Evaluate<Interval, IntervalArithmetic>(e, default, n => Lookup(n, null)))];
        Box raw = NetworkBounds.Bound(controller.Network, new Box(netIn)).Output;
        return new Box(controller.OutputMap.Select(e => ExpressionEvaluator.Evaluate<Interval, IntervalArithmetic>(e, default, n => Lookup(n, raw))));
    }
}
