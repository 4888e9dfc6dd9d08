using Certus.Core.Networks;
using static Certus.Core.Numerics.DirectedRounding;

namespace Certus.Reach.Networks;

/// <summary>The three certified steps of the back-substitution (see the remarks of the main file).</summary>
internal sealed partial class BackSubstitution
{
    // Through the activation of layer l: G·σ(z) ≥ A·z + Σ G β, in place (A overwrites G), slack updated.
    private void Relax(int l, int rows, double[] buffer, Span<double> d, Span<double> s)
    {
        DenseLayer layer = _net.Layers[l];
        if (layer.Activation == Activation.Identity)
        {
            return; // lines (1, 0): A = G and d unchanged, exactly.
        }

        LayerTerms t = _terms[l];
        int p = layer.OutputSize;
        ReadOnlySpan<double> alphaL = t.AlphaL, betaL = t.BetaL, slopeErrorL = t.SlopeErrorL;
        ReadOnlySpan<double> alphaU = t.AlphaU, betaU = t.BetaU, slopeErrorU = t.SlopeErrorU;
        for (int r = 0; r < rows; r++)
        {
            Span<double> row = buffer.AsSpan(r * p, p);
            var constant = new CompensatedSum(d[r]);
            double slopeError = 0;
            for (int m = 0; m < row.Length; m++)
            {
                double g = row[m];
                if (g > 0)
                {
                    row[m] = g * alphaL[m];
                    slopeError += g * slopeErrorL[m];
                    if (betaL[m] != 0)
                    {
                        constant.AddProduct(g, betaL[m]);
                    }
                }
                else if (g < 0)
                {
                    row[m] = g * alphaU[m];
                    slopeError -= g * slopeErrorU[m];
                    if (betaU[m] != 0)
                    {
                        constant.AddProduct(g, betaU[m]);
                    }
                }

                // g == 0 contributes nothing; a NaN stays in the row and poisons the next step's constant.
            }

            // One rounding per new coefficient (2u covers u and the evaluation of the sum), plus the constant's error.
            (double value, double error) = constant.Result(p);
            s[r] = AddUp(s[r], AddUp(AddUp(MulUp(2 * UnitRoundoff, slopeError), error), t.RelaxUnderflow));
            d[r] = value;
        }
    }

    // Through the affine map of layer l, re-centred at the centre c of the bounds of its input h:
    // A·z = G·h + [A·ẑ − G·c] + (A W − G)·(h − c) + A·(z(c) − ẑ), with G = fl(A W) written into target, the bracket
    // added to the constant and the last two terms charged to the slack. The products of A W are summed in blocks of
    // b = ⌈√p⌉ rows of W (a partial row per block, then added to G), so that each goes through at most b + ⌈p/b⌉
    // roundings instead of p.
    private void AffineStep(int l, int rows, double[] source, double[] target, Span<double> partial, Span<double> d, Span<double> s)
    {
        DenseLayer layer = _net.Layers[l];
        int p = layer.OutputSize, q = layer.InputSize;
        ReadOnlySpan<double> weights = layer.Weights;
        LayerTerms t = _terms[l];
        ReadOnlySpan<double> radiusWeight = t.RadiusWeight, centerValue = t.CenterValue, centerError = t.CenterError;
        ReadOnlySpan<double> center = t.Center;
        int block = BlockSize(p);
        double kappaProducts = Kappa(block + ((p + block - 1) / block));
        double inflate = AddUp(1, Kappa(p));
        Span<double> part = partial[..q];
        target.AsSpan(0, rows * q).Clear();
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<double> arow = source.AsSpan(r * p, p);
            Span<double> grow = target.AsSpan(r * q, q);
            var constant = new CompensatedSum(d[r]);
            double productError = 0, centerLoss = 0;
            for (int i0 = 0; i0 < p; i0 += block)
            {
                int i1 = Math.Min(p, i0 + block);
                bool any = false;
                for (int i = i0; i < i1; i++)
                {
                    double ai = arow[i];
                    if (ai == 0)
                    {
                        continue;
                    }

                    double magnitude = Math.Abs(ai);
                    constant.AddProduct(ai, centerValue[i]);
                    productError += magnitude * radiusWeight[i];
                    centerLoss += magnitude * centerError[i];
                    if (any)
                    {
                        MultiplyAdd(ai, weights.Slice(i * q, q), part);
                    }
                    else
                    {
                        Multiply(ai, weights.Slice(i * q, q), part);
                        any = true;
                    }
                }

                if (any)
                {
                    Add(part, grow);
                }
            }

            // − G·c (a NaN or infinity in G poisons the constant here).
            for (int m = 0; m < grow.Length; m++)
            {
                double gm = grow[m];
                if (gm != 0)
                {
                    constant.AddProduct(-gm, center[m]);
                }
            }

            (double value, double error) = constant.Result(p + q);
            error = AddUp(AddUp(MulUp(kappaProducts, productError), MulUp(inflate, centerLoss)), error);
            s[r] = AddUp(s[r], AddUp(error, t.AffineUnderflow));
            d[r] = value;
        }
    }

    // Certified lower bound of each row over the normalised input box: Σ G_i·(l_i or u_i) + d − s, rounded downward.
    private void Concretise(int rows, double[] g, ReadOnlySpan<double> d, ReadOnlySpan<double> s, Span<double> lower)
    {
        int n = _xLo.Length;
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<double> row = g.AsSpan(r * n, n);
            double sum = d[r];
            bool finite = double.IsFinite(sum) && double.IsFinite(s[r]);
            for (int i = 0; i < n && finite; i++)
            {
                double gi = row[i];
                if (!double.IsFinite(gi))
                {
                    finite = false;
                }
                else if (gi > 0)
                {
                    sum = AddDown(sum, MulDown(gi, _xLo[i]));
                }
                else if (gi < 0)
                {
                    sum = AddDown(sum, MulDown(gi, _xHi[i]));
                }
            }

            double bound = finite ? SubDown(sum, s[r]) : double.NegativeInfinity;
            lower[r] = double.IsNaN(bound) ? double.NegativeInfinity : bound;
        }
    }
}
