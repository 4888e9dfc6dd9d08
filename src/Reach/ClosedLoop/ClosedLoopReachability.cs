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
/// splitting the initial set is the remedy of the seed paper. <see cref="SetMode"/> = <see cref="ClosedLoopSetMode.Affine"/>
/// keeps it instead: the state set is an affine set <c>c + M·e</c> across periods and the control an affine function of
/// it with an interval error, so the flow sees <c>u = K·x₀ + d + w</c> rather than an unrelated box.</remarks>
public sealed partial record ClosedLoopReachability
{
    /// <summary>Bounds of the network over a box of its inputs (default: linear relaxation).</summary>
    public INetworkBoundAlgorithm NetworkBounds { get; init; } = new LinearRelaxation();

    /// <summary>The validated flow over one period (default: interval Taylor, Lohner form).</summary>
    public IFlowAlgorithm Flow { get; init; } = new IntervalTaylorFlow();

    /// <summary>How the state set is carried across periods (default <see cref="ClosedLoopSetMode.Affine"/>, which needs a
    /// <see cref="Flow"/> that implements <see cref="IAffineFlowAlgorithm"/>; <see cref="ClosedLoopSetMode.Box"/> is the seed
    /// paper's recursion, kept as the reference).</summary>
    public ClosedLoopSetMode SetMode { get; init; } = ClosedLoopSetMode.Affine;

    /// <summary>In <see cref="ClosedLoopSetMode.Affine"/> mode, the most coordinates the state set keeps from one period
    /// to the next, as a multiple of the number of states (default 3; at least 1): smaller error coordinates are
    /// wrapped into a box (<see cref="AffineSet.Reduce"/>).</summary>
    public int GeneratorsPerState { get; init; } = 3;

    /// <summary>The largest number of cells in the partition of the initial set (default 1024).</summary>
    public int MaxCells { get; init; } = 1024;

    /// <summary>Stop splitting after this much time (default: no limit).</summary>
    public TimeSpan? TimeBudget { get; init; }

    /// <summary>
    /// Decides avoid properties when no single constraint separates a tube box from the unsafe polytope
    /// (default: none, only the per-constraint interval test). Certification plugs in a linear program.
    /// </summary>
    public IPolytopeSeparator? Separator { get; init; }

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

        if (GeneratorsPerState < 1 || !Enum.IsDefined(SetMode))
        {
            throw new ArgumentException($"GeneratorsPerState must be at least 1 and SetMode defined, got {GeneratorsPerState} and {SetMode}.");
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
        OdeSystem system = problem.FlowSystem;
        NeuralController controller = problem.Controller;
        double period = controller.Period;
        IReadOnlyList<StateProperty> properties = problem.Properties;
        // Always/avoid/at-end keep the smallest margin; eventually keeps the best segment's margin.
        double[] margins = [.. properties.Select(p => p.Kind == PropertyKind.Eventually ? double.NegativeInfinity : double.PositiveInfinity)];
        var firstUndecided = new double?[properties.Count];
        var tube = new List<FlowSegment>();
        Box x = cell;

        var reasons = new string?[properties.Count];

        // Encloses a property's margin over a tube box; null when the constraint may be undefined there (the reason is
        // kept: such a segment proves nothing, and the property stays undecided on this cell).
        // For eventually, a segment where the goal may be undefined just does not count; its reason is kept apart and
        // reported only when no segment reaches the goal.
        var unreached = new string?[properties.Count];
        double? MarginOver(int p, Box box, Interval time)
        {
            try
            {
                return properties[p].Margin(system.States, box, problem.RealTime(time)).Lo;
            }
            catch (UndefinedExpressionException e)
            {
                string why = $"at t in [{time.Lo:G6}, {time.Hi:G6}] s the property '{properties[p].Name}' is not proved: {e.Message}";
                if (properties[p].Kind == PropertyKind.Eventually)
                {
                    unreached[p] ??= why;
                }
                else
                {
                    reasons[p] ??= why;
                }

                return null;
            }
        }

        // Tube times are engine times; windows and t in constraints are real times (see ClosedLoopReachProblem.TimeScale).
        void Check(Box box, Interval time, bool final)
        {
            Interval real = problem.RealTime(time);
            for (int p = 0; p < properties.Count; p++)
            {
                StateProperty prop = properties[p];
                if (prop.Kind == PropertyKind.Eventually)
                {
                    if (!final && prop.CountsForEventually(real) && MarginOver(p, box, time) is { } reached && !double.IsNaN(reached))
                    {
                        margins[p] = Math.Max(margins[p], reached);
                    }

                    continue;
                }

                bool applies = final ? prop.Kind == PropertyKind.AtEnd : prop.Applies(real);
                if (!applies)
                {
                    continue;
                }

                double m = MarginOver(p, box, time) ?? double.NegativeInfinity;
                if (double.IsNaN(m))
                {
                    m = double.NegativeInfinity;
                }

                if (!prop.IsProvedBy(m) && reasons[p] is null && prop.Kind == PropertyKind.Avoid && prop.Polytope is { } polytope && Separator is { } separator)
                {
                    // No single constraint separates the box from the polytope: try a combination of them.
                    m = Math.Max(m, separator.SeparationMargin(polytope, system.States, box, real));
                }

                margins[p] = Math.Min(margins[p], m);
                if (!prop.IsProvedBy(m) && firstUndecided[p] is null)
                {
                    firstUndecided[p] = real.Lo;
                }
            }
        }

        CellResult Result(Box? final, string? failure) => new(
            cell,
            depth,
            [.. properties.Select((p, k) => new PropertyOutcome(
                p,
                failure is null && reasons[k] is null && p.IsProvedBy(margins[k]) ? PropertyStatus.Proved : PropertyStatus.Undecided,
                margins[k],
                failure is not null && firstUndecided[k] is null ? tube.Count > 0 ? tube[^1].Time.Hi : 0 : firstUndecided[k]) { Reason = reasons[k] ?? (p.IsProvedBy(margins[k]) ? null : unreached[k]) })],
            tube,
            final,
            failure);

        if (SetMode == ClosedLoopSetMode.Affine)
        {
            if (Flow is not IAffineFlowAlgorithm affineFlow)
            {
                return Result(null, $"the affine set mode needs a flow algorithm that takes affine sets ({nameof(IAffineFlowAlgorithm)}); {Flow.Name} does not");
            }

            AffineSet xa = AffineSet.FromBox(cell);
            int maxGenerators = Math.Max(1, GeneratorsPerState) * system.States.Count;
            for (int k = 0; k < problem.Periods; k++)
            {
                double t0 = k * period;
                AffineFlowProblem flowProblem;
                try
                {
                    AffineSet joint = JointInitialSet(controller, xa, x, problem.RealTime(Interval.Point(t0)), problem.Disturbances);
                    flowProblem = new AffineFlowProblem(system, joint, t0, period);
                }
                catch (ArgumentException e)
                {
                    return Result(null, $"period {k + 1}: the controller could not be enclosed in affine form ({e.Message})");
                }
                catch (UndefinedExpressionException e)
                {
                    return Result(null, $"period {k + 1}: the controller may be undefined on part of the state set: {e.Message}");
                }

                if (!affineFlow.TryEnclose(flowProblem, out AffineFlowEnclosure? enclosure, out FlowFailure? failure))
                {
                    tube.AddRange(failure.Tube);
                    foreach (FlowSegment s in failure.Tube)
                    {
                        Check(s.Enclosure, s.Time, final: false);
                    }

                    return Result(null, $"period {k + 1}: the flow could not be enclosed after t = {failure.ValidatedUntil:G6} s ({failure.Reason})");
                }

                foreach (FlowSegment s in enclosure.Enclosure.Tube)
                {
                    tube.Add(s);
                    Check(s.Enclosure, s.Time, final: false);
                }

                // Both the end box and the affine end set contain every end state: carry the set, bound it by both.
                xa = enclosure.End.Reduce(maxGenerators);
                Box hull = xa.Hull();
                x = Meet(enclosure.Enclosure.End, hull);
                if (hull.Select((iv, i) => iv.Width > 4 * x[i].Width + 1e-12).Any(b => b))
                {
                    xa = AffineSet.FromBox(x); // the affine set has wrapped worse than the box: restart from the box
                }
            }

            Check(x, Interval.Point(period) * problem.Periods, final: true);
            return Result(x, null);
        }

        for (int k = 0; k < problem.Periods; k++)
        {
            double t0 = k * period;
            Box controls;
            try
            {
                controls = ControlBox(controller, x, problem.RealTime(Interval.Point(t0)));
            }
            catch (ArgumentException e)
            {
                return Result(null, $"period {k + 1}: the controller's inputs could not be bounded ({e.Message})");
            }
            catch (UndefinedExpressionException e)
            {
                return Result(null, $"period {k + 1}: the controller may be undefined on part of the state set: {e.Message}");
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

        Check(x, Interval.Point(period) * problem.Periods, final: true);
        return Result(x, null);
    }

    // The intersection of two boxes that both contain the same non-empty set.
    private static Box Meet(Box a, Box b) => new(a.Select((i, k) =>
    {
        Interval m = Interval.Intersect(i, b[k]);
        return m.IsEmpty ? throw new InvalidOperationException($"Internal error: two enclosures of the same states are disjoint ({a} and {b}).") : m;
    }));

    /// <summary>Encloses the controls the controller can produce over a box of states at a sampling time.</summary>
    /// <param name="controller">The controller.</param>
    /// <param name="states">The state box.</param>
    /// <param name="time">The sampling time.</param>
    /// <returns>One interval per plant control input.</returns>
    /// <exception cref="UndefinedExpressionException">The input or output map may be undefined on part of the box.</exception>
    public Box ControlBox(NeuralController controller, Box states, double time) => ControlBox(controller, states, Interval.Point(time));

    /// <summary>Encloses the controls the controller can produce over a box of states at a sampling time known as an interval.</summary>
    /// <param name="controller">The controller.</param>
    /// <param name="states">The state box.</param>
    /// <param name="time">An enclosure of the sampling time.</param>
    /// <returns>One interval per plant control input.</returns>
    /// <exception cref="UndefinedExpressionException">The input or output map may be undefined on part of the box.</exception>
    public Box ControlBox(NeuralController controller, Box states, Interval time)
    {
        ArgumentNullException.ThrowIfNull(controller);
        ArgumentNullException.ThrowIfNull(states);
        OdeSystem system = controller.System;
        Interval Lookup(string name, Box? outputs)
        {
            if (name == OdeSystem.TimeVariable)
            {
                return time;
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

        Interval[] netIn = [.. controller.InputMap.Select(e => ExpressionEvaluator.EvaluateDefined(e, n => Lookup(n, null)))];
        Box raw = NetworkBounds.Bound(controller.Network, new Box(netIn)).Output;
        return new Box(controller.OutputMap.Select(e => ExpressionEvaluator.EvaluateDefined(e, n => Lookup(n, raw))));
    }
}
