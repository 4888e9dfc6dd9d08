using Certus.Core.Networks;
using Certus.Core.Numerics;
using Certus.Core.Sets;

namespace Certus.Reach.Networks;

/// <summary>
/// The reference implementation of <see cref="LinearRelaxation"/>: back-substitution neuron by neuron with every
/// coefficient carried as an <see cref="Interval"/>, so that each rounding is enclosed by outward-rounded interval
/// arithmetic and nothing needs an a-priori error bound. Slow (one back-substitution and many small allocations per
/// neuron) but simple to check; <see cref="BackSubstitution"/> is the fast engine that
/// <see cref="LinearRelaxation"/> uses, and it falls back to this class where its preconditions (finite interval
/// bounds) fail. Tests compare the two.
/// </summary>
internal sealed class IntervalBackSubstitution
{
    private readonly FeedForwardNetwork _net;
    private readonly Box _input;
    private readonly Interval[] _x; // normalised input box
    private readonly Interval[][] _z; // pre-activation bounds per layer
    private readonly ActivationRelaxation[][] _relax;

    public IntervalBackSubstitution(FeedForwardNetwork network, Box input)
    {
        _net = network;
        _input = input;
        int n = network.InputSize;
        _x = new Interval[n];
        for (int i = 0; i < n; i++)
        {
            _x[i] = (input[i] - Interval.Point(network.InputOffset[i])) * Interval.Point(network.InputScale[i]);
        }

        int layers = network.Layers.Count;
        _z = new Interval[layers][];
        _relax = new ActivationRelaxation[layers][];

        // Interval propagation gives a first bound of every pre-activation; back-substitution tightens it.
        var ibp = new List<(double[] Lo, double[] Hi)>();
        int w = network.MaxWidth;
        IntervalPropagation.BoundInto(network, input, new double[w], new double[w], new double[w], new double[w],
            new double[network.OutputSize], new double[network.OutputSize], ibp);

        for (int k = 0; k < layers; k++)
        {
            DenseLayer layer = network.Layers[k];
            var zk = new Interval[layer.OutputSize];
            for (int i = 0; i < zk.Length; i++)
            {
                Interval box = new(ibp[k].Lo[i], ibp[k].Hi[i]);
                if (k > 0 && box.IsBounded)
                {
                    var a = new Interval[layer.OutputSize];
                    a[i] = Interval.One;
                    double lo = LowerFromZ(k, a, Interval.Zero);
                    a[i] = -Interval.One;
                    double hi = -LowerFromZ(k, a, Interval.Zero);
                    box = Interval.Intersect(box, new Interval(lo, Math.Max(lo, hi)));
                }

                zk[i] = box;
            }

            _z[k] = zk;
            _relax[k] = zk.Select(z => z.IsBounded ? ActivationRelaxation.Create(layer.Activation, layer.LeakySlope, z) : default).ToArray();
            if (zk.Any(z => !z.IsBounded))
            {
                _relax[k] = [];
            }
        }
    }

    /// <summary>The pre-activation bounds per layer (interval propagation, tightened by back-substitution).</summary>
    public IReadOnlyList<Interval[]> PreActivations => _z;

    public Box OutputBox()
    {
        DenseLayer last = _net.Layers[^1];
        var result = new Interval[_net.OutputSize];
        for (int j = 0; j < result.Length; j++)
        {
            Interval raw = SoundLinearAlgebra.Activate(last.Activation, last.LeakySlope, _z[^1][j]);
            result[j] = SoundLinearAlgebra.ScaleOutput(_net, j, raw);
        }

        return new Box(result);
    }

    // Lower bound of a·z_k + c over the input box (a over the outputs of layer k, before its activation).
    private double LowerFromZ(int k, Interval[] a, Interval c)
    {
        (Interval[] g, Interval constant) = BackToInput(k, a, c);
        Interval sum = constant;
        for (int i = 0; i < g.Length; i++)
        {
            sum += g[i] * _x[i];
        }

        return sum.Lo;
    }

    // Back-substitution from coefficients a over z_k to coefficients over the normalised input, for a LOWER bound:
    // a·z_k + c >= g·x + constant (constant may absorb x-dependent terms as an interval; take its lower end).
    private (Interval[] G, Interval Constant) BackToInput(int k, Interval[] a, Interval c)
    {
        for (int j = k; j >= 0; j--)
        {
            DenseLayer layer = _net.Layers[j];
            ReadOnlySpan<double> bias = layer.Bias;
            var g = new Interval[layer.InputSize];
            for (int r = 0; r < layer.OutputSize; r++)
            {
                Interval ar = a[r];
                if (ar.IsPoint && ar.Lo == 0)
                {
                    continue;
                }

                c += ar * Interval.Point(bias[r]);
                for (int m = 0; m < g.Length; m++)
                {
                    double wrm = layer.Weight(r, m);
                    if (wrm != 0)
                    {
                        g[m] += ar * Interval.Point(wrm);
                    }
                }
            }

            if (j == 0)
            {
                return (g, c);
            }

            a = RelaxLower(j - 1, g, ref c);
        }

        throw new InvalidOperationException("Unreachable.");
    }

    // Through the activation of layer k for a lower bound: g·σ(z) >= a·z + (added to c).
    private Interval[] RelaxLower(int k, Interval[] g, ref Interval c)
    {
        var a = new Interval[g.Length];
        ActivationRelaxation[] relax = _relax[k];
        DenseLayer layer = _net.Layers[k];
        for (int m = 0; m < g.Length; m++)
        {
            Interval gm = g[m];
            if (gm.IsPoint && gm.Lo == 0)
            {
                continue;
            }

            if (relax.Length > 0 && gm.Lo >= 0)
            {
                a[m] = gm * Interval.Point(relax[m].LowerSlope);
                c += gm * Interval.Point(relax[m].LowerIntercept);
            }
            else if (relax.Length > 0 && gm.Hi <= 0)
            {
                a[m] = gm * Interval.Point(relax[m].UpperSlope);
                c += gm * Interval.Point(relax[m].UpperIntercept);
            }
            else
            {
                // Sign unknown (or no relaxation): the whole term as an interval.
                c += gm * SoundLinearAlgebra.Activate(layer.Activation, layer.LeakySlope, _z[k][m]);
            }
        }

        return a;
    }

    public AffineEnclosure Affine()
    {
        int n = _net.InputSize;
        int last = _net.Layers.Count - 1;
        var coefficients = new double[_net.OutputSize][];
        var remainder = new Interval[_net.OutputSize];
        for (int j = 0; j < _net.OutputSize; j++)
        {
            // raw_j >= gl·x' + CL  and  raw_j <= (−gu)·x' − CU, over the normalised input x'.
            var e = new Interval[_net.Layers[last].OutputSize];
            e[j] = Interval.One;
            Interval cl = Interval.Zero;
            (Interval[] gl, Interval constL) = BackToInput(last, RelaxLower(last, e, ref cl), cl);
            e[j] = -Interval.One;
            Interval cu = Interval.Zero;
            (Interval[] gu, Interval constU) = BackToInput(last, RelaxLower(last, e, ref cu), cu);
            Interval[] upperG = [.. gu.Select(g => -g)];
            Interval upperC = -constU;

            // Slopes over the original input: the average of both lines, times the input and output scales.
            double s = _net.OutputScale[j];
            var a = new double[n];
            for (int i = 0; i < n; i++)
            {
                a[i] = s * _net.InputScale[i] * 0.5 * (gl[i].Midpoint + upperG[i].Midpoint);
            }

            Interval lowerLine = Residual(j, gl, constL, a);
            Interval upperLine = Residual(j, upperG, upperC, a);
            remainder[j] = s >= 0 ? new Interval(lowerLine.Lo, upperLine.Hi) : new Interval(upperLine.Lo, lowerLine.Hi);
            coefficients[j] = a;
        }

        return new AffineEnclosure(coefficients, remainder);
    }

    // Encloses s·(g·x' + C) + o − a·x over the input box, with x' = (x − off)·scale.
    private Interval Residual(int j, Interval[] g, Interval constant, double[] a)
    {
        Interval s = Interval.Point(_net.OutputScale[j]);
        Interval sum = Interval.Point(_net.OutputOffset[j]);
        Interval shifted = constant;
        for (int i = 0; i < g.Length; i++)
        {
            Interval gs = g[i] * Interval.Point(_net.InputScale[i]);
            sum += ((s * gs) - Interval.Point(a[i])) * _input[i];
            shifted -= gs * Interval.Point(_net.InputOffset[i]);
        }

        return sum + (s * shifted);
    }
}
