using static Certus.Core.Numerics.DirectedRounding;

namespace Certus.Core.Numerics;

/// <summary>
/// Point enclosures of the functions added for IEEE 1788 (inverse trigonometric, hyperbolic, base-2 and base-10
/// exponentials and logarithms, n-th roots), built from the rigorous kernels in <see cref="Elementary"/> with
/// outward-rounded interval arithmetic: no <c>Math.*</c> result is trusted without a check.
/// </summary>
internal static partial class Elementary
{
    // Computed on first use, after every static field of Elementary exists (field initializers in different
    // partial files run in no guaranteed order, and Log needs the series tables).
    internal static Interval Ln10 => Constants.Ln10;

    private static class Constants
    {
        internal static readonly Interval Ln10 = Log(10);
    }

    // π/2 one ulp wide: half of the one-ulp enclosure Interval.Pi (halving is exact); tighter than the sum of the
    // reduction parts in HalfPi, which carries the rounding of three additions.
    internal static readonly Interval HalfPiTight = Interval.Pi * Interval.Point(0.5);

    /// <summary>asin(x) for a double x in [−1, 1]: 2 atan(x / (1 + √((1 − x)(1 + x)))), ±π/2 at ±1.</summary>
    public static Interval Asin(double x)
    {
        if (x == 0)
        {
            return Interval.Zero;
        }

        if (x < 0)
        {
            return -Asin(-x);
        }

        if (x == 1)
        {
            return HalfPiTight;
        }

        // asin x = 2 atan(x / (1 + √((1 − x)(1 + x)))): the atan argument stays in [0, 1], away from the
        // π/2 − atan(1/t) path that x / √(1 − x²) would take above x = √½.
        Interval xi = Interval.Point(x);
        Interval t = xi / (Interval.One + Interval.Sqrt((Interval.One - xi) * (Interval.One + xi)));
        return Interval.Intersect(Interval.Point(2) * Interval.Atan(t), Interval.Checked(0, HalfPiTight.Hi));
    }

    /// <summary>acos(x) for a double x in [−1, 1]: 2 atan √((1 − x)/(1 + x)) (no cancellation near 1), π at −1.</summary>
    public static Interval Acos(double x)
    {
        if (x == 1)
        {
            return Interval.Zero;
        }

        if (x == -1)
        {
            return Interval.Pi;
        }

        Interval xi = Interval.Point(x);
        Interval r = Interval.Point(2) * Interval.Atan(Interval.Sqrt((Interval.One - xi) / (Interval.One + xi)));
        return Interval.Intersect(r, Interval.Checked(0, Interval.Pi.Hi));
    }

    /// <summary>sinh(x) for a finite double x.</summary>
    public static Interval Sinh(double x)
    {
        if (x == 0)
        {
            return Interval.Zero;
        }

        if (x < 0)
        {
            return -Sinh(-x);
        }

        if (x >= 20)
        {
            // sinh x = (e^x / 2)(1 − e^(−2x)), 0 < e^(−2x) < 2^-57; e^x/2 as e^(x/2) · (e^(x/2)/2) so that it
            // does not overflow before e^x / 2 does.
            Interval h = Exp(0.5 * x);
            Interval p = h * (h * Interval.Point(0.5));
            return Interval.Checked(MulDown(p.Lo, Math.BitDecrement(1.0)), p.Hi);
        }

        // sinh x = E (E + 2) / (2 (E + 1)) with E = e^x − 1 ≥ 0, increasing in E: evaluate at both ends of E.
        Interval e = Expm1(x);
        return Interval.Checked(Math.Max(SinhOfExpm1(e.Lo).Lo, 0), SinhOfExpm1(e.Hi).Hi);
    }

    private static Interval SinhOfExpm1(double e)
    {
        Interval ei = Interval.Point(Math.Max(e, 0));
        return ei * (ei + Interval.Point(2)) / (Interval.Point(2) * (ei + Interval.One));
    }

    /// <summary>cosh(x) for a finite double x.</summary>
    public static Interval Cosh(double x)
    {
        x = Math.Abs(x);
        if (x == 0)
        {
            return Interval.One;
        }

        if (x >= 20)
        {
            // cosh x = (e^x / 2)(1 + e^(−2x)), 0 < e^(−2x) < 2^-57 < 2^-53.
            Interval h = Exp(0.5 * x);
            Interval p = h * (h * Interval.Point(0.5));
            return Interval.Checked(p.Lo, MulUp(p.Hi, Math.BitIncrement(1.0)));
        }

        // cosh x = 1 + E² / (2 (E + 1)) with E = e^x − 1 ≥ 0, increasing in E (accurate near 0).
        Interval e = Expm1(x);
        double lo = Math.Max(CoshOfExpm1(e.Lo).Lo, 1);
        return Interval.Checked(lo, CoshOfExpm1(e.Hi).Hi);
    }

    private static Interval CoshOfExpm1(double e)
    {
        Interval ei = Interval.Point(Math.Max(e, 0));
        return Interval.One + (Interval.Sqr(ei) / (Interval.Point(2) * (ei + Interval.One)));
    }

    /// <summary>2^x for a finite double x: 2^k · e^(f ln 2) with x = k + f exactly, |f| ≤ 1/2.</summary>
    public static Interval Exp2(double x)
    {
        if (x > 1024)
        {
            return Interval.Checked(double.MaxValue, double.PositiveInfinity);
        }

        if (x < -1080)
        {
            return Interval.Checked(0, double.Epsilon);
        }

        double k = Math.Round(x);
        double f = x - k; // exact: |x| < 2^52 here
        if (f == 0 && k >= -1074 && k <= 1023)
        {
            return Interval.Point(Math.ScaleB(1.0, (int)k));
        }

        Interval p = f == 0 ? Interval.One : Interval.Exp(Interval.Point(f) * Ln2);
        return ScaleByPowerOfTwo(p, (int)k);
    }

    /// <summary>10^x for a finite double x: 10^k exactly rounded times e^(f ln 10) with x = k + f exactly, |f| ≤ 1/2.</summary>
    public static Interval Exp10(double x)
    {
        if (x > 310)
        {
            return Interval.Checked(double.MaxValue, double.PositiveInfinity);
        }

        if (x < -330)
        {
            return Interval.Checked(0, double.Epsilon);
        }

        double k = Math.Round(x);
        double f = x - k;
        int n = (int)k;
        Interval tenK = n >= 0
            ? Interval.EncloseRational(System.Numerics.BigInteger.Pow(10, n), System.Numerics.BigInteger.One)
            : Interval.EncloseRational(System.Numerics.BigInteger.One, System.Numerics.BigInteger.Pow(10, -n));
        if (f == 0)
        {
            return tenK;
        }

        Interval r = tenK * Interval.Exp(Interval.Point(f) * Ln10);
        return Interval.Checked(Math.Max(r.Lo, 0), r.Hi);
    }

    /// <summary>log2(x) for a double x &gt; 0: e + ln(m)/ln 2 with x = m · 2^e, exact at powers of two.</summary>
    public static Interval Log2(double x)
    {
        if (double.IsPositiveInfinity(x))
        {
            return Interval.Checked(double.MaxValue, double.PositiveInfinity);
        }

        int e = Math.ILogB(x);
        double m = Math.ScaleB(x, -e); // exact, m in [1, 2)
        if (m >= 1.4142135623730951)
        {
            m *= 0.5;
            e++;
        }

        if (m == 1)
        {
            return Interval.Point(e);
        }

        Interval frac = Log(m) / Ln2;
        return e == 0 ? frac : Interval.Point(e) + frac;
    }

    /// <summary>log10(x) for a double x &gt; 0: ln(x)/ln 10, exact at the powers of ten that are doubles.</summary>
    public static Interval Log10(double x)
    {
        if (double.IsPositiveInfinity(x))
        {
            return Interval.Checked(double.MaxValue, double.PositiveInfinity);
        }

        if (x >= 1 && x <= 1e22 && Math.Floor(x) == x)
        {
            // Powers of ten up to 10^22 are exact doubles.
            double p = 1;
            for (int k = 0; k <= 22; k++, p *= 10)
            {
                if (p == x)
                {
                    return Interval.Point(k);
                }
            }
        }

        return Log(x) / Ln10;
    }

    /// <summary>
    /// The n-th root of a double x ≥ 0 for 2 ≤ n ≤ 64: x is scaled by 2^(−qn) into [1, 2^n), a candidate from
    /// <c>Math.Pow</c> is checked with directed powers and moved by single ulps until the check holds, and the
    /// root is scaled back by 2^q exactly. Larger n use exp(ln x / n).
    /// </summary>
    public static Interval Root(double x, int n)
    {
        if (x == 0 || x == 1)
        {
            return Interval.Point(x);
        }

        if (double.IsPositiveInfinity(x))
        {
            return Interval.Checked(double.MaxValue, double.PositiveInfinity);
        }

        if (n > 64)
        {
            return Interval.Exp(Log(x) / Interval.Point(n));
        }

        int e = Math.ILogB(x);
        int q = (int)Math.Floor(e / (double)n);
        double xs = Math.ScaleB(x, -q * n); // exact (normal result, in [1, 2^n))
        double a = Math.Pow(xs, 1.0 / n);
        if (!(a >= 1 && a <= 2))
        {
            a = 1.5;
        }

        double lo = a, hi = a;
        for (int i = 0; i < 64 && PowUpNonNegative(lo, n) > xs; i++)
        {
            lo = Math.BitDecrement(lo);
        }

        if (PowUpNonNegative(lo, n) > xs)
        {
            lo = 1; // the root of a number ≥ 1 is ≥ 1
        }

        while (lo < 2 && PowUpNonNegative(Math.BitIncrement(lo), n) <= xs)
        {
            lo = Math.BitIncrement(lo);
        }

        for (int i = 0; i < 64 && PowDownNonNegative(hi, n) < xs; i++)
        {
            hi = Math.BitIncrement(hi);
        }

        if (PowDownNonNegative(hi, n) < xs)
        {
            hi = 2; // xs < 2^n
        }

        while (hi > lo && PowDownNonNegative(Math.BitDecrement(hi), n) >= xs)
        {
            hi = Math.BitDecrement(hi);
        }

        return Interval.Checked(Math.ScaleB(lo, q), Math.ScaleB(hi, q));
    }

    /// <summary>atan2(y, x) for finite doubles, not both zero; the result lies in (−π, π] (π for y = 0, x &lt; 0).</summary>
    public static Interval Atan2(double y, double x)
    {
        if (x == 0)
        {
            return y > 0 ? HalfPiTight : -HalfPiTight;
        }

        if (y == 0)
        {
            return x > 0 ? Interval.Zero : Interval.Pi;
        }

        Interval t = Interval.Atan(Interval.Point(Math.Abs(y)) / Interval.Point(Math.Abs(x)));
        Interval a = x > 0 ? t : Interval.Pi - t;
        return y > 0 ? a : -a;
    }
}
