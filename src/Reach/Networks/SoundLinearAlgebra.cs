using Certus.Core.Networks;
using Certus.Core.Numerics;
using static Certus.Core.Numerics.DirectedRounding;

namespace Certus.Reach.Networks;

/// <summary>
/// Sound affine maps and activations on interval vectors stored as separate lower/upper arrays.
/// </summary>
/// <remarks>
/// <para>The affine map uses a fast path: the lower and upper sums are computed in round-to-nearest and then widened
/// by an a-priori bound of the rounding error of a recursively summed dot product (Higham, <i>Accuracy and Stability
/// of Numerical Algorithms</i>, eq. 3.5): |fl(Σ) − Σ| ≤ γ_{n+1} Σ|terms| with γ_k = k·u/(1 − k·u), u = 2⁻⁵³, plus
/// 2⁻¹⁰⁷⁴ per product for underflow. The bound is evaluated as (n + 3)·u·fl(Σ|terms|) (the extra terms cover the
/// rounding of the bound itself and of Σ|terms|) and applied with directed rounding. When any bound or sum is not
/// finite, the exact directed-rounding path is taken instead.</para>
/// </remarks>
public static class SoundLinearAlgebra
{
    private const double UnitRoundoff = 1.1102230246251565e-16; // 2^-53

    /// <summary>Encloses <c>W x + b</c> for every <c>x</c> in the box <c>[lo, hi]</c> (one row per output).</summary>
    /// <param name="layer">The layer whose weights and biases are used.</param>
    /// <param name="lo">Lower bounds of the inputs.</param>
    /// <param name="hi">Upper bounds of the inputs.</param>
    /// <param name="outLo">Receives the lower bounds of the pre-activations.</param>
    /// <param name="outHi">Receives the upper bounds of the pre-activations.</param>
    public static void Affine(DenseLayer layer, ReadOnlySpan<double> lo, ReadOnlySpan<double> hi, Span<double> outLo, Span<double> outHi)
    {
        ArgumentNullException.ThrowIfNull(layer);
        int n = layer.InputSize;
        ReadOnlySpan<double> w = layer.Weights;
        ReadOnlySpan<double> bias = layer.Bias;
        double factor = (n + 3) * UnitRoundoff;
        double underflow = (n + 1) * double.Epsilon;
        for (int r = 0; r < layer.OutputSize; r++)
        {
            ReadOnlySpan<double> row = w.Slice(r * n, n);
            double b = bias[r];
            double sLo = b, sHi = b, mag = Math.Abs(b);
            for (int c = 0; c < n; c++)
            {
                double wc = row[c];
                double pl, ph;
                if (wc >= 0)
                {
                    pl = wc * lo[c];
                    ph = wc * hi[c];
                }
                else
                {
                    pl = wc * hi[c];
                    ph = wc * lo[c];
                }

                sLo += pl;
                sHi += ph;
                mag += Math.Max(Math.Abs(pl), Math.Abs(ph));
            }

            if (double.IsFinite(mag) && double.IsFinite(sLo) && double.IsFinite(sHi))
            {
                double err = AddUp(MulUp(factor, mag), underflow);
                outLo[r] = SubDown(sLo, err);
                outHi[r] = AddUp(sHi, err);
            }
            else
            {
                (outLo[r], outHi[r]) = DirectedRow(row, b, lo, hi);
            }
        }
    }

    // The reference path: every product and sum rounded in the safe direction (0 * inf = 0).
    internal static (double Lo, double Hi) DirectedRow(ReadOnlySpan<double> row, double b, ReadOnlySpan<double> lo, ReadOnlySpan<double> hi)
    {
        double sLo = b, sHi = b;
        for (int c = 0; c < row.Length; c++)
        {
            double wc = row[c];
            if (wc >= 0)
            {
                sLo = AddDown(sLo, MulDown(wc, lo[c]));
                sHi = AddUp(sHi, MulUp(wc, hi[c]));
            }
            else
            {
                sLo = AddDown(sLo, MulDown(wc, hi[c]));
                sHi = AddUp(sHi, MulUp(wc, lo[c]));
            }
        }

        return (double.IsNaN(sLo) ? double.NegativeInfinity : sLo, double.IsNaN(sHi) ? double.PositiveInfinity : sHi);
    }

    /// <summary>Applies a monotone activation to interval bounds in place, rigorously.</summary>
    /// <param name="activation">The activation.</param>
    /// <param name="leakySlope">The leaky ReLU slope.</param>
    /// <param name="lo">Lower bounds, replaced.</param>
    /// <param name="hi">Upper bounds, replaced.</param>
    public static void Activate(Activation activation, double leakySlope, Span<double> lo, Span<double> hi)
    {
        for (int i = 0; i < lo.Length; i++)
        {
            Interval y = Activate(activation, leakySlope, new Interval(lo[i], hi[i]));
            lo[i] = y.Lo;
            hi[i] = y.Hi;
        }
    }

    /// <summary>A monotone activation over an interval.</summary>
    /// <param name="activation">The activation.</param>
    /// <param name="leakySlope">The leaky ReLU slope.</param>
    /// <param name="x">The pre-activation interval.</param>
    /// <returns>An enclosure of the activation's range over <paramref name="x"/>.</returns>
    public static Interval Activate(Activation activation, double leakySlope, Interval x) => activation switch
    {
        Activation.Identity => x,
        Activation.Relu => Interval.Max(x, Interval.Zero),
        Activation.Tanh => Interval.Tanh(x),
        Activation.Sigmoid => Interval.Sigmoid(x),
        Activation.LeakyRelu => Interval.Max(x, x * Interval.Point(leakySlope)),
        _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, null),
    };

    /// <summary>The normalised input box <c>(x − offset) ⊙ scale</c>, rounded outward.</summary>
    /// <param name="network">The network.</param>
    /// <param name="input">The input box.</param>
    /// <param name="lo">Receives lower bounds.</param>
    /// <param name="hi">Receives upper bounds.</param>
    public static void NormalizeInput(FeedForwardNetwork network, Certus.Core.Sets.Box input, Span<double> lo, Span<double> hi)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(input);
        for (int i = 0; i < network.InputSize; i++)
        {
            Interval v = (input[i] - Interval.Point(network.InputOffset[i])) * Interval.Point(network.InputScale[i]);
            lo[i] = v.Lo;
            hi[i] = v.Hi;
        }
    }

    /// <summary>The scaled output <c>y ⊙ scale + offset</c> of one raw output interval, rounded outward.</summary>
    /// <param name="network">The network.</param>
    /// <param name="index">The output index.</param>
    /// <param name="raw">The raw output interval.</param>
    /// <returns>The enclosure of the scaled output.</returns>
    public static Interval ScaleOutput(FeedForwardNetwork network, int index, Interval raw)
    {
        ArgumentNullException.ThrowIfNull(network);
        return (raw * Interval.Point(network.OutputScale[index])) + Interval.Point(network.OutputOffset[index]);
    }
}
