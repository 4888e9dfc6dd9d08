using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Certus.Control.MadPinn;

/// <summary>The exact arithmetic of the batched engine: bit for bit <see cref="MadPinnModel.Evaluate"/>.</summary>
internal sealed partial class MadPinnBatchEvaluator
{
    /// <summary>
    /// Values (and gradients) of a batch, bit for bit those of <see cref="MadPinnModel.Evaluate"/>: a tile of points
    /// goes through each layer as a register-blocked product (4 outputs × 2 points) that accumulates every dot product
    /// exactly as <c>Dot</c> does (one <see cref="Vector{T}"/> of lane sums over the inputs, <see cref="Vector.Sum"/>,
    /// the scalar tail, then the bias; multiply then add, no fusing), and the sine is <see cref="Math.Sin"/>. The
    /// backward pass adds <c>δ_o ω cos(pre_o) W[o, k]</c> over o in order for every k, as the reference's axpy loop
    /// does (its skip of zero terms changes no bit: adding ±0 to a sum that starts at +0 never changes it).
    /// </summary>
    /// <param name="inputs">Points, d numbers each.</param>
    /// <param name="values">One value per point.</param>
    /// <param name="gradients">Empty, or d numbers per point.</param>
    public void EvaluateExact(ReadOnlySpan<double> inputs, Span<double> values, Span<double> gradients)
    {
        int t = Tile, w = _width, d = _d;
        bool grad = gradients.Length != 0;

        // Scratch, points-major: the input tile, two activation tiles, the pre-activations of every hidden layer.
        int size = (d * t) + (2 * w * t) + (_hidden * w * t);
        double[] scratch = t_scratch is { } s && s.Length >= size ? s : (t_scratch = new double[size]);
        Span<double> x = scratch.AsSpan(0, d * t);
        Span<double> h0 = scratch.AsSpan(d * t, w * t), h1 = scratch.AsSpan((d * t) + (w * t), w * t);
        int preStart = (d * t) + (2 * w * t);
        int n = values.Length;
        for (int start = 0; start < n; start += t)
        {
            int count = Math.Min(t, n - start);
            for (int p = 0; p < t; p++)
            {
                ReadOnlySpan<double> point = inputs.Slice((start + Math.Min(p, count - 1)) * d, d);
                for (int k = 0; k < d; k++)
                {
                    x[(p * d) + k] = (point[k] - _center[k]) / _halfWidth[k];
                }
            }

            ReadOnlySpan<double> h = x;
            for (int l = 0; l < _hidden; l++)
            {
                Span<double> pre = scratch.AsSpan(preStart + (l * w * t), _out[l] * t);
                ExactProduct(_w[l], _b[l], _out[l], _in[l], h, pre);
                Span<double> post = (l % 2 == 0 ? h0 : h1)[..(_out[l] * t)];
                for (int i = 0; i < pre.Length; i++)
                {
                    double a = pre[i];
                    pre[i] = _omega * a;
                    post[i] = Math.Sin(_omega * a);
                }

                h = post;
            }

            Span<double> y = (_hidden % 2 == 0 ? h0 : h1)[..t];
            ExactProduct(_w[_hidden], _b[_hidden], 1, _in[_hidden], h, y);
            for (int p = 0; p < count; p++)
            {
                values[start + p] = (_scale * y[p]) + _shift;
            }

            if (grad)
            {
                ExactBackward(scratch, preStart, gradients.Slice(start * d, count * d), count);
            }
        }
    }

    /// <summary>Input gradients of one tile (points-major pre-activations), in the reference's order of operations.</summary>
    private void ExactBackward(double[] scratch, int preStart, Span<double> gradients, int count)
    {
        int t = Tile, w = _width, d = _d;
        Span<double> delta = scratch.AsSpan(d * t, w * t), next = scratch.AsSpan((d * t) + (w * t), w * t);
        ReadOnlySpan<double> last = _w[_hidden];
        for (int o = 0; o < _in[_hidden]; o++)
        {
            delta.Slice(o * t, t).Fill(last[o]);
        }

        for (int l = _hidden - 1; l >= 0; l--)
        {
            int m = _out[l], n = _in[l];
            ReadOnlySpan<double> pre = scratch.AsSpan(preStart + (l * w * t), m * t);
            Span<double> da = delta[..(m * t)];
            for (int o = 0; o < m; o++)
            {
                for (int p = 0; p < t; p++)
                {
                    da[(o * t) + p] = da[(o * t) + p] * _omega * Math.Cos(pre[(p * m) + o]);
                }
            }

            TransposedProduct(_w[l], m, n, da, next[..(n * t)], fused: false);
            Span<double> swap = delta;
            delta = next;
            next = swap;
        }

        for (int p = 0; p < count; p++)
        {
            for (int k = 0; k < d; k++)
            {
                gradients[(p * d) + k] = _scale * delta[(k * t) + p] / _halfWidth[k];
            }
        }
    }

    /// <summary>out[p][o] = b[o] + Dot(W[o, ·], h[p, ·]) for a tile, points-major, in <c>Dot</c>'s exact order.</summary>
    private static void ExactProduct(double[] weights, double[] bias, int m, int n, ReadOnlySpan<double> h, Span<double> result)
    {
        int t = Tile, vc = Vector<double>.Count;
        bool vector = Vector.IsHardwareAccelerated && n >= vc;
        int nv = vector ? n - (n % vc) : 0;
        ref double wr = ref MemoryMarshal.GetArrayDataReference(weights);
        ref double hr = ref MemoryMarshal.GetReference(h);
        int o = 0;
        Span<double> sums = stackalloc double[8];
        for (; o <= m - 4; o += 4)
        {
            nuint r0 = (nuint)(o * n), r1 = r0 + (nuint)n, r2 = r1 + (nuint)n, r3 = r2 + (nuint)n;
            for (int p = 0; p < t; p += 2)
            {
                nuint q0 = (nuint)(p * n), q1 = q0 + (nuint)n;
                Vector<double> a0 = Vector<double>.Zero, a1 = a0, a2 = a0, a3 = a0, b0 = a0, b1 = a0, b2 = a0, b3 = a0;
                for (int k = 0; k < nv; k += vc)
                {
                    Vector<double> x0 = Vector.LoadUnsafe(ref hr, q0 + (nuint)k), x1 = Vector.LoadUnsafe(ref hr, q1 + (nuint)k);
                    Vector<double> w0 = Vector.LoadUnsafe(ref wr, r0 + (nuint)k), w1 = Vector.LoadUnsafe(ref wr, r1 + (nuint)k);
                    Vector<double> w2 = Vector.LoadUnsafe(ref wr, r2 + (nuint)k), w3 = Vector.LoadUnsafe(ref wr, r3 + (nuint)k);
                    a0 += w0 * x0;
                    b0 += w0 * x1;
                    a1 += w1 * x0;
                    b1 += w1 * x1;
                    a2 += w2 * x0;
                    b2 += w2 * x1;
                    a3 += w3 * x0;
                    b3 += w3 * x1;
                }

                if (vector && nv == n)
                {
                    // No tail (the shipped widths): the bias plus the lane sum, as Dot returns it.
                    nuint at0 = (nuint)((p * m) + o), at1 = at0 + (nuint)m;
                    ref double rr = ref MemoryMarshal.GetReference(result);
                    Unsafe.Add(ref rr, at0) = bias[o] + Vector.Sum(a0);
                    Unsafe.Add(ref rr, at0 + 1) = bias[o + 1] + Vector.Sum(a1);
                    Unsafe.Add(ref rr, at0 + 2) = bias[o + 2] + Vector.Sum(a2);
                    Unsafe.Add(ref rr, at0 + 3) = bias[o + 3] + Vector.Sum(a3);
                    Unsafe.Add(ref rr, at1) = bias[o] + Vector.Sum(b0);
                    Unsafe.Add(ref rr, at1 + 1) = bias[o + 1] + Vector.Sum(b1);
                    Unsafe.Add(ref rr, at1 + 2) = bias[o + 2] + Vector.Sum(b2);
                    Unsafe.Add(ref rr, at1 + 3) = bias[o + 3] + Vector.Sum(b3);
                    continue;
                }

                if (vector)
                {
                    sums[0] = Vector.Sum(a0);
                    sums[1] = Vector.Sum(a1);
                    sums[2] = Vector.Sum(a2);
                    sums[3] = Vector.Sum(a3);
                    sums[4] = Vector.Sum(b0);
                    sums[5] = Vector.Sum(b1);
                    sums[6] = Vector.Sum(b2);
                    sums[7] = Vector.Sum(b3);
                }
                else
                {
                    sums.Clear();
                }

                for (int j = 0; j < 2; j++)
                {
                    ReadOnlySpan<double> hp = h.Slice((p + j) * n, n);
                    for (int i = 0; i < 4; i++)
                    {
                        ReadOnlySpan<double> wo = weights.AsSpan((o + i) * n, n);
                        double sum = sums[(4 * j) + i];
                        for (int k = nv; k < n; k++)
                        {
                            sum += wo[k] * hp[k];
                        }

                        result[((p + j) * m) + o + i] = bias[o + i] + sum;
                    }
                }
            }
        }

        for (; o < m; o++)
        {
            ReadOnlySpan<double> wo = weights.AsSpan(o * n, n);
            for (int p = 0; p < t; p++)
            {
                ReadOnlySpan<double> hp = h.Slice(p * n, n);
                double sum = 0;
                if (vector)
                {
                    Vector<double> acc = Vector<double>.Zero;
                    for (int k = 0; k < nv; k += vc)
                    {
                        acc += new Vector<double>(wo.Slice(k, vc)) * new Vector<double>(hp.Slice(k, vc));
                    }

                    sum = Vector.Sum(acc);
                }

                for (int k = nv; k < n; k++)
                {
                    sum += wo[k] * hp[k];
                }

                result[(p * m) + o] = bias[o] + sum;
            }
        }
    }
}
