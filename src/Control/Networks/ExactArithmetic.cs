namespace Certus.Control.Networks;

/// <summary>
/// Arithmetic that reports whether a result is exact, so that readers fold constants into weights only when the
/// folded network is the same real function as the file (DESIGN.md: weights are the network exactly as parsed).
/// </summary>
internal static class ExactArithmetic
{
    // Below this magnitude a product or quotient may lose bits to gradual underflow that the FMA residual
    // cannot show; such results count as inexact (a conservative answer).
    private const double TinyLimit = 1e-290;

    /// <summary>a * b, and whether it is exactly the real product.</summary>
    public static bool TryMultiply(double a, double b, out double product)
    {
        product = a * b;
        if (!double.IsFinite(product))
        {
            return false;
        }

        if (a == 0 || b == 0 || Math.Abs(a) == 1 || Math.Abs(b) == 1)
        {
            return true;
        }

        if (Math.Abs(product) < TinyLimit)
        {
            return false;
        }

        return Math.FusedMultiplyAdd(a, b, -product) == 0;
    }

    /// <summary>a + b, and whether it is exactly the real sum (TwoSum error term is zero).</summary>
    public static bool TryAdd(double a, double b, out double sum)
    {
        sum = a + b;
        if (!double.IsFinite(sum))
        {
            return false;
        }

        double bb = sum - a;
        double error = (a - (sum - bb)) + (b - bb);
        return error == 0;
    }

    /// <summary>a / b, and whether it is exactly the real quotient.</summary>
    public static bool TryDivide(double a, double b, out double quotient)
    {
        quotient = double.NaN;
        if (b == 0)
        {
            return false;
        }

        quotient = a / b;
        if (!double.IsFinite(quotient))
        {
            return false;
        }

        if (a == 0 || Math.Abs(b) == 1)
        {
            return true;
        }

        if (Math.Abs(quotient) < TinyLimit)
        {
            return false;
        }

        return Math.FusedMultiplyAdd(quotient, b, -a) == 0;
    }
}
