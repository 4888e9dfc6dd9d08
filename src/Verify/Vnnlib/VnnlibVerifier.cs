using System.Diagnostics;
using Certus.Core.Networks;
using Certus.Core.Numerics;
using Certus.Core.Sets;
using Certus.Reach.Networks;

namespace Certus.Verify.Vnnlib;

/// <summary>
/// Decides VNN-LIB instances: a projected-gradient attack from deterministic starts looks for a violation; then
/// branch and bound over input splits and ReLU splits (neurons fixed active or inactive) proves each disjunct
/// impossible with CROWN bounds of the disjunct's linear objectives (the output constraints appended to the network as
/// a last linear layer, so the relaxation is back-substituted from each objective itself), the unstable ReLUs' lower
/// slopes optimised. A <c>sat</c> is said only for an input that satisfies every input and output atom of one
/// disjunct when the network is evaluated in doubles and the atoms in interval arithmetic; <c>unsat</c> only when on
/// every leaf of every disjunct some output atom has a sound lower bound above zero (or the leaf's split constraints
/// are proven infeasible).
/// </summary>
/// <remarks>Complete in the limit for networks whose activations are piecewise linear and continuous (ReLU, leaky
/// ReLU, identity): as boxes shrink the relaxation tends to the network, so a disjunct whose violation margin is
/// positive everywhere is eventually proven, and one that is satisfiable with margin is eventually hit by a box
/// centre. Other activations are bounded soundly but without that guarantee. See docs/vnnlib.md.</remarks>
internal sealed class VnnlibVerifier
{
    private static readonly LinearRelaxation Crown = new();

    private readonly FeedForwardNetwork _net;
    private readonly VnnlibProperty _property;
    private readonly VnnlibOptions _options;

    private VnnlibVerifier(FeedForwardNetwork network, VnnlibProperty property, VnnlibOptions options)
    {
        _net = network;
        _property = property;
        _options = options;
    }

    /// <summary>Decides whether the network satisfies the property.</summary>
    /// <param name="network">The network.</param>
    /// <param name="property">The property (its declared sizes must match the network's).</param>
    /// <param name="options">Limits and parallelism.</param>
    /// <returns>The verdict with its counterexample when sat.</returns>
    /// <exception cref="ArgumentException">The property's sizes do not match the network.</exception>
    public static VnnlibResult Verify(FeedForwardNetwork network, VnnlibProperty property, VnnlibOptions options)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(property);
        ArgumentNullException.ThrowIfNull(options);
        if (network.InputSize != property.InputCount || network.OutputSize != property.OutputCount)
        {
            throw new ArgumentException(
                $"{property.Source} declares {property.InputCount} input(s) and {property.OutputCount} output(s) but {network.Name} takes {network.InputSize} and gives {network.OutputSize}.");
        }

        if (options.Jobs < 1 || options.Timeout <= TimeSpan.Zero || options.BatchSize < 1 || options.StrongBranchingCandidates < 1)
        {
            throw new ArgumentException("The options need at least one job, a positive timeout, a positive batch size and at least one branching candidate.");
        }

        return new VnnlibVerifier(network, property, options).Run();
    }

    /// <summary>Whether an input violates one disjunct of the property (checked exactly as <c>sat</c> is).</summary>
    /// <param name="network">The network.</param>
    /// <param name="property">The property.</param>
    /// <param name="input">The input.</param>
    /// <param name="output">The network output at the input (double evaluation), written when non-null.</param>
    /// <returns>True when some disjunct's atoms all certainly hold.</returns>
    public static bool IsCounterexample(FeedForwardNetwork network, VnnlibProperty property, ReadOnlySpan<double> input, double[]? output = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(property);
        double[] y = network.Evaluate(input);
        y.CopyTo(output ?? new double[y.Length], 0);
        foreach (VnnlibCase c in property.Cases)
        {
            if (Violates(c, input, y))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The bound branch and bound uses on one box: the largest over the disjunct's output atoms of a sound lower bound
    /// of the atom's left side (so a positive value proves that no input in the box violates the disjunct).
    /// </summary>
    /// <param name="network">The network.</param>
    /// <param name="c">The disjunct.</param>
    /// <param name="box">A box of inputs.</param>
    /// <returns>The bound (−∞ when the disjunct has no output atom).</returns>
    internal static double LowerBound(FeedForwardNetwork network, VnnlibCase c, Box box) => new CaseProblem(network, c, 0).Score(box);

    private static bool Violates(VnnlibCase c, ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        foreach (double v in y)
        {
            if (!double.IsFinite(v))
            {
                return false;
            }
        }

        foreach (LinearAtom a in c.InputConstraints)
        {
            if (!a.CertainlyHolds(x))
            {
                return false;
            }
        }

        foreach (LinearAtom a in c.OutputConstraints)
        {
            if (!a.CertainlyHolds(y))
            {
                return false;
            }
        }

        return true;
    }

    private VnnlibResult Run()
    {
        long start = Stopwatch.GetTimestamp();
        DateTime deadline = DateTime.UtcNow + _options.Timeout;
        var problems = _property.Cases.Select((c, k) => new CaseProblem(_net, c, k, _options)).Where(p => !p.Case.Outer.IsEmpty).ToList();

        // 1. Attack every disjunct (cheap sat).
        foreach (CaseProblem p in problems)
        {
            if (DateTime.UtcNow > deadline)
            {
                return Done(VnnlibVerdict.Timeout, null, "the time ran out during the attack", 0, start);
            }

            if (Attack(p, deadline) is { } x)
            {
                return Sat(x, $"attack found a violation of disjunct {p.Index + 1}", 0, start);
            }
        }

        // 2. Branch and bound, disjunct by disjunct.
        long nodes = 0;
        bool incomplete = false;
        string reason = string.Empty;
        foreach (CaseProblem p in problems)
        {
            var (outcome, x, used) = BranchAndBound(p, deadline, _options.MaxNodes - nodes);
            nodes += used;
            switch (outcome)
            {
                case Outcome.Sat:
                    return Sat(x!, $"branch and bound found a violation of disjunct {p.Index + 1} at a box centre", nodes, start);
                case Outcome.Timeout:
                    return Done(VnnlibVerdict.Timeout, null, $"the time ran out in branch and bound on disjunct {p.Index + 1} after {nodes} nodes", nodes, start);
                case Outcome.Unknown:
                    incomplete = true;
                    reason = $"disjunct {p.Index + 1} was not decided ({(nodes >= _options.MaxNodes ? "node limit" : "boxes too small to split")})";
                    break;
                default:
                    break;
            }
        }

        return incomplete
            ? Done(VnnlibVerdict.Unknown, null, reason, nodes, start)
            : Done(VnnlibVerdict.Unsat, null, $"every disjunct ({_property.Cases.Count}) proven impossible with {nodes} branch-and-bound node(s)", nodes, start);
    }

    private VnnlibResult Sat(double[] x, string reason, long nodes, long start)
    {
        var y = new double[_net.OutputSize];
        if (!IsCounterexample(_net, _property, x, y))
        {
            throw new InvalidOperationException("A counterexample failed its final check; this is a bug.");
        }

        return new VnnlibResult(VnnlibVerdict.Sat, x, y, reason, nodes, Stopwatch.GetElapsedTime(start));
    }

    private static VnnlibResult Done(VnnlibVerdict verdict, double[]? x, string reason, long nodes, long start) =>
        new(verdict, x, null, reason, nodes, Stopwatch.GetElapsedTime(start));

    private double[]? Attack(CaseProblem p, DateTime deadline)
    {
        Interval[] inner = p.Case.Inner;
        if (inner.Any(i => i.IsEmpty))
        {
            return null;
        }

        int n = _net.InputSize;
        var grad = new NetworkGradient(_net);
        var random = new Random(HashCode.Combine(_options.Seed, p.Index) & int.MaxValue);
        var x = new double[n];
        var y = new double[_net.OutputSize];
        var g = new double[n];
        for (int restart = 0; restart <= _options.AttackRestarts; restart++)
        {
            if (DateTime.UtcNow > deadline)
            {
                return null;
            }

            for (int i = 0; i < n; i++)
            {
                x[i] = restart == 0 ? inner[i].Midpoint : inner[i].Lo + (random.NextDouble() * (inner[i].Hi - inner[i].Lo));
                x[i] = Math.Clamp(x[i], inner[i].Lo, inner[i].Hi);
            }

            if (Descend(p, inner, x, _options.AttackSteps, grad, y, g))
            {
                return (double[])x.Clone();
            }
        }

        return null;
    }

    // Projected signed sub-gradient descent on the largest atom (the one furthest from holding) inside the box from x
    // (overwritten), shrinking steps; true when an iterate passes the sat check (x is then that iterate).
    private bool Descend(CaseProblem p, Interval[] box, double[] x, int steps, NetworkGradient grad, double[] y, double[] g)
    {
        int n = x.Length;
        for (int step = 0; step <= steps; step++)
        {
            grad.Forward(x, y);
            if (Violates(p.Case, x, y))
            {
                return true;
            }

            if (p.Mid.Length == 0 || step == steps)
            {
                return false;
            }

            int worst = 0;
            double worstValue = double.NegativeInfinity;
            for (int k = 0; k < p.Mid.Length; k++)
            {
                double v = p.D[k];
                for (int j = 0; j < y.Length; j++)
                {
                    v += p.Mid[k][j] * y[j];
                }

                if (v > worstValue)
                {
                    worstValue = v;
                    worst = k;
                }
            }

            grad.Gradient(p.Mid[worst], g);
            double rate = 0.25 * (1 - ((double)step / steps)) + 0.01;
            for (int i = 0; i < n; i++)
            {
                double w = box[i].Hi - box[i].Lo;
                x[i] = Math.Clamp(x[i] - (rate * w * Math.Sign(g[i])), box[i].Lo, box[i].Hi);
            }
        }

        return false;
    }

    private enum Outcome
    {
        Unsat,
        Sat,
        Unknown,
        Timeout,
    }

    // A branch: the inputs of the box whose constrained neurons have the given phases (null: no constraint), its
    // bound, the node's best ReLU split candidates and its relaxation's minimising corner (a candidate counterexample).
    private sealed record Node(Box Box, sbyte[][]? Phases, double Score, (int Layer, int Neuron)[] Candidates, double[]? Corner);

    private sealed record Expansion(double[]? Counterexample, Node[] Children, bool Stuck);

    private (Outcome Outcome, double[]? X, long Nodes) BranchAndBound(CaseProblem p, DateTime deadline, long budget)
    {
        if (p.Mid.Length == 0)
        {
            // No output atom: every feasible input violates; the attack tried the centre of the inner box already.
            return (Outcome.Unknown, null, 0);
        }

        long nodes = 1;
        Node root = p.Bound(p.Case.Outer, null);
        if (root.Score > 0)
        {
            return (Outcome.Unsat, null, nodes);
        }

        var frontier = new PriorityQueue<Node, (double, long)>();
        long sequence = 0;
        frontier.Enqueue(root, (root.Score, sequence++));
        bool stuck = false;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.Jobs };
        while (frontier.Count > 0)
        {
            if (DateTime.UtcNow > deadline)
            {
                return (Outcome.Timeout, null, nodes);
            }

            if (nodes >= budget)
            {
                return (Outcome.Unknown, null, nodes);
            }

            var batch = new List<Node>();
            while (batch.Count < _options.BatchSize && frontier.Count > 0)
            {
                batch.Add(frontier.Dequeue());
            }

            var results = new Expansion[batch.Count];
            Parallel.For(0, batch.Count, parallel, k => results[k] = Expand(p, batch[k], deadline));
            foreach (Expansion e in results)
            {
                if (e.Counterexample is { } x)
                {
                    return (Outcome.Sat, x, nodes);
                }

                stuck |= e.Stuck;
                foreach (Node child in e.Children)
                {
                    nodes++;
                    if (child.Score <= 0)
                    {
                        frontier.Enqueue(child, (child.Score, sequence++));
                    }
                }
            }
        }

        return (stuck ? Outcome.Unknown : Outcome.Unsat, null, nodes);
    }

    // Checks the node's centre and its relaxation's corner (with a short descent), then splits it: the input dimensions
    // with the largest |gradient| × width are bisected; when the best of them raises the worse child's bound by less
    // than ReluSplitGain × |node bound|, the node's best-scored unstable neurons are fixed active and inactive too;
    // every child is bounded, and the split whose worse child is bounded best wins (ties: the earlier candidate, inputs
    // first).
    private Expansion Expand(CaseProblem p, Node node, DateTime deadline)
    {
        double[] centre = node.Box.Center;
        var y = new double[_net.OutputSize];
        var grad = new NetworkGradient(_net);
        foreach (double[] point in node.Corner is { } corner ? new[] { centre, corner } : [centre])
        {
            grad.Forward(point, y);
            if (Violates(p.Case, point, y))
            {
                return new Expansion(point, [], false);
            }
        }

        // A short local search inside the node (where it meets the inner box) from the relaxation's corner.
        if (_options.NodeSearchSteps > 0)
        {
            Interval[] local = [.. node.Box.Select((c, i) => Interval.Intersect(c, p.Case.Inner[i]))];
            if (!local.Any(c => c.IsEmpty))
            {
                double[] x = [.. (node.Corner ?? centre).Select((v, i) => Math.Clamp(v, local[i].Lo, local[i].Hi))];
                if (Descend(p, local, x, _options.NodeSearchSteps, grad, y, new double[x.Length]))
                {
                    return new Expansion(x, [], false);
                }
            }
        }

        grad.Forward(centre, y);
        int n = _net.InputSize;
        var candidates = new List<(double Influence, int Dim)>();
        var g = new double[n];
        var mix = new double[_net.OutputSize];
        foreach (double[] row in p.Mid)
        {
            for (int j = 0; j < mix.Length; j++)
            {
                mix[j] += row[j];
            }
        }

        grad.Gradient(mix, g);
        for (int i = 0; i < n; i++)
        {
            Interval c = node.Box[i];
            double mid = c.Midpoint;
            if (c.Width > 0 && mid > c.Lo && mid < c.Hi)
            {
                candidates.Add(((Math.Abs(g[i]) + 1e-9) * c.Width, i));
            }
        }

        if (candidates.Count == 0 && node.Candidates.Length == 0)
        {
            return new Expansion(null, [], true);
        }

        candidates.Sort((a, b) => a.Influence != b.Influence ? b.Influence.CompareTo(a.Influence) : a.Dim.CompareTo(b.Dim));
        Node[]? best = null;
        double bestScore = double.NegativeInfinity;
        void Consider(Node[] children)
        {
            double worst = Math.Min(children[0].Score, children[1].Score);
            if (best is null || worst > bestScore)
            {
                best = children;
                bestScore = worst;
            }
        }

        foreach (var (_, dim) in candidates.Take(_options.StrongBranchingCandidates))
        {
            if (best is not null && DateTime.UtcNow > deadline)
            {
                break;
            }

            var (lower, upper) = node.Box.Bisect(dim);
            Consider([p.Bound(lower, node.Phases), p.Bound(upper, node.Phases)]);
        }

        // ReLU splits when the input split helps little (high input dimension, or the bound's gap comes from unstable
        // neurons rather than from the box's width).
        bool tryRelu = best is null || !(bestScore - node.Score >= _options.ReluSplitGain * Math.Abs(node.Score));
        foreach (var (layer, neuron) in tryRelu ? node.Candidates : [])
        {
            if (best is not null && DateTime.UtcNow > deadline)
            {
                break;
            }

            Consider([p.Bound(node.Box, p.Fix(node.Phases, layer, neuron, 1)),
                p.Bound(node.Box, p.Fix(node.Phases, layer, neuron, -1))]);
        }

        return new Expansion(null, best!, false);
    }

    // One disjunct as a bounding problem: its output atoms as the rows of a last linear layer.
    private sealed class CaseProblem
    {
        private readonly FeedForwardNetwork _net;
        private readonly FeedForwardNetwork? _objective;
        private readonly bool _exactRows;
        private readonly int _reluCandidates;
        private readonly int _slopeSteps;

        public CaseProblem(FeedForwardNetwork net, VnnlibCase c, int index, VnnlibOptions? options = null)
        {
            _net = net;
            Case = c;
            Index = index;
            int m = c.OutputConstraints.Count;
            Mid = [.. c.OutputConstraints.Select(a => a.Coefficients.Select(k => k.Midpoint).ToArray())];
            D = [.. c.OutputConstraints.Select(a => a.Constant.Midpoint)];
            _exactRows = c.OutputConstraints.All(a => a.Coefficients.All(k => k.IsPoint));
            bool plainOutput = net.OutputScale.All(s => s == 1) && net.OutputOffset.All(o => o == 0);
            if (m > 0 && plainOutput)
            {
                var weights = new double[m * net.OutputSize];
                for (int k = 0; k < m; k++)
                {
                    Mid[k].CopyTo(weights, k * net.OutputSize);
                }

                var layers = net.Layers.Append(new DenseLayer(net.OutputSize, m, weights, new double[m], Activation.Identity));
                _objective = new FeedForwardNetwork(layers, net.InputOffset, net.InputScale, name: net.Name);
            }

            // ReLU splitting and optimised slopes need exact objective rows over a network whose activations are all
            // ReLU or identity (then the split constraints and the slopes in [0, 1] are sound).
            bool piecewise = net.Layers.All(l => l.Activation is Activation.Relu or Activation.Identity);
            if (_objective is not null && _exactRows && piecewise && options is not null)
            {
                _reluCandidates = options.ReluCandidates;
                _slopeSteps = options.SlopeSteps;
                Splitting = true;
            }
        }

        /// <summary>Whether nodes are bounded with split constraints and optimised slopes.</summary>
        public bool Splitting { get; }


        public VnnlibCase Case { get; }

        public int Index { get; }

        public double[][] Mid { get; }

        public double[] D { get; }

        // A copy of the phases with neuron (layer, neuron) fixed (the other layers' arrays are shared, never written).
        public sbyte[][] Fix(sbyte[][]? phases, int layer, int neuron, sbyte phase)
        {
            var copy = phases is null ? new sbyte[_objective!.Layers.Count][] : (sbyte[][])phases.Clone();
            copy[layer] = copy[layer] is { } row ? (sbyte[])row.Clone() : new sbyte[_objective!.Layers[layer].OutputSize];
            copy[layer][neuron] = phase;
            return copy;
        }

        // The branch's node: its score (max over atoms of a sound lower bound; +∞ when the branch is infeasible), the
        // best unstable neurons to split and the relaxation's corner.
        public Node Bound(Box box, sbyte[][]? phases)
        {
            if (!Splitting)
            {
                return new Node(box, null, Score(box), [], null);
            }

            ReluSplitBound b = LinearRelaxation.BoundWithSplits(_objective!, box, phases, _slopeSteps);
            if (b.Infeasible)
            {
                return new Node(box, phases, double.PositiveInfinity, [], null);
            }

            double best = double.NegativeInfinity;
            IReadOnlyList<LinearAtom> atoms = Case.OutputConstraints;
            for (int k = 0; k < atoms.Count; k++)
            {
                // [lower, +∞) + constant, rounded outward (a lower bound of −∞ or NaN proves nothing).
                double row = b.Lower[k];
                if (double.IsNaN(row) || double.IsNegativeInfinity(row))
                {
                    continue;
                }

                double lo = double.IsPositiveInfinity(row) ? row : (new Interval(row, double.PositiveInfinity) + atoms[k].Constant).Lo;
                best = Math.Max(best, double.IsNaN(lo) ? double.NegativeInfinity : lo);
            }

            var split = new List<(double Score, int Layer, int Neuron)>();
            for (int l = 0; l < b.Scores.Length; l++)
            {
                for (int m = 0; m < b.Scores[l].Length; m++)
                {
                    if (b.Scores[l][m] > 0 && (phases is null || phases[l] is not { } row || row[m] == 0))
                    {
                        split.Add((b.Scores[l][m], l, m));
                    }
                }
            }

            (int, int)[] top = [.. split
                .OrderByDescending(t => t.Score).ThenBy(t => t.Layer).ThenBy(t => t.Neuron)
                .Take(_reluCandidates)
                .Select(t => (t.Layer, t.Neuron))];
            return new Node(box, phases, best, top, b.Corner);
        }

        // max_k of a sound lower bound of atom k's left side over the box: > 0 proves the box free of violations.
        public double Score(Box box)
        {
            IReadOnlyList<LinearAtom> atoms = Case.OutputConstraints;
            Box? outputs = null;
            Box? rows = null;
            if (_objective is not null)
            {
                rows = Crown.Bound(_objective, box).Output;
            }

            if (_objective is null || !_exactRows)
            {
                outputs = Crown.Bound(_net, box).Output;
            }

            double best = double.NegativeInfinity;
            for (int k = 0; k < atoms.Count; k++)
            {
                LinearAtom a = atoms[k];
                Interval value;
                if (rows is not null)
                {
                    // c·y = mid·y + (c − mid)·y; the first term is the CROWN bound of row k.
                    value = rows[k] + a.Constant;
                    if (!_exactRows)
                    {
                        for (int j = 0; j < a.Coefficients.Length; j++)
                        {
                            value += (a.Coefficients[j] - Interval.Point(Mid[k][j])) * outputs![j];
                        }
                    }
                }
                else
                {
                    value = a.Constant;
                    for (int j = 0; j < a.Coefficients.Length; j++)
                    {
                        value += a.Coefficients[j] * outputs![j];
                    }
                }

                double lo = value.IsEmpty ? double.PositiveInfinity : value.Lo;
                best = Math.Max(best, double.IsNaN(lo) ? double.NegativeInfinity : lo);
            }

            return best;
        }
    }
}
