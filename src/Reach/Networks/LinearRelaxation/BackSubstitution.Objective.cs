using Certus.Core.Networks;
using Certus.Core.Numerics;

namespace Certus.Reach.Networks;

/// <summary>
/// The last layer's lower bounds with optimised lower slopes of the unstable ReLUs (alpha-CROWN with the intermediate
/// bounds kept), and the branching scores of the neurons.
/// </summary>
/// <remarks>
/// <para>The lower line α·z of a ReLU whose bounds straddle 0 is valid for every α in [0, 1] (σ(z) = max(z, 0) ≥ αz),
/// so the certified back-substitution gives a sound bound with any such slopes. The slopes are chosen per row of the
/// last layer with the intermediate bounds fixed: the row's bound is back-substituted in plain doubles (an estimate
/// only), its gradient with respect to each slope is the coefficient of the neuron times the neuron's value at the
/// minimising corner of the input box under the same linear relaxation, and projected gradient ascent keeps the
/// estimate's best slopes. Only those slopes then go through the certified engine; the bound reported is the larger of
/// that and the default CROWN bound, both sound.</para>
/// <para>The score of an unstable neuron for one row is |coefficient over h| times the largest vertical gap of its
/// triangle relaxation, −l·u/(u − l) (a BaBSR-like estimate of what fixing its phase can gain).</para>
/// </remarks>
internal sealed partial class BackSubstitution
{
    /// <summary>
    /// Sound lower bounds of the last layer's pre-activations (one per row), with <paramref name="steps"/> steps of
    /// slope optimisation (0: the default CROWN slopes), the scores of the hidden neurons for the row with the best
    /// bound, and that row's minimising input corner (original coordinates, inside the box).
    /// </summary>
    public (double[] Lower, double[][] Scores, double[] Corner) Objective(int steps)
    {
        int last = _net.Layers.Count - 1;
        int rowsOut = _net.Layers[last].OutputSize;
        var lower = new double[rowsOut];
        var scores = new double[last][];
        for (int l = 0; l < last; l++)
        {
            scores[l] = new double[_net.Layers[l].OutputSize];
        }

        if (_reference is not null || _infeasible)
        {
            for (int j = 0; j < rowsOut; j++)
            {
                lower[j] = _reference is not null ? _reference.PreActivations[last][j].Lo : double.PositiveInfinity;
            }

            return (lower, scores, _input.Center);
        }

        var pass = new PlainPass(this);
        int bestRow = 0;
        double[][]? bestAlpha = null;
        double bestValue = double.NegativeInfinity;
        using var work = new Workspace(_net.MaxWidth);
        for (int j = 0; j < rowsOut; j++)
        {
            lower[j] = _z[last][j].Lo;
            double[][] alpha = pass.DefaultSlopes();
            double[][] best = alpha;
            double bestEstimate = pass.Backward(j, alpha);
            if (steps > 0 && pass.HasFreeSlopes)
            {
                best = Copy(alpha);
                for (int step = 0; step < steps; step++)
                {
                    pass.Ascend(alpha, 1.0 / (1 + step));
                    double estimate = pass.Backward(j, alpha);
                    if (estimate > bestEstimate)
                    {
                        bestEstimate = estimate;
                        best = Copy(alpha);
                    }
                }

                lower[j] = Math.Max(lower[j], CertifiedRow(last, j, best, work));
            }

            if (j == 0 || lower[j] > bestValue)
            {
                bestValue = lower[j];
                bestRow = j;
                bestAlpha = best;
            }
        }

        pass.Backward(bestRow, bestAlpha!);
        pass.Scores(scores);
        return (lower, scores, pass.Corner());
    }

    private static double[][] Copy(double[][] a) => [.. a.Select(r => (double[])r.Clone())];

    // The certified lower bound of row j of the last layer with the given lower slopes (the layers' own are restored).
    private double CertifiedRow(int last, int j, double[][] alpha, Workspace work)
    {
        var saved = new (double[] Alpha, double[] Error)[last];
        for (int l = 0; l < last; l++)
        {
            LayerTerms t = _terms[l];
            saved[l] = ((double[])t.AlphaL.Clone(), (double[])t.SlopeErrorL.Clone());
            Interval[] z = _z[l];
            for (int m = 0; m < alpha[l].Length; m++)
            {
                if (alpha[l][m] != t.AlphaL[m])
                {
                    t.AlphaL[m] = alpha[l][m];
                    t.SlopeErrorL[m] = SlopeError(alpha[l][m], z[m].Magnitude);
                }
            }
        }

        DenseLayer layer = _net.Layers[last];
        int q = layer.InputSize;
        layer.Weights.Slice(j * q, q).CopyTo(work.A);
        work.D[0] = layer.Bias[j];
        work.S[0] = 0;
        Propagate(last - 1, 1, work);
        double bound = work.Lower[0];
        for (int l = 0; l < last; l++)
        {
            saved[l].Alpha.CopyTo(_terms[l].AlphaL, 0);
            saved[l].Error.CopyTo(_terms[l].SlopeErrorL, 0);
        }

        return bound;
    }

    // The back-substitution of one row in plain doubles (an estimate for choosing slopes; never a reported bound).
    private sealed class PlainPass
    {
        private readonly BackSubstitution _owner;
        private readonly int _last;
        private readonly double[][] _coefficient; // over h_l, per hidden layer l, of the last backward pass
        private readonly double[][] _value; // z_l at the minimising corner under the same relaxation
        private readonly bool[][] _free; // unstable ReLU neurons whose lower slope may move in [0, 1]
        private readonly double[] _corner;

        public PlainPass(BackSubstitution owner)
        {
            _owner = owner;
            FeedForwardNetwork net = owner._net;
            _last = net.Layers.Count - 1;
            _coefficient = new double[_last][];
            _value = new double[_last][];
            _free = new bool[_last][];
            for (int l = 0; l < _last; l++)
            {
                DenseLayer layer = net.Layers[l];
                int p = layer.OutputSize;
                _coefficient[l] = new double[p];
                _value[l] = new double[p];
                _free[l] = new bool[p];
                for (int m = 0; m < p; m++)
                {
                    Interval z = owner._z[l][m];
                    _free[l][m] = layer.Activation == Activation.Relu && z.Lo < 0 && z.Hi > 0;
                    HasFreeSlopes |= _free[l][m];
                }
            }

            _corner = new double[net.InputSize];
        }

        public bool HasFreeSlopes { get; }

        public double[][] DefaultSlopes()
        {
            var alpha = new double[_last][];
            for (int l = 0; l < _last; l++)
            {
                alpha[l] = (double[])_owner._terms[l].AlphaL.Clone();
            }

            return alpha;
        }

        // The estimated lower bound of row j of the last layer; records the coefficients and the minimising corner.
        public double Backward(int j, double[][] alpha)
        {
            IReadOnlyList<DenseLayer> layers = _owner._net.Layers;
            DenseLayer top = layers[_last];
            double constant = top.Bias[j];
            double[] a = top.Weights.Slice(j * top.InputSize, top.InputSize).ToArray();
            for (int l = _last - 1; l >= 0; l--)
            {
                LayerTerms t = _owner._terms[l];
                a.CopyTo(_coefficient[l], 0);
                for (int m = 0; m < a.Length; m++)
                {
                    double g = a[m];
                    if (g > 0)
                    {
                        a[m] = g * alpha[l][m];
                        constant += g * t.BetaL[m];
                    }
                    else if (g < 0)
                    {
                        a[m] = g * t.AlphaU[m];
                        constant += g * t.BetaU[m];
                    }
                }

                DenseLayer layer = layers[l];
                int q = layer.InputSize;
                var next = new double[q];
                ReadOnlySpan<double> w = layer.Weights;
                for (int i = 0; i < a.Length; i++)
                {
                    double ai = a[i];
                    if (ai == 0)
                    {
                        continue;
                    }

                    constant += ai * layer.Bias[i];
                    ReadOnlySpan<double> row = w.Slice(i * q, q);
                    for (int m = 0; m < q; m++)
                    {
                        next[m] += ai * row[m];
                    }
                }

                a = next;
            }

            double value = constant;
            for (int i = 0; i < a.Length; i++)
            {
                _corner[i] = a[i] > 0 ? _owner._xLo[i] : a[i] < 0 ? _owner._xHi[i] : 0.5 * (_owner._xLo[i] + _owner._xHi[i]);
                value += a[i] * _corner[i];
            }

            return double.IsNaN(value) ? double.NegativeInfinity : value;
        }

        // One projected step: ∂bound/∂α_m = coefficient·z_m(corner) for neurons on their lower line.
        public void Ascend(double[][] alpha, double rate)
        {
            Forward(alpha);
            for (int l = 0; l < _last; l++)
            {
                Interval[] z = _owner._z[l];
                for (int m = 0; m < alpha[l].Length; m++)
                {
                    double g = _coefficient[l][m];
                    if (!_free[l][m] || g <= 0)
                    {
                        continue;
                    }

                    double step = rate * _value[l][m] / (z[m].Hi - z[m].Lo);
                    alpha[l][m] = double.IsFinite(step) ? Math.Clamp(alpha[l][m] + step, 0, 1) : alpha[l][m];
                }
            }
        }

        public void Scores(double[][] scores)
        {
            for (int l = 0; l < _last; l++)
            {
                Interval[] z = _owner._z[l];
                for (int m = 0; m < scores[l].Length; m++)
                {
                    if (_free[l][m])
                    {
                        double lo = z[m].Lo, hi = z[m].Hi;
                        double gap = -lo * hi / (hi - lo);
                        double s = Math.Abs(_coefficient[l][m]) * gap;
                        scores[l][m] = double.IsFinite(s) ? s : 0;
                    }
                }
            }
        }

        // The minimising corner in the network's original input coordinates, clamped into the box.
        public double[] Corner()
        {
            FeedForwardNetwork net = _owner._net;
            var x = new double[_corner.Length];
            for (int i = 0; i < x.Length; i++)
            {
                Interval box = _owner._input[i];
                double scale = net.InputScale[i];
                double v = scale != 0 ? (_corner[i] / scale) + net.InputOffset[i] : box.Midpoint;
                x[i] = Math.Clamp(double.IsFinite(v) ? v : box.Midpoint, box.Lo, box.Hi);
            }

            return x;
        }

        // z_l at the corner through the linear relaxation chosen by the last backward pass (lower line where the
        // coefficient is positive, upper line where negative, the network itself where it is zero).
        private void Forward(double[][] alpha)
        {
            IReadOnlyList<DenseLayer> layers = _owner._net.Layers;
            double[] h = (double[])_corner.Clone();
            for (int l = 0; l < _last; l++)
            {
                DenseLayer layer = layers[l];
                LayerTerms t = _owner._terms[l];
                int q = layer.InputSize;
                ReadOnlySpan<double> w = layer.Weights;
                var next = new double[layer.OutputSize];
                for (int i = 0; i < next.Length; i++)
                {
                    double z = layer.Bias[i];
                    ReadOnlySpan<double> row = w.Slice(i * q, q);
                    for (int m = 0; m < q; m++)
                    {
                        z += row[m] * h[m];
                    }

                    _value[l][i] = z;
                    double g = _coefficient[l][i];
                    next[i] = g > 0 ? (alpha[l][i] * z) + t.BetaL[i]
                        : g < 0 ? (t.AlphaU[i] * z) + t.BetaU[i]
                        : DenseLayer.Apply(layer.Activation, z, layer.LeakySlope);
                }

                h = next;
            }
        }
    }
}
