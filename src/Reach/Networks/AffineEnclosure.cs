using Certus.Core.Numerics;
using Certus.Core.Sets;

namespace Certus.Reach.Networks;

/// <summary>
/// Network outputs as affine functions of the input plus an interval remainder: for every input x in the box it
/// was computed for, output j lies in <c>Σ_i Coefficients[j][i]·x_i + Remainder[j]</c>.
/// </summary>
/// <param name="Coefficients">One row of slopes per output (doubles, exact as stored).</param>
/// <param name="Remainder">One interval per output.</param>
public sealed record AffineEnclosure(IReadOnlyList<double[]> Coefficients, IReadOnlyList<Interval> Remainder)
{
    /// <summary>Encloses output <paramref name="output"/> at one input point, soundly.</summary>
    /// <param name="output">The output index.</param>
    /// <param name="x">An input point inside the box the enclosure was computed for.</param>
    /// <returns>The enclosure.</returns>
    public Interval Evaluate(int output, IReadOnlyList<double> x)
    {
        ArgumentNullException.ThrowIfNull(x);
        Interval sum = Remainder[output];
        double[] a = Coefficients[output];
        for (int i = 0; i < a.Length; i++)
        {
            sum += Interval.Point(a[i]) * Interval.Point(x[i]);
        }

        return sum;
    }

    /// <summary>Encloses every output over a sub-box of the input box, soundly.</summary>
    /// <param name="box">A box inside the one the enclosure was computed for.</param>
    /// <returns>The output box.</returns>
    public Box Evaluate(Box box)
    {
        ArgumentNullException.ThrowIfNull(box);
        var result = new Interval[Coefficients.Count];
        for (int j = 0; j < result.Length; j++)
        {
            Interval sum = Remainder[j];
            double[] a = Coefficients[j];
            for (int i = 0; i < a.Length; i++)
            {
                sum += Interval.Point(a[i]) * box[i];
            }

            result[j] = sum;
        }

        return new Box(result);
    }
}
