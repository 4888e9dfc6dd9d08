using Certus.Core.Networks;
using Certus.Core.Numerics;
using Certus.Core.Sets;
using static Certus.Core.Numerics.DirectedRounding;

namespace Certus.Reach.Networks;

/// <summary>
/// The engine of <see cref="LinearRelaxation"/>: CROWN-style back-substitution with coefficients stored as plain
/// doubles, many queries at once (all neurons of a layer, all outputs), and the rounding errors accounted for by
/// error bounds kept as a non-negative slack per query. It computes the same relaxations and bounds as
/// <see cref="IntervalBackSubstitution"/> (the interval-coefficient reference) up to rounding, without allocating
/// in its loops.
/// </summary>
/// <remarks>
/// <para><b>What is certified.</b> Write h_{−1} = x' for the normalised input, z_l = W_l h_{l−1} + b_l for the
/// pre-activations and h_l = σ_l(z_l) for the activations of layer l (p outputs, q inputs). A query is a row of doubles
/// over some h_l or z_l (or x') with two doubles d (constant) and s ≥ 0 (slack), read as the statement "the query's
/// objective is at least G·v + d − s for every input in the box", in real arithmetic with the stored doubles taken
/// exactly. The lower bound of neuron i of layer k starts as G = W_k[i,:] over h_{k−1}, d = b_k[i], s = 0 (an
/// equality); its upper bound is minus the lower bound of the negated row. Each step turns a true statement into a
/// true statement; the last gives a number. γ_k = ku/(1 − ku), u = 2⁻⁵³, κ_k = (k + 3)u, η = 2⁻¹⁰⁷⁴.</para>
/// <para><b>Relaxation step</b> (G over h_l to A over z_l). The stored lines satisfy αᴸ_m z + βᴸ_m ≤ σ(z) ≤
/// αᵁ_m z + βᵁ_m on the pre-activation bounds (see <see cref="ActivationRelaxation"/>), so G_m h_m ≥ G_m(α_m z_m + β_m)
/// with the lower line when the double G_m is positive and the upper line when it is negative. The sign of a stored
/// double is never ambiguous: G is the exact coefficient of the statement, its rounding history having been moved into
/// s already, so no interval fallback is needed. A_m = fl(G_m α_m) is off by at most u|G_m α_m| (exactly 0 when
/// α_m ∈ {0, 1}), which costs at most u|G_m||α_m|ν_m with ν_m ≥ |z_m| the magnitude of the bounds: the slack grows by
/// 2u·Σ_m |G_m||α_m|ν_m (2u covers u and the round-to-nearest evaluation of the sum). The new constant
/// d + Σ_m G_m β_m is accumulated with error-free transformations (see <see cref="CompensatedSum"/>), whose error
/// bound ≈ u|d'| is added to s as well. Identity activations are skipped (exact).</para>
/// <para><b>Affine step</b> (A over z_l to G over h_{l−1}), re-centred at the centre c of the bounds of h_{l−1}: with
/// z_l(c) = W_l c + b_l, A·z_l = A·z_l(c) + (A W_l)·(h − c) exactly. G = fl(A W_l) is summed in blocks of b = ⌈√p⌉ rows
/// of W_l (vectorised along the row): each product passes through at most k_p = b + ⌈p/b⌉ roundings, so
/// |(A W_l)_m − G_m| ≤ γ_{k_p} Σ_i |A_i||W_im| (Higham, <i>Accuracy and Stability of Numerical Algorithms</i>, §3.1 and
/// Lemma 3.3; any order, fused multiply-adds included). Hence A·z_l ≥ G·h + [A·ẑ − G·c] − κ_{k_p} Σ_i |A_i| ω_i −
/// (1 + κ_p) Σ_i |A_i| e_i, with ω_i ≥ Σ_m |W_im| ρ_m and ρ_m ≥ |h_m − c_m| the radius of the bounds, ẑ ≈ z_l(c) and
/// e_i ≥ |ẑ_i − z_l(c)_i| (a compensated dot product, once per layer); κ_k ≥ γ_k/(1 − γ_p) and 1 + κ_p ≥ 1/(1 − γ_p)
/// cover the round-to-nearest evaluation of the two non-negative sums (p ≤ 2²⁰). Re-centring makes the error of G
/// scale with the width of the bounds, not their magnitude (a sigmoid's outputs are about 1/2 however narrow their
/// range). The bracket is accumulated into the constant with error-free transformations, as above.</para>
/// <para><b>Underflow and overflow.</b> A product may also lose up to η/2 absolutely; a per-step constant
/// 4(n + 1)η(1 + 2Σ_m ν_m) (relaxation, n = p) or 4(n + 1)η(1 + 2Σ_m (|c_m| + ρ_m)) (affine, n = p + q), rounded
/// upward, covers those of the coefficients. Overflow makes a coefficient, the constant or the slack infinite or NaN,
/// and IEEE arithmetic carries that into the slack or the constant of the next step (|A_i|·ω_i and the compensated
/// constant see every non-zero coefficient); a query whose final coefficients, constant or slack are not finite
/// gives no bound (−∞).</para>
/// <para><b>Concretisation.</b> Over the normalised input box (rounded outward), G·x' ≥ Σ_i G_i·(l_i or u_i) by sign,
/// evaluated with downward rounding; the bound is that sum plus d minus s, rounded downward.</para>
/// <para>The engine needs finite interval-propagation bounds (the relaxations need bounded pre-activations, centres
/// and radii must be finite) and widths of at most 2²⁰; otherwise it delegates to
/// <see cref="IntervalBackSubstitution"/>.</para>
/// </remarks>
internal sealed partial class BackSubstitution
{
    private const double UnitRoundoff = 1.1102230246251565e-16; // u = 2^-53
    private const int MaxFastWidth = 1 << 20;
    private const int BlockRows = 128; // queries per batch: bounds the scratch memory, keeps a batch in cache

    private readonly FeedForwardNetwork _net;
    private readonly Box _input;
    private readonly double[] _xLo;
    private readonly double[] _xHi;
    private readonly Interval[][] _z;
    private readonly LayerTerms[] _terms;
    private readonly IntervalBackSubstitution? _reference;
    private bool _infeasible;
    private readonly bool _parallelLowerSlopes;

    public BackSubstitution(FeedForwardNetwork network, Box input)
        : this(network, input, null)
    {
    }

    // phases[k][i]: +1 restricts the inputs to those where neuron i of layer k has z ≥ 0, −1 to z ≤ 0, 0 no constraint
    // (null: none). Every bound is then valid for the inputs of the box that satisfy the constraints; an empty set of
    // them shows as Infeasible. The interval reference engine ignores the constraints (still sound: its bounds hold
    // on the whole box).
    public BackSubstitution(FeedForwardNetwork network, Box input, IReadOnlyList<sbyte[]>? phases)
        : this(network, input, phases, parallelLowerSlopes: false)
    {
    }

    // parallelLowerSlopes: unstable ReLUs get the lower line parallel to their upper chord (for affine enclosures).
    public BackSubstitution(FeedForwardNetwork network, Box input, IReadOnlyList<sbyte[]>? phases, bool parallelLowerSlopes)
    {
        _parallelLowerSlopes = parallelLowerSlopes;
        _net = network;
        _input = input;
        int n = network.InputSize;
        int layers = network.Layers.Count;
        _xLo = new double[n];
        _xHi = new double[n];
        SoundLinearAlgebra.NormalizeInput(network, input, _xLo, _xHi);

        // Interval propagation gives a first bound of every pre-activation; back-substitution tightens it.
        var ibp = new List<(double[] Lo, double[] Hi)>(layers);
        int w = network.MaxWidth;
        IntervalPropagation.BoundInto(network, input, new double[w], new double[w], new double[w], new double[w],
            new double[network.OutputSize], new double[network.OutputSize], ibp);
        if (!FastPathApplies(network, _xLo, _xHi, ibp))
        {
            _reference = new IntervalBackSubstitution(network, input);
            _z = [];
            _terms = [];
            return;
        }

        _z = new Interval[layers][];
        _terms = new LayerTerms[layers];

        // Bounds of the current layer's inputs: the normalised input box, then each layer's activation bounds.
        double[] inLo = _xLo, inHi = _xHi;
        using var work = new Workspace(w);
        for (int k = 0; k < layers; k++)
        {
            DenseLayer layer = network.Layers[k];
            var terms = new LayerTerms(layer.InputSize, layer.OutputSize);
            AffineTerms(layer, inLo, inHi, terms);
            _terms[k] = terms;
            var zk = new Interval[layer.OutputSize];
            for (int i = 0; i < zk.Length; i++)
            {
                zk[i] = new Interval(ibp[k].Lo[i], ibp[k].Hi[i]);
            }

            if (k > 0)
            {
                Tighten(k, zk, work);
            }

            if (phases is not null && k < phases.Count && phases[k] is { } phase)
            {
                Constrain(zk, phase);
            }

            _z[k] = zk;
            if (_infeasible)
            {
                // No input of the box satisfies the constraints: the remaining layers are never read.
                for (int j = k + 1; j < layers; j++)
                {
                    _z[j] = [.. Enumerable.Repeat(Interval.Empty, network.Layers[j].OutputSize)];
                }

                return;
            }

            (inLo, inHi) = RelaxationTerms(layer, zk, terms);
        }
    }

    /// <summary>The pre-activation bounds per layer (interval propagation, tightened by back-substitution).</summary>
    public IReadOnlyList<Interval[]> PreActivations => _reference?.PreActivations ?? _z;

    /// <summary>Whether the bounds prove that no input of the box satisfies the split constraints (then every later
    /// pre-activation bound is empty).</summary>
    public bool Infeasible => _infeasible;

    /// <summary>Whether the fast engine ran (false: the interval reference, which ignores split constraints).</summary>
    public bool UsesFastPath => _reference is null;

    // Clamps the bounds of constrained neurons: z ≥ 0 (active) or z ≤ 0 (inactive); an empty result (or bounds that
    // already crossed) is infeasible.
    private void Constrain(Interval[] zk, sbyte[] phase)
    {
        for (int i = 0; i < zk.Length && i < phase.Length; i++)
        {
            Interval z = zk[i];
            if (z.IsEmpty)
            {
                _infeasible = true;
                return;
            }

            if (phase[i] > 0)
            {
                if (z.Hi < 0)
                {
                    _infeasible = true;
                    return;
                }

                zk[i] = new Interval(Math.Max(z.Lo, 0), z.Hi);
            }
            else if (phase[i] < 0)
            {
                if (z.Lo > 0)
                {
                    _infeasible = true;
                    return;
                }

                zk[i] = new Interval(z.Lo, Math.Min(z.Hi, 0));
            }
        }
    }

    /// <summary>The output box: the last layer's pre-activation bounds through its activation and the output scaling.</summary>
    public Box OutputBox()
    {
        if (_reference is not null)
        {
            return _reference.OutputBox();
        }

        DenseLayer last = _net.Layers[^1];
        var result = new Interval[_net.OutputSize];
        for (int j = 0; j < result.Length; j++)
        {
            Interval raw = SoundLinearAlgebra.Activate(last.Activation, last.LeakySlope, _z[^1][j]);
            result[j] = SoundLinearAlgebra.ScaleOutput(_net, j, raw);
        }

        return new Box(result);
    }

    /// <summary>The outputs as affine functions of the (original) input with interval remainders.</summary>
    public AffineEnclosure Affine()
    {
        if (_reference is not null)
        {
            return _reference.Affine();
        }

        int n = _net.InputSize;
        int outputs = _net.OutputSize;
        int last = _net.Layers.Count - 1;
        DenseLayer lastLayer = _net.Layers[last];
        var coefficients = new double[outputs][];
        var remainder = new Interval[outputs];
        var gl = new double[n];
        var gu = new double[n];
        using var work = new Workspace(_net.MaxWidth);
        int perBlock = BlockRows / 2;
        for (int j0 = 0; j0 < outputs; j0 += perBlock)
        {
            int count = Math.Min(perBlock, outputs - j0);
            int rows = 2 * count;

            // Rows 2t and 2t+1: +e_j and −e_j over the network's raw output h_L = σ(z_L): lower bounds of y_j and −y_j.
            Span<double> g = work.A.AsSpan(0, rows * outputs);
            g.Clear();
            for (int t = 0; t < count; t++)
            {
                g[(2 * t * outputs) + j0 + t] = 1;
                g[(((2 * t) + 1) * outputs) + j0 + t] = -1;
            }

            work.D.AsSpan(0, rows).Clear();
            work.S.AsSpan(0, rows).Clear();
            double[] final = Propagate(last, rows, work);
            for (int t = 0; t < count; t++)
            {
                int j = j0 + t;
                int lower = 2 * t, upper = lower + 1;
                Interval range = SoundLinearAlgebra.Activate(lastLayer.Activation, lastLayer.LeakySlope, _z[last][j]);

                // raw_j ≥ gl·x' + cl and raw_j ≤ gu·x' + cu over the normalised input x' (a query without a finite
                // bound falls back to the constant line of the output's range).
                double cl, cu;
                if (double.IsFinite(work.Lower[lower]))
                {
                    final.AsSpan(lower * n, n).CopyTo(gl);
                    cl = SubDown(work.D[lower], work.S[lower]);
                }
                else
                {
                    Array.Clear(gl);
                    cl = range.Lo;
                }

                if (double.IsFinite(work.Lower[upper]))
                {
                    for (int i = 0; i < n; i++)
                    {
                        gu[i] = -final[(upper * n) + i];
                    }

                    cu = AddUp(-work.D[upper], work.S[upper]);
                }
                else
                {
                    Array.Clear(gu);
                    cu = range.Hi;
                }

                // Slopes over the original input: the average of both lines, times the input and output scales (any
                // finite slopes are sound; the remainder absorbs the rest).
                double s = _net.OutputScale[j];
                var a = new double[n];
                for (int i = 0; i < n; i++)
                {
                    double ai = s * _net.InputScale[i] * 0.5 * (gl[i] + gu[i]);
                    a[i] = double.IsFinite(ai) ? ai : 0;
                }

                Interval lowerLine = Residual(j, gl, cl, a);
                Interval upperLine = Residual(j, gu, cu, a);
                remainder[j] = s >= 0 ? new Interval(lowerLine.Lo, upperLine.Hi) : new Interval(upperLine.Lo, lowerLine.Hi);
                coefficients[j] = a;
            }
        }

        return new AffineEnclosure(coefficients, remainder);
    }

    // Encloses s·(g·x' + c) + o − a·x over the input box, with x' = (x − off)·scale, in interval arithmetic.
    private Interval Residual(int j, double[] g, double constant, double[] a)
    {
        Interval s = Interval.Point(_net.OutputScale[j]);
        Interval sum = Interval.Point(_net.OutputOffset[j]);
        Interval shifted = Interval.Point(constant);
        for (int i = 0; i < g.Length; i++)
        {
            Interval gs = Interval.Point(g[i]) * Interval.Point(_net.InputScale[i]);
            sum += ((s * gs) - Interval.Point(a[i])) * _input[i];
            shifted -= gs * Interval.Point(_net.InputOffset[i]);
        }

        return sum + (s * shifted);
    }

    private static bool FastPathApplies(FeedForwardNetwork network, double[] xLo, double[] xHi, List<(double[] Lo, double[] Hi)> ibp)
    {
        if (network.MaxWidth > MaxFastWidth || !AllFinite(xLo) || !AllFinite(xHi))
        {
            return false;
        }

        foreach ((double[] lo, double[] hi) in ibp)
        {
            if (!AllFinite(lo) || !AllFinite(hi))
            {
                return false;
            }
        }

        return true;
    }

    private static bool AllFinite(ReadOnlySpan<double> values)
    {
        foreach (double v in values)
        {
            if (!double.IsFinite(v))
            {
                return false;
            }
        }

        return true;
    }

    // Tightens the (finite) interval bounds zk of layer k ≥ 1 by back-substitution, a batch of neurons at a time.
    private void Tighten(int k, Interval[] zk, Workspace work)
    {
        DenseLayer layer = _net.Layers[k];
        int p = layer.OutputSize, q = layer.InputSize;
        ReadOnlySpan<double> weights = layer.Weights;
        ReadOnlySpan<double> bias = layer.Bias;
        int perBlock = BlockRows / 2;
        for (int i0 = 0; i0 < p; i0 += perBlock)
        {
            int count = Math.Min(perBlock, p - i0);
            int rows = 2 * count;

            // Rows 2t and 2t+1: z_i = W_i·h + b_i and −z_i, exactly (copies and negations), over h_{k−1}.
            for (int t = 0; t < count; t++)
            {
                int i = i0 + t;
                ReadOnlySpan<double> wi = weights.Slice(i * q, q);
                Span<double> plus = work.A.AsSpan(2 * t * q, q);
                Span<double> minus = work.A.AsSpan(((2 * t) + 1) * q, q);
                wi.CopyTo(plus);
                for (int m = 0; m < q; m++)
                {
                    minus[m] = -wi[m];
                }

                work.D[2 * t] = bias[i];
                work.D[(2 * t) + 1] = -bias[i];
                work.S[2 * t] = 0;
                work.S[(2 * t) + 1] = 0;
            }

            Propagate(k - 1, rows, work);
            for (int t = 0; t < count; t++)
            {
                int i = i0 + t;
                double lo = work.Lower[2 * t];
                double hi = -work.Lower[(2 * t) + 1];

                // Sound bounds that cross (or miss the interval bounds) prove the constrained input set empty; without
                // constraints that cannot happen.
                _infeasible |= lo > hi;
                zk[i] = Interval.Intersect(zk[i], new Interval(lo, Math.Max(lo, hi)));
                _infeasible |= zk[i].IsEmpty;
            }
        }
    }

    // Back-substitutes rows queries held in work.A (coefficients over h_j, the activation of layer j), work.D and
    // work.S down to the normalised input, then writes their certified lower bounds into work.Lower. Returns the
    // buffer that holds the final coefficients over x' (row stride InputSize).
    private double[] Propagate(int j, int rows, Workspace work)
    {
        double[] current = work.A, other = work.B;
        Span<double> d = work.D.AsSpan(0, rows), s = work.S.AsSpan(0, rows);
        for (int l = j; l >= 0; l--)
        {
            Relax(l, rows, current, d, s);
            AffineStep(l, rows, current, other, work.Partial, d, s);
            (current, other) = (other, current);
        }

        Concretise(rows, current, d, s, work.Lower.AsSpan(0, rows));
        return current;
    }
}
