using Certus.Core.Systems;
using Certus.Core.Expressions;
using System.Diagnostics;
using Certus.Core.Numerics;
using Certus.Core.Sets;
using Certus.Reach.ClosedLoop;
using Certus.Reach.Flow;
using Certus.Sim.ClosedLoop;
using Certus.Sim.Falsification;
using Certus.Verify.Specs;

namespace Certus.Verify.Certification;

/// <summary>Options of the certification pipeline.</summary>
public sealed record CertifyOptions
{
    /// <summary>Time budget of the whole run, falsification and proof (default 300 s; null for none); past it the
    /// undecided properties are UNKNOWN with the reason "timeout".</summary>
    public TimeSpan? Timeout { get; init; } = TimeSpan.FromSeconds(300);

    /// <summary>Cores to use (default: all).</summary>
    public int Jobs { get; init; } = -1;

    /// <summary>Largest partition of the initial set (default 1024).</summary>
    public int MaxCells { get; init; } = 1024;

    /// <summary>Simulations spent on falsification per property (default null: the algorithm's, 2000 unless a spec's
    /// <c>options:</c> says otherwise).</summary>
    public int? FalsificationBudget { get; init; }

    /// <summary>The algorithm (default null: the spec's <c>options:</c> block over <see cref="CertificationAlgorithm.Default"/>).</summary>
    public CertificationAlgorithm? Algorithm { get; init; }

    /// <summary>Seed of the falsification search (default 1).</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Whether to prove the other properties once one is violated (default false: a validated
    /// counterexample decides the spec UNSAFE at once, and the properties not yet proved are UNKNOWN, "not attempted").</summary>
    public bool ProveAll { get; init; }
    /// <summary>The proof starts from an <see cref="InitialPartition"/> of the initial set into at least this many top-level
    /// cells (default 1: the initial set itself); a sharded run uses at least <see cref="ShardCount"/>. A single run with
    /// the same number gives the same cells, margins and cell count as the merged shards.</summary>
    public int TopCells { get; init; } = 1;

    /// <summary>The shard this run proves, 0 to <see cref="ShardCount"/> − 1 (default 0).</summary>
    public int ShardIndex { get; init; }

    /// <summary>How many shards share the partition (default 1: this run proves every cell).</summary>
    public int ShardCount { get; init; } = 1;
}

/// <summary>
/// Certification: falsify first (simulation search); a violation becomes UNSAFE only when a validated interval
/// simulation of that single trajectory lies entirely in the violating region during some time interval; otherwise
/// prove with closed-loop reachability; what is neither is UNKNOWN with the reason.
/// </summary>
public static class Certifier
{
    /// <summary>Certifies a spec.</summary>
    /// <param name="spec">The spec.</param>
    /// <param name="options">Options (defaults when null).</param>
    /// <param name="progress">Receives human-readable progress lines (optional).</param>
    /// <param name="cancellation">Cancels the proof.</param>
    /// <returns>The verdicts.</returns>
    public static CertificationResult Certify(CertificationSpec spec, CertifyOptions? options = null, IProgress<string>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        options ??= new CertifyOptions();
        if (options.ShardCount < 1 || options.ShardIndex < 0 || options.ShardIndex >= options.ShardCount || options.TopCells < 1
            || Math.Max(options.TopCells, options.ShardCount) > InitialPartition.MaxTopCells)
        {
            throw new ArgumentException($"Shard {options.ShardIndex} of {options.ShardCount} with {options.TopCells} top-level cells: need 0 <= shard < shards and 1 to {InitialPartition.MaxTopCells} cells.", nameof(options));
        }

        long start = Stopwatch.GetTimestamp();
        CertificationAlgorithm algorithm = options.Algorithm ?? spec.Algorithm ?? CertificationAlgorithm.Default;
        if (options.FalsificationBudget is { } simulations)
        {
            algorithm = algorithm with { Falsification = simulations };
        }

        algorithm.Validate();
        InitialPartition partition = InitialPartition.Create(spec.InitialSet, Math.Max(options.TopCells, options.ShardCount));
        IReadOnlyList<int> share = partition.ShareOf(options.ShardIndex, options.ShardCount);
        ClosedLoopReachProblem problem = spec.ToReachProblem();

        // The deadline covers falsification too: a huge horizon must not run past --timeout.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        using var finished = new ManualResetEventSlim();
        if (options.Timeout is { } limit)
        {
            // On a thread of its own, not a thread-pool timer: when the simulations hold every pool thread (a caller that
            // is itself on the pool, such as a test host, on two cores), a timer callback can wait for a minute.
            var watch = new Thread(() =>
            {
                try
                {
                    if (!finished.Wait(limit))
                    {
                        deadline.Cancel();
                    }
                }
                catch (ObjectDisposedException)
                {
                    // The run ended while the deadline fell due: nothing left to stop.
                }
            }) { IsBackground = true, Name = "certus deadline" };
            watch.Start();
        }

        try
        {
            return CertifyCore(spec, options, progress, cancellation, deadline, algorithm, partition, share, problem, start);
        }
        finally
        {
            finished.Set();
        }
    }

    private static CertificationResult CertifyCore(
        CertificationSpec spec, CertifyOptions options, IProgress<string>? progress, CancellationToken cancellation, CancellationTokenSource deadline,
        CertificationAlgorithm algorithm, InitialPartition partition, IReadOnlyList<int> share, ClosedLoopReachProblem problem, long start)
    {
        var splitter = algorithm.Splitting == SplittingRule.Sensitivity ? new SensitivitySplitter(spec, options.Seed) : null;
        ClosedLoopReachability Reach(TimeSpan? budget) => algorithm.Engine(options.MaxCells, budget, options.Jobs, new LinearProgramSeparator()) is var engine && splitter is not null
            ? engine with { SplitChooser = splitter.Choose }
            : engine;

        // 1. A first, quick search (the first QuickSearch points of falsification's random phase) before the proof: most
        //    violations show there, and one confirmed decides the spec with nothing running beside it.
        // 2. The proof over the properties not refuted, with the rest of the search (the whole of today's falsification,
        //    local searches included) beside it on a thread of its own. Each answer is sound on its own, so the first
        //    decisive one ends the other: a proof of every property ends the search (no validated violation can exist
        //    then); a validated violation ends the proof, which with --prove-all runs again over the properties not
        //    refuted, as a sequential run would. The verdicts, cells and margins do not depend on which came first.
        var gate = new object();
        IProgress<string>? say = progress is null ? null : new SynchronousProgress<string>(line =>
        {
            lock (gate)
            {
                progress.Report(line);
            }
        });

        var verdicts = new PropertyVerdict?[spec.Properties.Count];
        var counterexamples = new List<Counterexample>();
        // The whole run's deadline (a Stopwatch timestamp): a validated confirmation stops at it too.
        long? due = options.Timeout is { } limit ? start + (long)Math.Min(limit.TotalSeconds * Stopwatch.Frequency, long.MaxValue / 4.0) : null;
        var search = new PropertySearch(spec, options, algorithm, problem, Reach(options.Timeout), verdicts, counterexamples, say, due);
        bool Decided() => counterexamples.Count > 0 && !options.ProveAll;
        int quick = Math.Min(QuickSearch, algorithm.Falsification);
        for (int p = 0; p < verdicts.Length && !Decided() && !deadline.IsCancellationRequested && quick < algorithm.Falsification; p++)
        {
            search.Run(p, quick, deadline.Token);
        }

        // The proof over these properties, in what is left of --timeout (it stops between flow steps when that runs out).
        ClosedLoopReachResult Prove(int[] properties, CancellationToken token, string message)
        {
            say?.Report(message);
            ClosedLoopReachProblem open = properties.Length == verdicts.Length ? problem : problem.With(spec.Horizon, [.. properties.Select(p => spec.Properties[p])]);
            ClosedLoopReachability proof = Reach(options.Timeout is { } total ? Remaining(total, start) : null);
            return proof.AnalyzeCells(open, [.. share.Select(i => (partition.Cells[i], partition.Depth))], CellProgress(say), token);
        }

        ClosedLoopReachResult? concurrent = null;
        bool refutedBeside = false;
        int[] reached = [.. Enumerable.Range(0, verdicts.Length).Where(p => verdicts[p] is null)];
        if (!Decided() && !deadline.IsCancellationRequested && reached.Length > 0)
        {
            using var stopProof = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            using var stopSearch = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token);
            void SearchRest()
            {
                foreach (int p in reached)
                {
                    if (Decided() || stopSearch.IsCancellationRequested)
                    {
                        break; // the spec is UNSAFE already (the rest are "not attempted"), or the proof decided it
                    }

                    if (search.Run(p, algorithm.Falsification, stopSearch.Token))
                    {
                        refutedBeside = true;
                        stopProof.Cancel(); // decided: the proof stops (with --prove-all it runs again over the rest)
                    }
                }
            }


            string proving = $"proving with reachability (at most {options.MaxCells} cells{(options.Timeout is { } t ? $", {t.TotalSeconds:G4} s" : string.Empty)})";
            if (options.Jobs == 1)
            {
                // One core asked for: the same answers, one after the other (the search first, then the proof unless a
                // validated violation decided the spec or, with --prove-all, calls for the proof over the rest below).
                SearchRest();
                if (!refutedBeside && !deadline.IsCancellationRequested)
                {
                    concurrent = Prove(reached, stopProof.Token, proving);
                }
            }
            else
            {
                Exception? searchFailure = null;
                var searchThread = new Thread(() =>
                {
                    try
                    {
                        SearchRest();
                    }
                    catch (Exception e)
                    {
                        searchFailure = e; // rethrown on the caller's thread below
                        stopProof.Cancel();
                    }
                }) { IsBackground = true, Name = "certus falsification" };
                searchThread.Start();
                try
                {
                    concurrent = Prove(reached, stopProof.Token, proving);
                    if (concurrent.Proved)
                    {
                        stopSearch.Cancel(); // every property holds on every cell: a search can find no validated violation
                    }
                }
                catch
                {
                    stopSearch.Cancel(); // the proof failed: nothing waits for the search any more
                    searchThread.Join();
                    throw;
                }

                searchThread.Join();
                if (searchFailure is not null)
                {
                    System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(searchFailure).Throw();
                }
            }
        }

        // What the proof adds to the search's verdicts.
        ClosedLoopReachResult? result = concurrent;
        PropertyVerdict? violated = verdicts.FirstOrDefault(v => v?.Verdict == Verdict.Unsafe);
        if (violated is not null && !options.ProveAll)
        {
            result = null;
            for (int p = 0; p < verdicts.Length; p++)
            {
                verdicts[p] ??= new PropertyVerdict(spec.Properties[p].Name, Verdict.Unknown, double.NaN,
                    $"not attempted: '{violated.Name}' is violated (validated), so the spec is UNSAFE; --prove-all proves the other properties too");
            }
        }
        else if (refutedBeside && !deadline.IsCancellationRequested && !cancellation.IsCancellationRequested)
        {
            // --prove-all and a violation confirmed beside the proof, which stopped there: the refuted properties can
            // never be proved, so the proof runs again over the others only, as a sequential run would.
            reached = [.. Enumerable.Range(0, verdicts.Length).Where(p => verdicts[p] is null)];
            result = null;
            if (reached.Length > 0)
            {
                result = Prove(reached, cancellation, $"proving the properties not refuted with reachability (at most {options.MaxCells} cells)");
            }
        }
        else if (refutedBeside)
        {
            result = null; // out of time: what the search did not refute is UNKNOWN below
        }

        if (result is not null)
        {
            for (int k = 0; k < reached.Length; k++)
            {
                int p = reached[k];
                PropertyOutcome o = result.Properties[k];
                if (o.Status == PropertyStatus.Proved)
                {
                    verdicts[p] = verdicts[p] is { Verdict: Verdict.Unsafe } ? verdicts[p] : new PropertyVerdict(o.Property.Name, Verdict.Safe, o.Margin, null);
                }
                else
                {
                    // A simulated violation that no validated simulation confirmed keeps its reason: it says more.
                    verdicts[p] ??= new PropertyVerdict(o.Property.Name, Verdict.Unknown, o.Margin, Explain(result, k, options.Timeout, cancellation.IsCancellationRequested));
                }
            }
        }

        string why = cancellation.IsCancellationRequested ? "cancelled" : $"timeout: the time budget of {options.Timeout?.TotalSeconds ?? 0:G4} s ran out during falsification";
        for (int p = 0; p < verdicts.Length; p++)
        {
            verdicts[p] ??= new PropertyVerdict(spec.Properties[p].Name, Verdict.Unknown, double.NaN, why);
        }

        PropertyVerdict[] all = [.. verdicts.Select(v => v!)];
        Verdict overall = all.Any(v => v.Verdict == Verdict.Unsafe) ? Verdict.Unsafe
            : all.All(v => v.Verdict == Verdict.Safe) ? Verdict.Safe : Verdict.Unknown;
        return new CertificationResult(spec, overall, all, counterexamples.FirstOrDefault(), result, Stopwatch.GetElapsedTime(start))
        {
            Counterexamples = counterexamples,
            Algorithm = algorithm,
            Partition = partition,
            Share = share,
            ShardIndex = options.ShardIndex,
            ShardCount = options.ShardCount,
            ReachedProperties = result is null ? [] : [.. result.Problem.Properties.Select(p => p.Name)],
        };
    }

    private static TimeSpan Remaining(TimeSpan total, long start) => total - Stopwatch.GetElapsedTime(start) is { } left && left > TimeSpan.Zero ? left : TimeSpan.Zero;

    private static SynchronousProgress<ReachProgress>? CellProgress(IProgress<string>? say) => say is null ? null
        : new SynchronousProgress<ReachProgress>(r => say.Report($"  cells done {r.CellsDone} (proved {r.CellsProved}), pending {r.CellsPending}, {r.Elapsed.TotalSeconds:F1} s"));

    /// <summary>The points of falsification's random phase that run before the proof (the first of the <see cref="RandomPhase"/>:
    /// the points are a function of the seed and their index, so the whole search repeats them).</summary>
    private const int QuickSearch = 64;

    /// <summary>The random phase of the whole search, before its local searches (as before the quick phase existed).</summary>
    private const int RandomPhase = 200;

    // Falsifies one property at a time and confirms a violation with a validated enclosure of that one trajectory.
    // Disturbances are searched inside the written box too (the doubles inside it; a written point that is no double at
    // its nearest double, replayed from its enclosure), so that a run's disturbances can be replayed.
    private sealed class PropertySearch
    {
        private readonly CertificationSpec _spec;
        private readonly CertifyOptions _options;
        private readonly CertificationAlgorithm _algorithm;
        private readonly ClosedLoopReachProblem _problem;
        private readonly ClosedLoopReachability _confirmer;
        private readonly PropertyVerdict?[] _verdicts;
        private readonly List<Counterexample> _counterexamples;
        private readonly IProgress<string>? _say;
        private readonly ClosedLoopProblem _loop;
        private readonly bool[] _enclosedW;
        private readonly Box _search;
        private readonly bool[] _enclosed;
        private readonly long? _due;

        public PropertySearch(
            CertificationSpec spec, CertifyOptions options, CertificationAlgorithm algorithm, ClosedLoopReachProblem problem, ClosedLoopReachability confirmer,
            PropertyVerdict?[] verdicts, List<Counterexample> counterexamples, IProgress<string>? say, long? due)
        {
            _due = due;
            (_spec, _options, _algorithm, _problem, _confirmer, _verdicts, _counterexamples, _say) = (spec, options, algorithm, problem, confirmer, verdicts, counterexamples, say);
            (Box? searchW, _enclosedW) = SearchDisturbances(_spec);
            _loop = _spec.SimulationLoop(_options.Seed);
            if (searchW is not null)
            {
                _loop = _loop with { Disturbance = new BoxDisturbance(searchW, _options.Seed) };
            }

            (_search, _enclosed) = SearchBox(_spec);
        }

        // Searches property p with this many simulations; on a violation sets its verdict (UNSAFE when a validated
        // simulation confirms it, else UNKNOWN with the simulated margin) and returns whether it was confirmed. Returns
        // false, leaving the verdict unset, when the token is cancelled.
        public bool Run(int p, int budget, CancellationToken token)
        {
            StateProperty prop = _spec.Properties[p];
            _say?.Report($"falsifying '{prop.Name}' ({budget} simulations{(budget < _algorithm.Falsification ? ", random phase" : string.Empty)})");
            FalsificationResult f;
            try
            {
                f = Falsifier.Falsify(
                    // A goal (eventually) is violated by a run that never reaches it: the search minimises the run's
                    // largest margin over the window instead of its smallest.
                    new FalsificationProblem(_loop, _search, MarginOf(_spec, prop)) { Aggregate = prop.Kind == PropertyKind.Eventually ? MarginAggregate.Maximum : MarginAggregate.Minimum },
                    new FalsificationOptions { Budget = budget, RandomSamples = Math.Min(RandomPhase, budget), LocalSearches = budget <= QuickSearch ? 0 : 4, Seed = _options.Seed, MaxDegreeOfParallelism = _options.Jobs },
                    token);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return false; // the property is left to the proof, or UNKNOWN (timeout)
            }
            if (!f.IsViolation)
            {
                return false;
            }

            double[] x0 = [.. f.InitialState];
            _say?.Report($"simulation violates '{prop.Name}' (margin {f.Margin:G6} at t = {f.Time:G6} s); confirming with a validated simulation");
            // The validated simulation needs the horizon only up to the period after the violation (the whole of it
            // for an at-end property): a violation early in a huge horizon is confirmed without enclosing the rest.
            int upTo = prop.Kind switch
            {
                PropertyKind.AtEnd => _spec.Horizon,
                PropertyKind.Eventually => prop.Window is { } goalWindow ? (int)Math.Min(_spec.Horizon, Math.Ceiling(goalWindow.Hi / _spec.Controller.Period) + 1) : _spec.Horizon,
                _ => (int)Math.Min(_spec.Horizon, Math.Floor(f.Time / _spec.Controller.Period) + 2),
            };
            // The replay fixes what the run chose: a modal loop's selectors and each period's disturbance (the enclosure
            // of a written point that is no double), cut to the periods replayed.
            int periods = Math.Max(1, upTo), w = _spec.System.Disturbances.Count;
            ClosedLoopReachProblem confirmProblem = (periods == _spec.Horizon ? _problem : _problem.With(periods)) with
            {
                Selectors = _spec.Modal is { } modal ? [.. f.Selectors.Take(periods * modal.ChoiceCount)] : null,
                DisturbanceSchedule = _spec.Disturbances is not { } wBox ? null
                    : [.. Enumerable.Range(0, periods).Select(k => new Box(Enumerable.Range(0, w).Select(i => _enclosedW[i] ? wBox[i] : Interval.Point(f.Disturbances[(k * w) + i]))))],
            };

            // The validated simulation starts from x0, except along a state whose written value is a point that is no
            // double (1.3): there from the enclosure of that point, so that it covers the exact start.
            Box confirmFrom = new([.. x0.Select((v, i) => _enclosed[i] ? _spec.InitialSet[i] : Interval.Point(v))]);
            (double Lo, double Hi)? confirmed = Confirm(_confirmer, confirmProblem, prop, confirmFrom, _due, token, out bool interrupted);
            if (interrupted)
            {
                return false; // out of time or cancelled while confirming: left to the proof, or UNKNOWN (timeout)
            }

            if (confirmed is { } window)
            {
                var trace = f.Trace;
                int m = trace.ControlCount;
                _counterexamples.Add(new Counterexample(prop.Name, x0, f.Time, f.Margin, window, [.. trace.Times], [.. Enumerable.Range(0, trace.Times.Length).Select(i => trace.State(i).ToArray())])
                {
                    Controls = [.. Enumerable.Range(0, trace.Periods).Select(k => trace.Controls.Slice(k * m, m).ToArray())],
                    Modes = trace.Modes is { } modes && _spec.Modal is { } named ? [.. modes.Select(i => named.ModeNames[i])] : null,
                    Selectors = [.. f.Selectors],
                    Disturbances = [.. Enumerable.Range(0, trace.Periods).Select(k => trace.Disturbances.Slice(k * w, w).ToArray())],
                });
                string exact = _enclosed.Any(e => e)
                    ? $"; the validated enclosure starts from the written value{(_enclosed.Count(e => e) > 1 ? "s" : string.Empty)} of {string.Join(", ", _spec.System.States.Where((_, i) => _enclosed[i]))}, which x0 rounds"
                    : string.Empty;
                _verdicts[p] = new PropertyVerdict(prop.Name, Verdict.Unsafe, f.Margin, $"violated from x0 = ({Format(x0)}) during [{window.Lo:G6}, {window.Hi:G6}] s (validated{exact})");
                return true;
            }
            else
            {
                _verdicts[p] = new PropertyVerdict(prop.Name, Verdict.Unknown, f.Margin,
                    double.IsNegativeInfinity(f.Margin)
                                ? $"a simulation from x0 = ({Format(x0)}) reaches a non-finite state, control or margin at t = {f.Time:G6} s: the loop may be undefined there (an expression outside its domain, such as a sqrt of a negative number) or diverge; a validated simulation could not confirm a violation"
                                : $"a simulation reaches margin {f.Margin:G6} at t = {f.Time:G6} s, but a validated simulation could not confirm it");
            }

            return false;
        }
    }

    private static string Format(double[] x) => string.Join(", ", x.Select(v => v.ToString("G6", System.Globalization.CultureInfo.InvariantCulture)));

    private static string Explain(ClosedLoopReachResult r, int p, TimeSpan? timeout, bool cancelled)
    {
        CellResult[] undecided = [.. r.Cells.Where(c => c.Failure is not null || c.Outcomes[p].Status != PropertyStatus.Proved)];
        CellResult first = undecided[0];
        string why = first.Failure?.Message ?? first.Outcomes[p].Reason ?? (first.Outcomes[p].FirstUndecidedTime is { } from ? $"the over-approximation reaches margin {first.Outcomes[p].Margin:G6} from t = {from:G6} s" : $"the over-approximation reaches margin {first.Outcomes[p].Margin:G6}");
        string budget = !r.BudgetExhausted ? string.Empty
            : cancelled ? " (cancelled)"
            : r.Algorithm.TimeBudget is { } t && r.Elapsed >= t ? $" (timeout: the time budget of {(timeout ?? t).TotalSeconds:G4} s ran out)"
            : $" (the cell budget of {r.Algorithm.MaxCells} cells is used up; --max-cells raises it)";
        return $"{undecided.Length} of {r.Cells.Count} cells undecided{budget}; e.g. cell {first.Cell}: {why}";
    }

    // The property's margin as the simulator sees it: +∞ where it does not apply. The falsifier calls this at every
    // stored point of thousands of runs, so the constraint is compiled once (slots [t, states…]) instead of being
    // interpreted with a copy of the state per call.
    internal static StateMargin MarginOf(CertificationSpec spec, StateProperty prop)
    {
        double end = spec.Horizon * spec.Controller.Period;
        IReadOnlyList<string> states = spec.System.States;
        var slots = new Dictionary<string, int>(StringComparer.Ordinal) { [Core.Systems.OdeSystem.TimeVariable] = 0 };
        for (int i = 0; i < states.Count; i++)
        {
            slots[states[i]] = i + 1;
        }

        Func<double[], double> margin = ExpressionCompiler.Compile(prop.Constraint, slots);
        var buffer = new ThreadLocal<double[]>(() => new double[states.Count + 1]);
        return (t, x) =>
        {
            // A goal counts wherever the window may hold (its outer enclosure): a run refutes it only by missing it there.
            bool applies = prop.Kind switch
            {
                PropertyKind.AtEnd => t >= end - (1e-9 * Math.Max(1, end)),
                PropertyKind.Eventually => prop.Window is not { } outer || outer.Contains(t),
                _ => prop.InnerWindow is not { } w || w.Contains(t),
            };
            if (!applies)
            {
                return prop.Kind == PropertyKind.Eventually ? double.NegativeInfinity : double.PositiveInfinity;
            }

            double[] values = buffer.Value!;
            values[0] = t;
            x[..states.Count].CopyTo(values.AsSpan(1));
            double m = margin(values);

            // The falsifier counts a margin below 0 as a violation. An avoid set is closed: its boundary (margin
            // exactly 0) is inside it, so such a point is moved one ulp below 0 to count as well.
            return prop.Kind == PropertyKind.Avoid && m <= 0 ? Math.BitDecrement(m) : m;
        };
    }

    // Where falsification searches the disturbances, as SearchBox does the initial states.
    private static (Box? Search, bool[] Enclosed) SearchDisturbances(CertificationSpec spec) =>
        spec.Disturbances is not { } outer ? (null, [])
        : spec.DisturbanceSearch ?? (outer, new bool[outer.Dimension]); // built in code: the box is the exact set

    /// <summary>
    /// Where falsification searches: the doubles inside the written initial set; along a state whose written value holds
    /// no double (a point such as 1.3), the double nearest its middle, with <c>enclosed</c> set for that state (a violation
    /// is then confirmed from the state's whole enclosure, which contains the written value). A spec built in code: its
    /// inner box, or the initial set itself (then exact). Never a box narrowed by an ulp from an outer enclosure: an
    /// enclosure several ulps wide (an expression such as 0.1+0.2) would still reach outside the written set.
    /// </summary>
    private static (Box Search, bool[] Enclosed) SearchBox(CertificationSpec spec) =>
        spec.Search is { } search ? search
        : spec.InnerInitialSet is { } inner ? (inner, new bool[inner.Dimension])
        : (spec.InitialSet, new bool[spec.InitialSet.Dimension]);

    // A validated enclosure of the single trajectory from x0: the property is violated for sure if some segment
    // (inside the window) has its whole margin in the violating region (below 0; at most 0 for a closed avoid set),
    // or the final set does for an at-end property. A margin that may be undefined confirms nothing.
    private static (double Lo, double Hi)? Confirm(ClosedLoopReachability reach, ClosedLoopReachProblem problem, StateProperty prop, Box start, long? due, CancellationToken token, out bool interrupted)
    {
        interrupted = false;
        IReadOnlyList<string> states = problem.System.States;
        bool Refutes(Box box, Interval time)
        {
            try
            {
                return prop.IsViolatedBy(prop.Margin(states, box, time).Hi);
            }
            catch (UndefinedExpressionException)
            {
                return false;
            }
        }

        // The start itself (at t = 0), then the validated tube: every state of it violates, so does the one it encloses.
        if (prop.Kind is PropertyKind.Always or PropertyKind.Avoid && prop.InsideWindow(Interval.Zero) && Refutes(start, Interval.Zero))
        {
            return (0, 0);
        }

        CellResult cell = reach.AnalyzeCell(problem, start, 0, due, token);
        if (cell.Failure is CellInterrupted)
        {
            interrupted = true;
            return null;
        }

        if (prop.Kind == PropertyKind.Eventually)
        {
            // Never reached: every segment that may lie in the window is outside the goal for sure, and the tube covers
            // the whole window (only a tube without failure: one cut short proves nothing about the rest, and a modal
            // cell's failing period may hold one branch's partial tube only).
            Interval window = prop.Window ?? new Interval(0, problem.EndTime);
            bool covered = cell.Failure is null && cell.Tube.Count > 0 && problem.RealTime(cell.Tube[^1].Time).Hi >= window.Hi;
            bool neverInGoal = cell.Tube.All(s => problem.RealTime(s.Time) is var time && (!Overlaps(time, window) || Refutes(s.Enclosure, time)));
            return covered && neverInGoal ? (window.Lo, window.Hi) : null;
        }

        if (prop.Kind == PropertyKind.AtEnd)
        {
            return cell.FinalSet is { } final && Refutes(final, problem.RealTime(Interval.Point(problem.EndTime)))
                ? (problem.EndTime, problem.EndTime)
                : null;
        }

        foreach (FlowSegment s in cell.Tube)
        {
            Interval time = problem.RealTime(s.Time);
            bool inside = prop.InsideWindow(time);
            if (inside && Refutes(s.Enclosure, time))
            {
                return (s.Time.Lo, s.Time.Hi);
            }
        }

        return null;
    }

    private static bool Overlaps(Interval a, Interval b) => a.Lo <= b.Hi && b.Lo <= a.Hi;

    // Progress<T> posts to the thread pool; reports from the pipeline should arrive in order, so call directly.
    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
