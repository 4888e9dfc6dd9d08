using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Certus.Control.MadPinn;

/// <summary>
/// The batched engine behind <see cref="MadPinnModel.EvaluateBatch"/>: points go through the network in tiles of
/// <see cref="Tile"/> (two <see cref="Vector{T}"/>s of points), each layer of a tile is one small matrix product
/// <c>A = W H + b</c> with the activations stored feature-major (<c>H[k][p]</c>), so a register block of 4 outputs
/// × 2 point vectors accumulates with fused multiply-adds and a weight is loaded once per 8 products; the sine is
/// taken with <see cref="VectorSine"/>. The backward pass (input gradients) is the same product with <c>Wᵀ</c>.
/// </summary>
/// <remarks>
/// Two arithmetics. Exact (the default, <see cref="EvaluateExact"/>): the products keep the reference's summation
/// order (the <see cref="Vector{T}"/> lane sums of <c>Dot</c>, then its tail, then the bias) and the sine is
/// <see cref="Math.Sin"/>, so values and gradients are bit for bit those of <see cref="MadPinnModel.Evaluate"/>.
/// Fast: fused multiply-adds in another order and <see cref="VectorSine"/>: agrees to about 1e-13 (tested), not bit
/// for bit. Either way a point's result depends on that point alone, and there is no allocation per call after the
/// first on a thread (the scratch is thread-static).
/// </remarks>
internal sealed partial class MadPinnBatchEvaluator
{
    private static readonly bool Fused = System.Runtime.Intrinsics.X86.Fma.IsSupported || System.Runtime.Intrinsics.Arm.AdvSimd.IsSupported;

    [ThreadStatic]
    private static double[]? t_scratch;

    private readonly double[][] _w;
    private readonly double[][] _b;
    private readonly int[] _in;
    private readonly int[] _out;
    private readonly double[] _center;
    private readonly double[] _halfWidth;
    private readonly double _omega;
    private readonly double _scale;
    private readonly double _shift;
    private readonly int _d;
    private readonly int _width;
    private readonly int _hidden;

    /// <summary>Copies the model's layers.</summary>
    /// <param name="model">The model.</param>
    public MadPinnBatchEvaluator(MadPinnModel model)
    {
        _hidden = model.Layers.Count - 1;
        _w = [.. model.Layers.Select(l => l.Weights.ToArray())];
        _b = [.. model.Layers.Select(l => l.Bias.ToArray())];
        _in = [.. model.Layers.Select(l => l.Inputs)];
        _out = [.. model.Layers.Select(l => l.Outputs)];
        _center = [.. model.InputCenter];
        _halfWidth = [.. model.InputHalfWidth];
        _omega = model.Network.Omega0;
        _scale = model.OutputScale;
        _shift = model.OutputShift;
        _d = model.Problem.InputDimension;
        _width = Math.Max(_d, _out.Take(_hidden).DefaultIfEmpty(1).Max());
    }

    /// <summary>Points per tile: two vectors.</summary>
    public static int Tile => 2 * Vector<double>.Count;

    /// <summary>Values (and gradients when <paramref name="gradients"/> is not empty) of a batch, on this thread.</summary>
    /// <param name="inputs">Points, d numbers each.</param>
    /// <param name="values">One value per point.</param>
    /// <param name="gradients">Empty, or d numbers per point.</param>
    /// <param name="fast">False: bit for bit <see cref="MadPinnModel.Evaluate"/> (<see cref="EvaluateExact"/>); true: fused multiply-adds and <see cref="VectorSine"/>.</param>
    public void Evaluate(ReadOnlySpan<double> inputs, Span<double> values, Span<double> gradients, bool fast)
    {
        if (!fast || !Vector.IsHardwareAccelerated)
        {
            EvaluateExact(inputs, values, gradients);
            return;
        }

        int t = Tile, w = _width, d = _d;
        bool grad = gradients.Length != 0;

        // Scratch: the input tile, two activation tiles, the pre-activations of every hidden layer (kept for the backward pass).
        int size = (d * t) + (2 * w * t) + (_hidden * w * t);
        double[] scratch = t_scratch is { } s && s.Length >= size ? s : (t_scratch = new double[size]);
        Span<double> x = scratch.AsSpan(0, d * t);
        Span<double> h0 = scratch.AsSpan(d * t, w * t), h1 = scratch.AsSpan((d * t) + (w * t), w * t);
        int preStart = (d * t) + (2 * w * t);

        int n = values.Length;
        for (int start = 0; start < n; start += t)
        {
            int count = Math.Min(t, n - start);

            // x̂ᵀ: feature-major; a short tile repeats its last point.
            for (int p = 0; p < t; p++)
            {
                ReadOnlySpan<double> point = inputs.Slice((start + Math.Min(p, count - 1)) * d, d);
                for (int k = 0; k < d; k++)
                {
                    x[(k * t) + p] = (point[k] - _center[k]) / _halfWidth[k];
                }
            }

            ReadOnlySpan<double> h = x;
            for (int l = 0; l < _hidden; l++)
            {
                Span<double> pre = scratch.AsSpan(preStart + (l * w * t), _out[l] * t);
                Product(_w[l], _b[l], _out[l], _in[l], h, pre);
                Span<double> post = (l % 2 == 0 ? h0 : h1)[..(_out[l] * t)];
                Scale(pre, _omega);
                VectorSine.Apply(pre, post, cosine: false);
                h = post;
            }

            Span<double> y = (_hidden % 2 == 0 ? h0 : h1)[..t];
            Product(_w[_hidden], _b[_hidden], 1, _in[_hidden], h, y);
            for (int p = 0; p < count; p++)
            {
                values[start + p] = (_scale * y[p]) + _shift;
            }

            if (grad)
            {
                Backward(scratch, preStart, gradients.Slice(start * d, count * d), count);
            }
        }
    }

    /// <summary>Input gradients of one tile from its stored pre-activations.</summary>
    private void Backward(double[] scratch, int preStart, Span<double> gradients, int count)
    {
        int t = Tile, w = _width, d = _d;
        Span<double> delta = scratch.AsSpan(d * t, w * t), next = scratch.AsSpan((d * t) + (w * t), w * t);

        // δ over the last hidden layer's outputs: the output weights, for every point.
        ReadOnlySpan<double> last = _w[_hidden];
        for (int o = 0; o < _in[_hidden]; o++)
        {
            delta.Slice(o * t, t).Fill(last[o]);
        }

        for (int l = _hidden - 1; l >= 0; l--)
        {
            int m = _out[l], n = _in[l];
            Span<double> pre = scratch.AsSpan(preStart + (l * w * t), m * t);
            Span<double> da = delta[..(m * t)];

            // δ·ω·cos(pre), in place of δ (the pre-activations are not needed after this layer).
            VectorSine.Apply(pre, pre, cosine: true);
            for (int i = 0; i < m * t; i++)
            {
                da[i] = da[i] * _omega * pre[i];
            }

            TransposedProduct(_w[l], m, n, da, next[..(n * t)], Fused);
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

    private static void Scale(Span<double> v, double factor)
    {
        int i = 0, vc = Vector<double>.Count;
        ref double r = ref MemoryMarshal.GetReference(v);
        var f = new Vector<double>(factor);
        for (; i <= v.Length - vc; i += vc)
        {
            (Vector.LoadUnsafe(ref r, (nuint)i) * f).StoreUnsafe(ref r, (nuint)i);
        }

        for (; i < v.Length; i++)
        {
            v[i] *= factor;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<double> MulAdd(Vector<double> a, Vector<double> b, Vector<double> c, bool fused) =>
        fused ? Vector.FusedMultiplyAdd(a, b, c) : (a * b) + c;

    /// <summary>outᵀ[o][p] = b[o] + Σ_k W[o, k] hᵀ[k][p] for a tile (W row-major m × n; h feature-major n × Tile).</summary>
    private static void Product(double[] weights, double[] bias, int m, int n, ReadOnlySpan<double> h, Span<double> result)
    {
        int t = Tile, vc = Vector<double>.Count;
        ref double wr = ref MemoryMarshal.GetArrayDataReference(weights);
        ref double hr = ref MemoryMarshal.GetReference(h);
        ref double rr = ref MemoryMarshal.GetReference(result);
        int o = 0;
        for (; o <= m - 4; o += 4)
        {
            Vector<double> a0 = new(bias[o]), a1 = new(bias[o + 1]), a2 = new(bias[o + 2]), a3 = new(bias[o + 3]);
            Vector<double> b0 = a0, b1 = a1, b2 = a2, b3 = a3;
            nuint r0 = (nuint)(o * n), r1 = r0 + (nuint)n, r2 = r1 + (nuint)n, r3 = r2 + (nuint)n;
            for (int k = 0; k < n; k++)
            {
                Vector<double> x0 = Vector.LoadUnsafe(ref hr, (nuint)(k * t)), x1 = Vector.LoadUnsafe(ref hr, (nuint)((k * t) + vc));
                var w0 = new Vector<double>(Unsafe.Add(ref wr, r0 + (nuint)k));
                var w1 = new Vector<double>(Unsafe.Add(ref wr, r1 + (nuint)k));
                var w2 = new Vector<double>(Unsafe.Add(ref wr, r2 + (nuint)k));
                var w3 = new Vector<double>(Unsafe.Add(ref wr, r3 + (nuint)k));
                a0 = MulAdd(w0, x0, a0, Fused);
                b0 = MulAdd(w0, x1, b0, Fused);
                a1 = MulAdd(w1, x0, a1, Fused);
                b1 = MulAdd(w1, x1, b1, Fused);
                a2 = MulAdd(w2, x0, a2, Fused);
                b2 = MulAdd(w2, x1, b2, Fused);
                a3 = MulAdd(w3, x0, a3, Fused);
                b3 = MulAdd(w3, x1, b3, Fused);
            }

            nuint at = (nuint)(o * t);
            a0.StoreUnsafe(ref rr, at);
            b0.StoreUnsafe(ref rr, at + (nuint)vc);
            a1.StoreUnsafe(ref rr, at + (nuint)t);
            b1.StoreUnsafe(ref rr, at + (nuint)(t + vc));
            a2.StoreUnsafe(ref rr, at + (nuint)(2 * t));
            b2.StoreUnsafe(ref rr, at + (nuint)((2 * t) + vc));
            a3.StoreUnsafe(ref rr, at + (nuint)(3 * t));
            b3.StoreUnsafe(ref rr, at + (nuint)((3 * t) + vc));
        }

        for (; o < m; o++)
        {
            Vector<double> a = new(bias[o]), b = a;
            nuint row = (nuint)(o * n);
            for (int k = 0; k < n; k++)
            {
                var wk = new Vector<double>(Unsafe.Add(ref wr, row + (nuint)k));
                a = MulAdd(wk, Vector.LoadUnsafe(ref hr, (nuint)(k * t)), a, Fused);
                b = MulAdd(wk, Vector.LoadUnsafe(ref hr, (nuint)((k * t) + vc)), b, Fused);
            }

            a.StoreUnsafe(ref rr, (nuint)(o * t));
            b.StoreUnsafe(ref rr, (nuint)((o * t) + vc));
        }
    }

    /// <summary>outᵀ[k][p] = Σ_o W[o, k] dᵀ[o][p] for a tile (the backward product; W row-major m × n).</summary>
    private static void TransposedProduct(double[] weights, int m, int n, ReadOnlySpan<double> da, Span<double> result, bool fused)
    {
        int t = Tile, vc = Vector<double>.Count;
        ref double wr = ref MemoryMarshal.GetArrayDataReference(weights);
        ref double dr = ref MemoryMarshal.GetReference(da);
        ref double rr = ref MemoryMarshal.GetReference(result);
        int k = 0;
        for (; k <= n - 4; k += 4)
        {
            Vector<double> a0 = Vector<double>.Zero, a1 = a0, a2 = a0, a3 = a0, b0 = a0, b1 = a0, b2 = a0, b3 = a0;
            for (int o = 0; o < m; o++)
            {
                Vector<double> x0 = Vector.LoadUnsafe(ref dr, (nuint)(o * t)), x1 = Vector.LoadUnsafe(ref dr, (nuint)((o * t) + vc));
                nuint row = (nuint)((o * n) + k);
                var w0 = new Vector<double>(Unsafe.Add(ref wr, row));
                var w1 = new Vector<double>(Unsafe.Add(ref wr, row + 1));
                var w2 = new Vector<double>(Unsafe.Add(ref wr, row + 2));
                var w3 = new Vector<double>(Unsafe.Add(ref wr, row + 3));
                a0 = MulAdd(w0, x0, a0, fused);
                b0 = MulAdd(w0, x1, b0, fused);
                a1 = MulAdd(w1, x0, a1, fused);
                b1 = MulAdd(w1, x1, b1, fused);
                a2 = MulAdd(w2, x0, a2, fused);
                b2 = MulAdd(w2, x1, b2, fused);
                a3 = MulAdd(w3, x0, a3, fused);
                b3 = MulAdd(w3, x1, b3, fused);
            }

            nuint at = (nuint)(k * t);
            a0.StoreUnsafe(ref rr, at);
            b0.StoreUnsafe(ref rr, at + (nuint)vc);
            a1.StoreUnsafe(ref rr, at + (nuint)t);
            b1.StoreUnsafe(ref rr, at + (nuint)(t + vc));
            a2.StoreUnsafe(ref rr, at + (nuint)(2 * t));
            b2.StoreUnsafe(ref rr, at + (nuint)((2 * t) + vc));
            a3.StoreUnsafe(ref rr, at + (nuint)(3 * t));
            b3.StoreUnsafe(ref rr, at + (nuint)((3 * t) + vc));
        }

        for (; k < n; k++)
        {
            Vector<double> a = Vector<double>.Zero, b = a;
            for (int o = 0; o < m; o++)
            {
                var wk = new Vector<double>(Unsafe.Add(ref wr, (nuint)((o * n) + k)));
                a = MulAdd(wk, Vector.LoadUnsafe(ref dr, (nuint)(o * t)), a, fused);
                b = MulAdd(wk, Vector.LoadUnsafe(ref dr, (nuint)((o * t) + vc)), b, fused);
            }

            a.StoreUnsafe(ref rr, (nuint)(k * t));
            b.StoreUnsafe(ref rr, (nuint)((k * t) + vc));
        }
    }
}
