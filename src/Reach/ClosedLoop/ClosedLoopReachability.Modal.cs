using System.Runtime.CompilerServices;
using Certus.Core.Expressions;
using Certus.Core.Networks;
using Certus.Core.Numerics;
using Certus.Core.Sets;
using Certus.Core.Systems;
using Certus.Reach.Flow;

namespace Certus.Reach.ClosedLoop;

/// <content>
/// Modal loops (<see cref="ClosedLoopReachProblem.Modal"/>): a cell is a bounded set of branches, each a box of states
/// in one mode. At every sampling instant each branch goes through its mode's network; every mode that can be the
/// argmax of the scores over the box is followed (a tie or a straddled comparison is never decided for the whole set),
/// every case of the control rules that may apply is followed, and an environment's choice is its hull (every value at
/// once, so the proof holds for each). The branches that reach the same mode are joined by their hull, so a cell never
/// holds more branches than modes. Boxes only: the affine set mode is not used for modal loops.
/// </content>
public sealed partial record ClosedLoopReachability
{
    /// <summary>The largest number of control boxes one branch may fan out to in one step before the cases of each input
    /// are joined by their hull (several inputs with several possible cases multiply).</summary>
    private const int MaxControlBoxes = 64;

    private static readonly ConditionalWeakTable<FeedForwardNetwork, FeedForwardNetwork?> ScoreDifferences = [];

    private CellFailure? ModalRecursion(ClosedLoopReachProblem problem, Box cell, TubeChecker checker, FlowStop halt, out Box? final)
    {
        ModalController modal = problem.Modal!;
        OdeSystem system = problem.FlowSystem;
        double period = modal.Period;
        bool discrete = problem.System.IsDiscrete;
        final = null;
        var branches = new SortedDictionary<int, Box> { [modal.InitialMode] = cell };
        checker.Modes = [[modal.InitialMode]];
        if (discrete)
        {
            checker.Add(new FlowSegment(Interval.Zero, cell));
        }

        for (int k = 0; k < problem.Periods; k++)
        {
            if (k > 0 && halt.Interrupted(k + 1) is { } stop)
            {
                return stop;
            }

            double t0 = k * period;
            Interval time = problem.RealTime(Interval.Point(t0));
            var next = new SortedDictionary<int, Box>();
            var tubes = new List<IReadOnlyList<FlowSegment>>();
            foreach ((int mode, Box x) in branches)
            {
                if (ModalControls(problem, x, mode, time, k, out List<(int Mode, Box Controls)> options) is { } failure)
                {
                    return failure;
                }

                foreach ((int nextMode, Box controls) in options)
                {
                    Box end;
                    if (discrete)
                    {
                        try
                        {
                            end = UpdateBox(problem.System, x, controls, problem.DisturbancesAt(k), time);
                        }
                        catch (UndefinedExpressionException e)
                        {
                            return new UpdateNotEnclosed(k + 1, $"the plant's update may be undefined on part of the set: {e.Message}", e);
                        }

                        if (end.Any(i => !i.IsBounded))
                        {
                            return new UpdateNotEnclosed(k + 1, $"the plant's update is unbounded over the state box {x}");
                        }
                    }
                    else
                    {
                        Box inputs = problem.DisturbancesAt(k) is not { } w ? controls : new Box(controls.Concat(w));
                        bool single = branches.Count == 1 && options.Count == 1;
                        if (FlowStep(system, x, inputs, k, t0, period, checker, halt, out FlowEnclosure? enclosure, keepFailedTube: single) is { } failed)
                        {
                            return failed;
                        }

                        tubes.Add(enclosure!.Tube);
                        end = enclosure.End;
                    }

                    next[nextMode] = next.TryGetValue(nextMode, out Box? joined) ? Box.Hull([joined, end]) : end;
                }
            }

            if (discrete)
            {
                checker.AddBranches(Interval.Point((k + 1) * period), [.. next.Values]);
            }
            else
            {
                checker.AddBranchTubes(tubes);
            }

            branches = next;
            checker.Modes.Add([.. next.Keys]);
        }

        // At-end properties on each branch (as always is); the final set is their hull.
        foreach (Box b in branches.Values)
        {
            checker.CheckFinal(b);
        }

        final = Box.Hull(branches.Values);
        return null;
    }

    // The (next mode, control box) pairs a branch may take at one sampling instant.
    private CellFailure? ModalControls(ClosedLoopReachProblem problem, Box x, int mode, Interval time, int k, out List<(int Mode, Box Controls)> options)
    {
        ModalController modal = problem.Modal!;
        OdeSystem system = problem.System;
        options = [];
        Interval StateOrTime(string name)
        {
            if (name == OdeSystem.TimeVariable)
            {
                return time;
            }

            int i = system.States.IndexOfName(name);
            return i >= 0 ? x[i] : throw new KeyNotFoundException($"No value for '{name}'.");
        }

        Box netIn, scores;
        IReadOnlyList<int> candidates;
        try
        {
            netIn = new Box(modal.InputMap.Select(e => ExpressionEvaluator.EvaluateDefined(e, StateOrTime)));
            FeedForwardNetwork network = modal.Networks[mode];
            scores = NetworkBounds.Bound(network, netIn).Output;
            candidates = ArgmaxCandidates(network, netIn, scores);
        }
        catch (ArgumentException e)
        {
            return new ControllerNotEnclosed(k + 1, $"the controller's inputs could not be bounded in mode {modal.ModeNames[mode]} ({e.Message})");
        }
        catch (UndefinedExpressionException e)
        {
            return new ControllerNotEnclosed(k + 1, $"the controller may be undefined on part of the state set: {e.Message}", e);
        }

        if (candidates.Count == 0 || scores.Any(s => !s.IsBounded))
        {
            return new ControllerNotEnclosed(k + 1, $"the scores of mode {modal.ModeNames[mode]}'s network are unbounded over the state box {x}");
        }

        Interval Value(string name)
        {
            if (name.StartsWith("out[", StringComparison.Ordinal))
            {
                return scores[int.Parse(name.AsSpan(4, name.Length - 5), System.Globalization.CultureInfo.InvariantCulture)];
            }

            return StateOrTime(name);
        }

        foreach (int nextMode in candidates)
        {
            var perInput = new List<Interval>[modal.Cases.Count];
            for (int u = 0; u < modal.Cases.Count; u++)
            {
                perInput[u] = [];
                bool definite = false;
                foreach (ControlCase c in modal.Cases[u])
                {
                    if (!c.AppliesTo(nextMode, mode))
                    {
                        continue;
                    }

                    bool mayHold = true, holds = true;
                    try
                    {
                        foreach (Expr g in c.Guards)
                        {
                            Interval v = ExpressionEvaluator.EvaluateDefined(g, StateOrTime);
                            mayHold &= v.Hi >= 0;
                            holds &= v.Lo >= 0;
                        }

                        if (!mayHold)
                        {
                            continue;
                        }

                        Interval control = c.IsChoice
                            ? problem.Selectors is { } fixedChoices ? c.Choose(fixedChoices[(k * modal.ChoiceCount) + modal.ChoiceSlot(u)]).Enclosure : c.ChoiceHull()
                            : ExpressionEvaluator.EvaluateDefined(c.Value!, Value);
                        perInput[u].Add(control);
                    }
                    catch (UndefinedExpressionException e)
                    {
                        return new ControllerNotEnclosed(k + 1, $"a control rule of '{system.Inputs[u]}' may be undefined on part of the state set: {e.Message}", e);
                    }

                    if (holds)
                    {
                        definite = true;
                        break;
                    }
                }

                if (!definite)
                {
                    return new ControllerNotEnclosed(k + 1, $"no case of '{system.Inputs[u]}' certainly applies when the mode becomes {modal.ModeNames[nextMode]} after {modal.ModeNames[mode]}");
                }
            }

            long product = perInput.Aggregate(1L, (a, l) => a * l.Count);
            IEnumerable<Box> boxes = product > MaxControlBoxes
                ? [new Box(perInput.Select(l => l.Skip(1).Aggregate(l[0], Interval.Hull)))]
                : perInput.Aggregate((IEnumerable<Interval[]>)[[]], (acc, l) => acc.SelectMany(prefix => l.Select(v => (Interval[])[.. prefix, v]))).Select(a => new Box(a));
            foreach (Box controls in boxes)
            {
                if (controls.Any(i => !i.IsBounded))
                {
                    return new ControllerNotEnclosed(k + 1, $"the control is unbounded over the state box {x} in mode {modal.ModeNames[nextMode]}");
                }

                options.Add((nextMode, controls));
            }
        }

        return null;
    }

    /// <summary>
    /// The modes that may be the argmax of a network's scores over an input box: mode <c>j</c> stays unless some score
    /// is certainly larger. Two tests, both necessary for <c>j</c> to be a maximum: its upper bound reaches every lower
    /// bound of the score box, and, where the network's outputs are not rescaled unevenly, every difference
    /// <c>out[j] − out[i]</c> bounded directly (the network with a difference layer appended, so the relaxation sees
    /// the correlation between the scores) may be non-negative.
    /// </summary>
    private List<int> ArgmaxCandidates(FeedForwardNetwork network, Box input, Box scores)
    {
        int m = scores.Dimension;
        double best = scores.Max(s => s.Lo);
        var candidates = Enumerable.Range(0, m).Where(j => scores[j].Hi >= best).ToList();
        if (candidates.Count <= 1 || DifferenceNetwork(network) is not { } differences)
        {
            return candidates;
        }

        Box d = NetworkBounds.Bound(differences, input).Output;
        return [.. candidates.Where(j => Enumerable.Range(0, m).All(i => i == j || d[DifferenceIndex(j, i, m)].Hi >= 0))];
    }

    private static int DifferenceIndex(int j, int i, int m) => (j * (m - 1)) + (i < j ? i : i - 1);

    // The network followed by a layer whose outputs are out[j] − out[i] for every ordered pair j ≠ i; null when the
    // network rescales its outputs (an offset, or unequal or non-positive scales), where the raw differences would not
    // order the scores.
    private static FeedForwardNetwork? DifferenceNetwork(FeedForwardNetwork network) => ScoreDifferences.GetValue(network, n =>
    {
        int m = n.OutputSize;
        if (m < 2 || n.OutputOffset.Any(o => o != 0) || n.OutputScale.Any(s => s != n.OutputScale[0]) || !(n.OutputScale[0] > 0))
        {
            return null;
        }

        var weights = new double[m * (m - 1) * m];
        for (int j = 0; j < m; j++)
        {
            for (int i = 0; i < m; i++)
            {
                if (i != j)
                {
                    int row = DifferenceIndex(j, i, m);
                    weights[(row * m) + j] = 1;
                    weights[(row * m) + i] = -1;
                }
            }
        }

        var layer = new DenseLayer(m, m * (m - 1), weights, new double[m * (m - 1)], Activation.Identity);
        return new FeedForwardNetwork([.. n.Layers, layer], n.InputOffset, n.InputScale, null, null, $"{n.Name} (score differences)");
    });
}
