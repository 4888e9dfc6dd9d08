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

    /// <summary>In <see cref="ClosedLoopSetMode.Affine"/> mode, how the wrapped coordinates are enclosed (default
    /// <see cref="AffineWrapping.Axis"/>).</summary>
    public AffineWrapping Wrapping { get; init; } = AffineWrapping.Axis;

    /// <summary>Chooses the dimension along which an undecided cell is halved (default null: the widest relative to the
    /// initial set). Called in parallel for different cells; a dimension that cannot be halved, or -1, falls back to the
    /// widest. The choice never affects soundness, only how many cells a proof takes.</summary>
    public Func<CellResult, int>? SplitChooser { get; init; }

    /// <summary>
    /// The next configuration of a portfolio (default: none): a cell this one does not prove is analysed again with
    /// <see cref="Fallback"/> (and its own fallback, in turn) before it is split; the result with the larger smallest
    /// margin is kept (each is sound). Its cell, time and parallelism budgets are this engine's.
    /// </summary>
    public ClosedLoopReachability? Fallback { get; init; }

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
        return AnalyzeCells(problem, [(problem.InitialSet, 0)], progress, cancellation);
    }

    /// <summary>
    /// Analyses a problem from given top-level cells (for instance one shard's share of an <see cref="InitialPartition"/>)
    /// instead of the whole initial set: each goes through the usual splitting and budgets, with the split dimension
    /// chosen relative to the widths of the problem's initial set, so that a cell gives the same sub-cells whether it is
    /// reached by splitting the initial set or given here.
    /// </summary>
    /// <param name="problem">The problem.</param>
    /// <param name="roots">The top-level cells with their bisection depth; each inside the initial set (may be empty).</param>
    /// <param name="progress">Receives progress after each generation of cells (optional).</param>
    /// <param name="cancellation">Stops the run between cells; the result then reports the budget as exhausted.</param>
    /// <returns>The result with every final cell (the sub-cells of the roots).</returns>
    public ClosedLoopReachResult AnalyzeCells(ClosedLoopReachProblem problem, IReadOnlyList<(Box Cell, int Depth)> roots, IProgress<ReachProgress>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(roots);
        foreach ((Box cell, int depth) in roots)
        {
            if (cell.Dimension != problem.InitialSet.Dimension || !problem.InitialSet.Contains(cell) || depth < 0)
            {
                throw new ArgumentException($"Root cell {cell} (depth {depth}) is not inside the initial set {problem.InitialSet}.", nameof(roots));
            }
        }

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
        var pending = roots.Select(r => (r.Cell, r.Depth, Preferred: 0)).ToList();
        List<ClosedLoopReachability> configurations = Configurations();
        bool exhausted = false;
        double[] scale = SplitScale(problem.InitialSet);
        while (pending.Count > 0)
        {
            var results = new CellResult[pending.Count];
            var dims = new int[pending.Count];
            Parallel.For(0, pending.Count, new ParallelOptions { MaxDegreeOfParallelism = MaxDegreeOfParallelism, CancellationToken = CancellationToken.None }, i =>
            {
                bool late = TimeBudget is { } limit && Stopwatch.GetElapsedTime(start) > limit;
                CellResult r = results[i] = cancellation.IsCancellationRequested || late
                    ? Skipped(problem, pending[i].Cell, pending[i].Depth, new CellNotAnalysed(Cancelled: !late))
                    : AnalyzeWithPortfolio(configurations, pending[i].Preferred, problem, pending[i].Cell, pending[i].Depth, TimeBudget is { } budget && budget.TotalSeconds < 1e9 ? start + (long)(budget.TotalSeconds * Stopwatch.Frequency) : null, cancellation);
                dims[i] = r.Proved ? -1
                    : r.Failure is { SplittingMayHelp: false } || cancellation.IsCancellationRequested ? SplitDimension(r.Cell, scale)
                    : ChooseSplit(r, scale);
            });

            var next = new List<(Box, int, int)>();
            for (int i = 0; i < results.Length; i++)
            {
                CellResult r = results[i];
                bool outOfTime = TimeBudget is { } budget && Stopwatch.GetElapsedTime(start) > budget;
                int dim = dims[i];
                bool wanted = dim >= 0 && r.Failure is not { SplittingMayHelp: false };
                bool canSplit = wanted && !outOfTime && !cancellation.IsCancellationRequested
                    && done.Count + next.Count + (results.Length - i) + 1 <= MaxCells;
                if (canSplit)
                {
                    var (lower, upper) = r.Cell.Bisect(dim);
                    next.Add((lower, r.Depth + 1, r.Configuration));
                    next.Add((upper, r.Depth + 1, r.Configuration));
                }
                else
                {
                    // A budget (cells, time, cancellation), not the cell itself, stopped it: a cell left unanalysed or
                    // interrupted counts, a cell too narrow to halve or failing for a reason splitting cannot fix does not.
                    exhausted |= wanted || r.Failure is CellNotAnalysed or CellInterrupted;
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

    // The configurations of the portfolio: this engine, then each fallback in turn (each without its own fallback).
    private List<ClosedLoopReachability> Configurations()
    {
        var list = new List<ClosedLoopReachability> { this with { Fallback = null } };
        for (ClosedLoopReachability? next = Fallback; next is not null && list.Count < 16; next = next.Fallback)
        {
            list.Add(next with { Fallback = null });
        }

        return list;
    }

    // The cell with the preferred configuration (the one that gave its parent's result), then, while it is not proved and
    // splitting may help, with the others in order; the result with the larger smallest margin is kept, so the splitter
    // and the summary see the tightest answer, and the halves of a split cell start from the configuration that did best.
    private CellResult AnalyzeWithPortfolio(IReadOnlyList<ClosedLoopReachability> configurations, int preferred, ClosedLoopReachProblem problem, Box cell, int depth, long? deadline, CancellationToken cancellation)
    {
        CellResult? best = null;
        foreach (int level in new[] { preferred }.Concat(Enumerable.Range(0, configurations.Count).Where(l => l != preferred)))
        {
            if (best is not null && (best.Proved || best.Failure is { SplittingMayHelp: false } || cancellation.IsCancellationRequested || (deadline is { } d && Stopwatch.GetTimestamp() > d)))
            {
                break;
            }

            if (best is not null && !configurations[level].DiffersFrom(configurations[best.Configuration], problem))
            {
                continue; // the same analysis of this problem again (wrapping, for a recursion that carries boxes)
            }

            CellResult tried = configurations[level].AnalyzeCell(problem, cell, depth, deadline, cancellation) with { Configuration = level };
            if (best is null || tried.Proved || SmallestMargin(tried) > SmallestMargin(best))
            {
                best = tried;
            }
        }

        return best!;
    }

    // Whether two configurations may analyse this problem differently: the wrapping is read only by the affine
    // recursions (a modal loop and the box mode carry boxes).
    private bool DiffersFrom(ClosedLoopReachability other, ClosedLoopReachProblem problem) =>
        problem.Modal is null && SetMode == ClosedLoopSetMode.Affine
            ? this != other
            : (this with { Wrapping = AffineWrapping.Axis }) != (other with { Wrapping = AffineWrapping.Axis });

    private static double SmallestMargin(CellResult r) =>
        r.Failure is not null ? double.NegativeInfinity : r.Outcomes.Count == 0 ? double.PositiveInfinity : r.Outcomes.Min(o => o.Margin);

    private static CellResult Skipped(ClosedLoopReachProblem problem, Box cell, int depth, CellFailure why) => new(
        cell,
        depth,
        [.. problem.Properties.Select(p => new PropertyOutcome(p, PropertyStatus.Undecided, double.NegativeInfinity, 0))],
        [],
        null,
        why);

    /// <summary>The widths the split dimension is measured against: the initial set's (1 for a point dimension).</summary>
    // The chooser's dimension when it gives one that can be halved, else the widest.
    private int ChooseSplit(CellResult r, double[] scale) =>
        SplitChooser?.Invoke(r) is int d && d >= 0 && d < r.Cell.Dimension && Math.BitIncrement(r.Cell[d].Lo) < r.Cell[d].Hi
            ? d : SplitDimension(r.Cell, scale);

    internal static double[] SplitScale(Box initialSet) => initialSet.Widths.Select(w => w > 0 ? w : 1).ToArray();

    // Splits the dimension that is widest relative to the initial set (so that point dimensions are never split), among
    // those with a double strictly inside (two adjacent doubles cannot be halved); -1 when there is none.
    internal static int SplitDimension(Box cell, double[] scale)
    {
        int best = -1;
        double bestWidth = -1;
        for (int i = 0; i < cell.Dimension; i++)
        {
            double w = cell[i].Width / scale[i];
            if (w > bestWidth && Math.BitIncrement(cell[i].Lo) < cell[i].Hi)
            {
                bestWidth = w;
                best = i;
            }
        }

        return best;
    }

    internal static int CompareCells(Box a, Box b)
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
    public CellResult AnalyzeCell(ClosedLoopReachProblem problem, Box cell, int depth = 0) => AnalyzeCell(problem, cell, depth, null, CancellationToken.None);

    // What stops a cell: the token and the deadline (a Stopwatch timestamp), passed to each flow so that it stops between
    // steps, and the check that names why (cancelled, or the time budget).
    private readonly record struct FlowStop(CancellationToken Token, long? Deadline, Func<int, CellFailure?> Interrupted);

    /// <summary>The recursion on one cell, stopping at the first period boundary after a deadline or a cancellation,
    /// or within a period's flow (between its steps).</summary>
    /// <param name="problem">The problem.</param>
    /// <param name="cell">A box inside the initial set.</param>
    /// <param name="depth">The bisection depth to record.</param>
    /// <param name="deadline">A <see cref="Stopwatch.GetTimestamp"/> value after which no new period starts, or null.</param>
    /// <param name="cancellation">Stops the cell at the next period boundary.</param>
    /// <returns>The cell's result (undecided with <see cref="CellInterrupted"/> when stopped).</returns>
    public CellResult AnalyzeCell(ClosedLoopReachProblem problem, Box cell, int depth, long? deadline, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(cell);
        var checker = new TubeChecker(problem, Separator);
        CellFailure? Interrupted(int period) =>
            cancellation.IsCancellationRequested ? new CellInterrupted(period, Cancelled: true)
            : deadline is { } d && Stopwatch.GetTimestamp() > d ? new CellInterrupted(period, Cancelled: false)
            : null;
        Box? final;
        var halt = new FlowStop(cancellation, deadline, Interrupted);
        CellFailure? failure = (problem.System.IsDiscrete, SetMode) switch
        {
            _ when problem.Modal is not null => ModalRecursion(problem, cell, checker, halt, out final),
            (true, ClosedLoopSetMode.Affine) => DiscreteAffineRecursion(problem, cell, checker, Interrupted, out final),
            (true, _) => DiscreteBoxRecursion(problem, cell, checker, Interrupted, out final),
            (false, ClosedLoopSetMode.Affine) => AffineRecursion(problem, cell, checker, halt, out final),
            _ => BoxRecursion(problem, cell, checker, halt, out final),
        };
        if (failure is null && problem.Modal is null)
        {
            checker.CheckFinal(final!); // a modal recursion checks each branch's final set itself
        }

        return checker.Result(cell, depth, failure is null ? final : null, failure);
    }

    // The seed paper's recursion: the state box through the controller (interval arithmetic and network bounds), then
    // the validated flow over the period with the controls held in the resulting box.
    private CellFailure? BoxRecursion(ClosedLoopReachProblem problem, Box cell, TubeChecker checker, FlowStop halt, out Box? final)
    {
        OdeSystem system = problem.FlowSystem;
        NeuralController controller = problem.Controller;
        double period = controller.Period;
        Box x = cell;
        final = null;
        for (int k = 0; k < problem.Periods; k++)
        {
            if (k > 0 && halt.Interrupted(k + 1) is { } stop)
            {
                return stop;
            }

            double t0 = k * period;
            Box controls;
            try
            {
                controls = ControlBox(controller, x, problem.RealTime(Interval.Point(t0)));
            }
            catch (ArgumentException e)
            {
                return new ControllerNotEnclosed(k + 1, $"the controller's inputs could not be bounded ({e.Message})");
            }
            catch (UndefinedExpressionException e)
            {
                return new ControllerNotEnclosed(k + 1, $"the controller may be undefined on part of the state set: {e.Message}", e);
            }

            Box inputs = problem.DisturbancesAt(k) is not { } w ? controls : new Box(controls.Concat(w));
            if (inputs.Any(i => !i.IsBounded))
            {
                return new ControllerNotEnclosed(k + 1, $"the control is unbounded over the state box {x}");
            }

            if (FlowStep(system, x, inputs, k, t0, period, checker, halt, out FlowEnclosure? enclosure) is { } failed)
            {
                return failed;
            }

            checker.AddRange(enclosure!.Tube);
            x = enclosure.End;
        }

        final = x;
        return null;
    }

    // The validated flow of one period from a box with held inputs (controls, then disturbances); on failure the tube up
    // to it goes to the checker (unless keepFailedTube is false: a modal cell's partial tube of one branch must not stand
    // for the others, or a counterexample's replay could be confirmed by one branch alone) and the failure is returned.
    private CellFailure? FlowStep(OdeSystem system, Box x, Box inputs, int k, double t0, double period, TubeChecker checker, FlowStop halt, out FlowEnclosure? enclosure, bool keepFailedTube = true)
    {
        enclosure = null;
        FlowProblem flowProblem;
        try
        {
            flowProblem = new FlowProblem(system, x, inputs.Dimension == 0 ? null : inputs, t0, period) { Cancellation = halt.Token, Deadline = halt.Deadline };
        }
        catch (ArgumentException e)
        {
            return new FlowProblemInvalid(k + 1, e.Message);
        }

        if (!Flow.TryEnclose(flowProblem, out enclosure, out FlowFailure? failure))
        {
            if (halt.Interrupted(k + 1) is { } interrupted)
            {
                return interrupted; // the flow stopped within the period
            }

            if (keepFailedTube)
            {
                checker.AddRange(failure.Tube);
            }

            return new FlowNotEnclosed(k + 1, failure);
        }

        return null;
    }

    // The affine recursion: the state set is carried as c + M·e across periods and the control as an affine function of
    // it with an interval error, so the flow sees the state-control correlation.
    private CellFailure? AffineRecursion(ClosedLoopReachProblem problem, Box cell, TubeChecker checker, FlowStop halt, out Box? final)
    {
        final = null;
        if (Flow is not IAffineFlowAlgorithm affineFlow)
        {
            return new AlgorithmMismatch($"the affine set mode needs a flow algorithm that takes affine sets ({nameof(IAffineFlowAlgorithm)}); {Flow.Name} does not");
        }

        OdeSystem system = problem.FlowSystem;
        NeuralController controller = problem.Controller;
        double period = controller.Period;
        Box x = cell;
        AffineSet xa = AffineSet.FromBox(cell);
        int maxGenerators = Math.Max(1, GeneratorsPerState) * system.States.Count;
        for (int k = 0; k < problem.Periods; k++)
        {
            if (k > 0 && halt.Interrupted(k + 1) is { } stop)
            {
                return stop;
            }

            double t0 = k * period;
            AffineFlowProblem flowProblem;
            try
            {
                AffineSet joint = JointInitialSet(controller, xa, x, problem.RealTime(Interval.Point(t0)), problem.DisturbancesAt(k));
                flowProblem = new AffineFlowProblem(system, joint, t0, period) { Cancellation = halt.Token, Deadline = halt.Deadline };
            }
            catch (ArgumentException e)
            {
                return new ControllerNotEnclosed(k + 1, $"the controller could not be enclosed in affine form ({e.Message})");
            }
            catch (UndefinedExpressionException e)
            {
                return new ControllerNotEnclosed(k + 1, $"the controller may be undefined on part of the state set: {e.Message}", e);
            }

            if (!affineFlow.TryEnclose(flowProblem, out AffineFlowEnclosure? enclosure, out FlowFailure? failure))
            {
                if (halt.Interrupted(k + 1) is { } within)
                {
                    return within; // the flow stopped within the period
                }

                checker.AddRange(failure.Tube);
                return new FlowNotEnclosed(k + 1, failure);
            }

            checker.AddRange(enclosure.Enclosure.Tube);

            // Both the end box and the affine end set contain every end state: carry the set, bound it by both.
            xa = enclosure.End.Reduce(maxGenerators, Wrapping);
            Box hull = xa.Hull();
            x = Meet(enclosure.Enclosure.End, hull);
            if (hull.Select((iv, i) => iv.Width > 4 * x[i].Width + 1e-12).Any(b => b))
            {
                xa = AffineSet.FromBox(x); // the affine set has wrapped worse than the box: restart from the box
            }
        }

        final = x;
        return null;
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
