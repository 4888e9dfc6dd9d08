using System.Globalization;
using Certus.Core.Sets;

namespace Certus.Sim;

/// <summary>Checks and copies the lower and upper corners of a box of initial states.</summary>
internal static class BoxBounds
{
    public static (double[] Lower, double[] Upper) Copy(IReadOnlyList<double> lower, IReadOnlyList<double> upper, int dimension, string what)
    {
        ArgumentNullException.ThrowIfNull(lower);
        ArgumentNullException.ThrowIfNull(upper);
        if (lower.Count != dimension || upper.Count != dimension)
        {
            throw new ArgumentException($"The {what} needs {dimension} lower and upper bounds, got {lower.Count} and {upper.Count}.", nameof(lower));
        }

        double[] lo = [.. lower], hi = [.. upper];
        for (int i = 0; i < dimension; i++)
        {
            if (!double.IsFinite(lo[i]) || !double.IsFinite(hi[i]) || lo[i] > hi[i])
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"Dimension {i} of the {what} is [{lo[i]}, {hi[i]}]; bounds must be finite and ordered."), nameof(upper));
            }
        }

        return (lo, hi);
    }

    public static (double[] Lower, double[] Upper) Copy(Box box, int dimension, string what)
    {
        ArgumentNullException.ThrowIfNull(box);
        if (box.IsEmpty)
        {
            throw new ArgumentException($"The {what} is empty.", nameof(box));
        }

        return Copy(box.Lower, box.Upper, dimension, what);
    }

    /// <summary>The dimensions whose interval has positive width.</summary>
    public static int[] Active(double[] lower, double[] upper)
    {
        var active = new List<int>();
        for (int i = 0; i < lower.Length; i++)
        {
            if (upper[i] > lower[i])
            {
                active.Add(i);
            }
        }

        return [.. active];
    }

    /// <summary><c>lo + f·(hi − lo)</c>, kept inside <c>[lo, hi]</c> despite rounding.</summary>
    public static double Lerp(double lo, double hi, double fraction) => Math.Clamp(lo + (fraction * (hi - lo)), lo, hi);
}
