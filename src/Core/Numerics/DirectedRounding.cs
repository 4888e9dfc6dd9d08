namespace Certus.Core.Numerics;

/// <summary>
/// Floating-point operations rounded towards minus infinity (<c>Down</c>) or plus infinity (<c>Up</c>).
/// </summary>
/// <remarks>
/// .NET offers no control of the rounding mode, so every operation is computed in round-to-nearest and then
/// corrected with an error-free transformation: TwoSum for sums, an FMA residual for products, quotients and
/// square roots. When the residual says the rounded result lies on the wrong side of the exact one, the result
/// steps one floating-point number outward (<see cref="Math.BitDecrement"/> / <see cref="Math.BitIncrement"/>).
/// Where the residual itself may underflow (results below <see cref="TinyThreshold"/>), the result steps outward
/// unconditionally, which is sound and costs at most one unit in the last place.
/// Overflow of finite operands yields <see cref="double.MaxValue"/> on the inner side and infinity on the outer side.
/// Products treat <c>0 * ∞</c> as 0, the convention of interval endpoint arithmetic.
/// </remarks>
public static class DirectedRounding
{
    /// <summary>Below this magnitude an FMA residual may be rounded, so results step outward unconditionally (2^-968).</summary>
    public const double TinyThreshold = 4.008336720017946e-292;

    /// <summary>Sum rounded downward.</summary>
    public static double AddDown(double a, double b)
    {
        double s = a + b;
        if (double.IsInfinity(s))
        {
            return s > 0 && double.IsFinite(a) && double.IsFinite(b) ? double.MaxValue : s;
        }

        double err = SumError(a, b, s);
        return err < 0 ? Math.BitDecrement(s) : s;
    }

    /// <summary>Sum rounded upward.</summary>
    public static double AddUp(double a, double b)
    {
        double s = a + b;
        if (double.IsInfinity(s))
        {
            return s < 0 && double.IsFinite(a) && double.IsFinite(b) ? double.MinValue : s;
        }

        double err = SumError(a, b, s);
        return err > 0 ? Math.BitIncrement(s) : s;
    }

    // Fast2Sum with the operands ordered by magnitude: exact, and free of intermediate overflow for a finite s.
    private static double SumError(double a, double b, double s) => Math.Abs(a) >= Math.Abs(b) ? b - (s - a) : a - (s - b);

    /// <summary>Difference rounded downward.</summary>
    public static double SubDown(double a, double b) => AddDown(a, -b);

    /// <summary>Difference rounded upward.</summary>
    public static double SubUp(double a, double b) => AddUp(a, -b);

    /// <summary>Product rounded downward; <c>0 * ∞ = 0</c>.</summary>
    public static double MulDown(double a, double b)
    {
        if (a == 0 || b == 0)
        {
            return 0;
        }

        double p = a * b;
        if (double.IsInfinity(p))
        {
            return p > 0 && double.IsFinite(a) && double.IsFinite(b) ? double.MaxValue : p;
        }

        if (Math.Abs(p) < TinyThreshold)
        {
            return p == 0 ? ((a > 0) == (b > 0) ? 0 : -double.Epsilon) : Math.BitDecrement(p);
        }

        double err = Math.FusedMultiplyAdd(a, b, -p);
        return err < 0 ? Math.BitDecrement(p) : p;
    }

    /// <summary>Product rounded upward; <c>0 * ∞ = 0</c>.</summary>
    public static double MulUp(double a, double b)
    {
        if (a == 0 || b == 0)
        {
            return 0;
        }

        double p = a * b;
        if (double.IsInfinity(p))
        {
            return p < 0 && double.IsFinite(a) && double.IsFinite(b) ? double.MinValue : p;
        }

        if (Math.Abs(p) < TinyThreshold)
        {
            return p == 0 ? ((a > 0) == (b > 0) ? double.Epsilon : 0) : Math.BitIncrement(p);
        }

        double err = Math.FusedMultiplyAdd(a, b, -p);
        return err > 0 ? Math.BitIncrement(p) : p;
    }

    /// <summary>Quotient rounded downward. The divisor must be non-zero and the pair must not be ∞/∞.</summary>
    public static double DivDown(double a, double b)
    {
        if (a == 0)
        {
            return 0;
        }

        double q = a / b;
        if (double.IsInfinity(q))
        {
            return q > 0 && double.IsFinite(a) ? double.MaxValue : q;
        }

        if (double.IsInfinity(b))
        {
            // A finite number over an infinite one: the exact quotient is a signed zero, q is exact.
            return q;
        }

        if (Math.Abs(q) < TinyThreshold || Math.Abs(a) < TinyThreshold)
        {
            return q == 0 ? ((a > 0) == (b > 0) ? 0 : -double.Epsilon) : Math.BitDecrement(q);
        }

        // r = a - q*b exactly; the exact quotient is q + r/b.
        double r = Math.FusedMultiplyAdd(-q, b, a);
        return r != 0 && (r < 0) != (b < 0) ? Math.BitDecrement(q) : q;
    }

    /// <summary>Quotient rounded upward. The divisor must be non-zero and the pair must not be ∞/∞.</summary>
    public static double DivUp(double a, double b)
    {
        if (a == 0)
        {
            return 0;
        }

        double q = a / b;
        if (double.IsInfinity(q))
        {
            return q < 0 && double.IsFinite(a) ? double.MinValue : q;
        }

        if (double.IsInfinity(b))
        {
            return q;
        }

        if (Math.Abs(q) < TinyThreshold || Math.Abs(a) < TinyThreshold)
        {
            return q == 0 ? ((a > 0) == (b > 0) ? double.Epsilon : 0) : Math.BitIncrement(q);
        }

        double r = Math.FusedMultiplyAdd(-q, b, a);
        return r != 0 && (r < 0) == (b < 0) ? Math.BitIncrement(q) : q;
    }

    /// <summary>Square root rounded downward, for a non-negative argument.</summary>
    public static double SqrtDown(double a)
    {
        double s = Math.Sqrt(a);
        if (a == 0 || double.IsInfinity(a))
        {
            return s;
        }

        if (a < TinyThreshold)
        {
            return Math.BitDecrement(s);
        }

        double r = Math.FusedMultiplyAdd(-s, s, a);
        return r < 0 ? Math.BitDecrement(s) : s;
    }

    /// <summary>Square root rounded upward, for a non-negative argument.</summary>
    public static double SqrtUp(double a)
    {
        double s = Math.Sqrt(a);
        if (a == 0 || double.IsInfinity(a))
        {
            return s;
        }

        if (a < TinyThreshold)
        {
            return Math.BitIncrement(s);
        }

        double r = Math.FusedMultiplyAdd(-s, s, a);
        return r > 0 ? Math.BitIncrement(s) : s;
    }

    /// <summary>x^n for x ≥ 0 and n ≥ 1, rounded downward (products of non-negative numbers are monotone).</summary>
    public static double PowDownNonNegative(double x, int n)
    {
        double result = 1;
        double b = x;
        while (true)
        {
            if ((n & 1) != 0)
            {
                result = Math.Max(MulDown(result, b), 0);
            }

            n >>= 1;
            if (n == 0)
            {
                return result;
            }

            b = Math.Max(MulDown(b, b), 0);
        }
    }

    /// <summary>x^n for x ≥ 0 and n ≥ 1, rounded upward.</summary>
    public static double PowUpNonNegative(double x, int n)
    {
        double result = 1;
        double b = x;
        while (true)
        {
            if ((n & 1) != 0)
            {
                result = MulUp(result, b);
            }

            n >>= 1;
            if (n == 0)
            {
                return result;
            }

            b = MulUp(b, b);
        }
    }
}
