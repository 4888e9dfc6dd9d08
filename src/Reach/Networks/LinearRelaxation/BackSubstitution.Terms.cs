using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Certus.Core.Networks;
using Certus.Core.Numerics;
using static Certus.Core.Numerics.DirectedRounding;

namespace Certus.Reach.Networks;

/// <summary>Per-layer constants of the steps, the error-free accumulator and the vector kernels.</summary>
internal sealed partial class BackSubstitution
{
    // κ_k = (k + 3)u ≥ γ_k/(1 − γ_n) for k, n ≤ 2^23 (then ku, nu ≤ 2^-30 and the quotient is below (k + 1/32)u);
    // k: roundings per term, n: terms of a non-negative sum evaluated in round-to-nearest whose exact value it
    // bounds. Exact as a double.
    private static double Kappa(int k) => (k + 3) * UnitRoundoff;

    // ⌈√p⌉: the block of rows of W summed before adding to the coefficients.
    private static int BlockSize(int p) => Math.Max(1, (int)Math.Ceiling(Math.Sqrt(p)));

    // An upper bound of the absolute underflow losses of one step with n products per sum: 4(n + 1)η(1 + 2Σ), Σ the
    // round-to-nearest sum of the non-negative magnitudes (the exact sum is at most twice it).
    private static double Underflow(int n, double magnitudeSum) =>
        MulUp((4.0 * n + 4) * double.Epsilon, AddUp(1, MulUp(2, magnitudeSum)));

    // The constants of the affine step of this layer, from the bounds [lo, hi] of its inputs h: the centre c (any
    // double works; the midpoint is the natural choice), the radius ρ_m ≥ |h_m − c_m| (upward), ω_i ≥ Σ_m |W_im| ρ_m,
    // ẑ_i ≈ b_i + Σ_m W_im c_m with e_i ≥ |ẑ_i − z_i(c)| (compensated), and the underflow constant. The sum for ω is
    // taken in round-to-nearest (q non-negative terms) and raised by the factor 1 + (q + 3)u and by 2(q + 2)η, which
    // bound its rounding and underflow losses.
    private static void AffineTerms(DenseLayer layer, double[] lo, double[] hi, LayerTerms terms)
    {
        int q = layer.InputSize;
        ReadOnlySpan<double> weights = layer.Weights;
        ReadOnlySpan<double> bias = layer.Bias;
        double[] c = terms.Center;
        var radius = new double[q];
        double magnitudeSum = 0;
        for (int m = 0; m < q; m++)
        {
            c[m] = Math.Clamp((0.5 * lo[m]) + (0.5 * hi[m]), lo[m], hi[m]);
            radius[m] = Math.Max(SubUp(hi[m], c[m]), SubUp(c[m], lo[m]));
            magnitudeSum += Math.Abs(c[m]) + radius[m];
        }

        double inflate = AddUp(1, (q + 3) * UnitRoundoff);
        double tiny = (2.0 * q + 4) * double.Epsilon;
        for (int i = 0; i < layer.OutputSize; i++)
        {
            ReadOnlySpan<double> row = weights.Slice(i * q, q);
            double spread = 0;
            var value = new CompensatedSum(bias[i]);
            for (int m = 0; m < q; m++)
            {
                spread += Math.Abs(row[m]) * radius[m];
                value.AddProduct(row[m], c[m]);
            }

            terms.RadiusWeight[i] = AddUp(MulUp(spread, inflate), tiny);
            (terms.CenterValue[i], terms.CenterError[i]) = value.Result(q);
        }

        terms.AffineUnderflow = Underflow(layer.OutputSize + q, magnitudeSum);
    }

    // The activation lines of the layer on its pre-activation bounds and their slope error weights |α|ν (0 where
    // g·α is exact); returns the bounds of the activations (the inputs of the next layer).
    private (double[] Lo, double[] Hi) RelaxationTerms(DenseLayer layer, Interval[] z, LayerTerms terms)
    {
        bool parallel = _parallelLowerSlopes && layer.Activation is Activation.Relu or Activation.LeakyRelu;
        var lo = new double[z.Length];
        var hi = new double[z.Length];
        double nuSum = 0;
        for (int m = 0; m < z.Length; m++)
        {
            ActivationRelaxation r = ActivationRelaxation.Create(layer.Activation, layer.LeakySlope, z[m], out Interval h);
            if (parallel && z[m].Lo < 0 && z[m].Hi > 0)
            {
                // The lower line parallel to the upper chord, through the origin: sound for any slope in [s, 1] (the
                // chord's slope is), and the two lines then differ by a constant only, which is what an affine
                // enclosure's remainder pays for (DeepZ's choice; CROWN's 0-or-1 slope is better for a single bound).
                r = r with { LowerSlope = Math.Min(1, r.UpperSlope), LowerIntercept = 0 };
            }

            double nu = z[m].Magnitude;
            terms.AlphaL[m] = r.LowerSlope;
            terms.BetaL[m] = r.LowerIntercept;
            terms.AlphaU[m] = r.UpperSlope;
            terms.BetaU[m] = r.UpperIntercept;
            terms.SlopeErrorL[m] = SlopeError(r.LowerSlope, nu);
            terms.SlopeErrorU[m] = SlopeError(r.UpperSlope, nu);
            nuSum += nu;
            lo[m] = h.Lo;
            hi[m] = h.Hi;
        }

        terms.RelaxUnderflow = Underflow(layer.OutputSize, nuSum);
        return (lo, hi);
    }

    // |α|ν rounded upward; 0 where g·α is exact for every double g (α ∈ {0, 1}).
    private static double SlopeError(double alpha, double nu) => alpha == 0 || alpha == 1 ? 0 : MulUp(Math.Abs(alpha), nu);

    // y = a·x.
    private static void Multiply(double a, ReadOnlySpan<double> x, Span<double> y)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated && x.Length >= Vector<double>.Count)
        {
            var va = new Vector<double>(a);
            ref double rx = ref MemoryMarshal.GetReference(x);
            ref double ry = ref MemoryMarshal.GetReference(y);
            int last = x.Length - Vector<double>.Count;
            for (; i <= last; i += Vector<double>.Count)
            {
                (va * Vector.LoadUnsafe(ref rx, (nuint)i)).StoreUnsafe(ref ry, (nuint)i);
            }
        }

        for (; i < x.Length; i++)
        {
            y[i] = a * x[i];
        }
    }

    // y += a·x (round-to-nearest; the error bound does not depend on the order or on fusing).
    private static void MultiplyAdd(double a, ReadOnlySpan<double> x, Span<double> y)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated && x.Length >= Vector<double>.Count)
        {
            var va = new Vector<double>(a);
            ref double rx = ref MemoryMarshal.GetReference(x);
            ref double ry = ref MemoryMarshal.GetReference(y);
            int last = x.Length - Vector<double>.Count;
            for (; i <= last; i += Vector<double>.Count)
            {
                (Vector.LoadUnsafe(ref ry, (nuint)i) + (va * Vector.LoadUnsafe(ref rx, (nuint)i))).StoreUnsafe(ref ry, (nuint)i);
            }
        }

        for (; i < x.Length; i++)
        {
            y[i] += a * x[i];
        }
    }

    // y += x.
    private static void Add(ReadOnlySpan<double> x, Span<double> y)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated && x.Length >= Vector<double>.Count)
        {
            ref double rx = ref MemoryMarshal.GetReference(x);
            ref double ry = ref MemoryMarshal.GetReference(y);
            int last = x.Length - Vector<double>.Count;
            for (; i <= last; i += Vector<double>.Count)
            {
                (Vector.LoadUnsafe(ref ry, (nuint)i) + Vector.LoadUnsafe(ref rx, (nuint)i)).StoreUnsafe(ref ry, (nuint)i);
            }
        }

        for (; i < x.Length; i++)
        {
            y[i] += x[i];
        }
    }

    /// <summary>
    /// A start value plus a sum of products, accumulated with error-free transformations (Ogita, Rump and Oishi's
    /// Dot2, SIAM J. Sci. Comput. 26, 2005): each product is split into P + pe with pe = fma(a, b, −P), each addition
    /// into T + te (TwoSum, exact in round-to-nearest without overflow), so the exact value is S + Σ(pe + te) + δ with
    /// |δ| ≤ u Σ|pe| + Nη/2 (an FMA residual is itself rounded only when tiny). The error terms are summed in
    /// round-to-nearest into C (each through at most 2N + 1 roundings), their magnitudes into E, and the value is
    /// fl(S + C); so |value − exact| ≤ u|value| + (γ_{2N+1} + u)·Σ(|pe| + |te|) + Nη/2
    /// ≤ u|value| + κ_{2N+2}·E + (2N + 4)η, the bound <see cref="Result"/> returns (rounded upward).
    /// Overflow or a NaN operand leaves a non-finite value.
    /// </summary>
    private struct CompensatedSum(double start)
    {
        private double _sum = start;
        private double _compensation;
        private double _errors;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void AddProduct(double a, double b)
        {
            double product = a * b;
            double productError = Math.FusedMultiplyAdd(a, b, -product);
            double total = _sum + product;
            double z = total - _sum;
            double sumError = (_sum - (total - z)) + (product - z);
            _sum = total;
            _compensation += productError + sumError;
            _errors += Math.Abs(productError) + Math.Abs(sumError);
        }

        /// <summary>The value and a bound of its error, for at most <paramref name="products"/> products (≤ 2²¹).</summary>
        public readonly (double Value, double Error) Result(int products)
        {
            double value = _sum + _compensation;
            double error = AddUp(AddUp(MulUp(UnitRoundoff, Math.Abs(value)), MulUp(Kappa((2 * products) + 2), _errors)),
                (2.0 * products + 4) * double.Epsilon);
            return (value, error);
        }
    }

    /// <summary>Per-layer constants of the back-substitution steps.</summary>
    private sealed class LayerTerms(int inputs, int width)
    {
        public double[] AlphaL { get; } = new double[width];

        public double[] BetaL { get; } = new double[width];

        public double[] AlphaU { get; } = new double[width];

        public double[] BetaU { get; } = new double[width];

        /// <summary>|αᴸ_m|·ν_m (upward), 0 when exact.</summary>
        public double[] SlopeErrorL { get; } = new double[width];

        /// <summary>|αᵁ_m|·ν_m (upward), 0 when exact.</summary>
        public double[] SlopeErrorU { get; } = new double[width];

        /// <summary>c: the centre of the bounds of the layer's inputs.</summary>
        public double[] Center { get; } = new double[inputs];

        /// <summary>ω_i ≥ Σ_m |W_im| ρ_m (upward), ρ the radius of the input bounds about c.</summary>
        public double[] RadiusWeight { get; } = new double[width];

        /// <summary>ẑ_i ≈ b_i + Σ_m W_im c_m (compensated).</summary>
        public double[] CenterValue { get; } = new double[width];

        /// <summary>e_i ≥ |ẑ_i − (b_i + Σ_m W_im c_m)|.</summary>
        public double[] CenterError { get; } = new double[width];

        public double RelaxUnderflow { get; set; }

        public double AffineUnderflow { get; set; }
    }

    /// <summary>Pooled scratch for one batch of queries: two coefficient buffers, constants, slacks, results, a partial row.</summary>
    private sealed class Workspace : IDisposable
    {
        public Workspace(int width)
        {
            A = ArrayPool<double>.Shared.Rent(BlockRows * width);
            B = ArrayPool<double>.Shared.Rent(BlockRows * width);
            D = ArrayPool<double>.Shared.Rent(BlockRows);
            S = ArrayPool<double>.Shared.Rent(BlockRows);
            Lower = ArrayPool<double>.Shared.Rent(BlockRows);
            Partial = ArrayPool<double>.Shared.Rent(width);
        }

        public double[] A { get; }

        public double[] B { get; }

        public double[] D { get; }

        public double[] S { get; }

        public double[] Lower { get; }

        public double[] Partial { get; }

        public void Dispose()
        {
            ArrayPool<double>.Shared.Return(A);
            ArrayPool<double>.Shared.Return(B);
            ArrayPool<double>.Shared.Return(D);
            ArrayPool<double>.Shared.Return(S);
            ArrayPool<double>.Shared.Return(Lower);
            ArrayPool<double>.Shared.Return(Partial);
        }
    }
}
