using static Certus.Core.Numerics.DirectedRounding;

namespace Certus.Core.Numerics;

/// <summary>
/// Rigorous enclosures of elementary functions at a single double argument, computed in outward-rounded interval
/// arithmetic: argument reduction with multi-part constants, a truncated series evaluated by Horner's scheme on
/// intervals, and an explicit bound on the truncation remainder added as an interval. Nothing here calls
/// <c>Math.Exp</c>, <c>Math.Sin</c> or the like, whose accuracy .NET does not specify.
/// </summary>
/// <remarks>
/// The remainder bounds are stated beside each series. The multi-part constants (ln 2 and π/2 split so that a
/// small integer times the leading parts is exact) are checked against a 200-bit reference in the test suite.
/// </remarks>
internal static partial class Elementary
{
    // ln 2 = Ln2Hi + Ln2Lo + δ with |δ| < 2^-84; Ln2Hi has 32 significant bits, so k * Ln2Hi is exact for |k| < 2^21.
    internal const double Ln2Hi = 6.93147180369123816490e-01;   // 0x3FE62E42FEE00000
    internal const double Ln2LoMid = 1.90821492927058770002e-10; // 0x3DEA39EF35793C76
    internal static readonly Interval Ln2Lo = Interval.FromMidRadius(Ln2LoMid, 5.2e-26);
    internal static readonly Interval Ln2 = Interval.Point(Ln2Hi) + Ln2Lo;

    // π/2 = P1 + P2 + P3 + P3t + δ; P1..P3 have 33 significant bits (k * Pi is exact for |k| < 2^20), |δ| < 2^-150.
    internal const double PiO2P1 = 1.57079632673412561417e+00;   // 0x3FF921FB54400000
    internal const double PiO2P2 = 6.07710050630396597660e-11;   // 0x3DD0B4611A600000
    internal const double PiO2P3 = 2.02226624871116645580e-21;   // 0x3BA3198A2E000000
    internal const double PiO2P3tMid = 8.47842766036889956997e-32; // 0x397B839A252049C1
    internal static readonly Interval PiO2P3t = Interval.FromMidRadius(PiO2P3tMid, 7.1e-46);
    internal static readonly Interval HalfPi = ((Interval.Point(PiO2P1) + PiO2P2) + PiO2P3) + PiO2P3t;

    // Largest |x| for which sin/cos/tan reduce their argument; beyond it the enclosure is [-1, 1] (sin, cos).
    internal const double TrigReductionLimit = 1.5e15;

    // 1/n! and 1/n as intervals (n! is exact in a double up to 22!).
    private static readonly Interval[] InverseFactorial = BuildInverseFactorials(23);
    private static readonly Interval[] InverseOdd = BuildInverseOdd(30);

    private static Interval[] BuildInverseFactorials(int n)
    {
        var r = new Interval[n];
        double f = 1;
        for (int i = 0; i < n; i++)
        {
            if (i > 0)
            {
                f *= i;
            }

            r[i] = Interval.Checked(DivDown(1, f), DivUp(1, f));
        }

        return r;
    }

    private static Interval[] BuildInverseOdd(int n)
    {
        var r = new Interval[n];
        for (int i = 0; i < n; i++)
        {
            double d = (2 * i) + 1;
            r[i] = Interval.Checked(DivDown(1, d), DivUp(1, d));
        }

        return r;
    }

    private static Interval Symmetric(double bound) => Interval.Checked(-bound, bound);

    /// <summary>exp(x) for a double x (not NaN).</summary>
    public static Interval Exp(double x)
    {
        if (x == 0)
        {
            return Interval.One;
        }

        if (x > 709.8)
        {
            // e^709.79 already exceeds double.MaxValue.
            return Interval.Checked(double.MaxValue, double.PositiveInfinity);
        }

        if (x < -745.2)
        {
            return Interval.Checked(0, double.Epsilon);
        }

        double k = Math.Round(x * 1.4426950408889634);
        // r = x - k ln2, |r| <= 0.347 (k is any integer; the bound only needs k near x/ln2).
        Interval r = (Interval.Point(x) - Interval.Point(k * Ln2Hi)) - (Interval.Point(k) * Ln2Lo);
        Interval p = ExpSeries(r);
        return ScaleByPowerOfTwo(p, (int)k);
    }

    // e^r for |r| <= 0.35: sum_{i<=15} r^i/i! + R with |R| <= 0.35^16/16! * e^0.35 < 3.5e-21.
    private static Interval ExpSeries(Interval r)
    {
        if (r.Lo >= 0)
        {
            // Every term is non-negative and Horner's scheme is increasing in r and in every coefficient, so
            // evaluating it with all operations rounded down (up) at r.Lo (r.Hi) gives a lower (upper) bound.
            return Interval.Checked(PositiveSeries(r.Lo, down: true, 0), PositiveSeries(r.Hi, down: false, 3.5e-21));
        }

        if (r.Hi <= 0)
        {
            // e^r = 1 / e^(-r) with -r >= 0.
            double lower = PositiveSeries(-r.Hi, down: true, 0);
            double upper = PositiveSeries(-r.Lo, down: false, 3.5e-21);
            return Interval.Checked(DivDown(1, upper), DivUp(1, lower));
        }

        Interval acc = InverseFactorial[15];
        for (int i = 14; i >= 0; i--)
        {
            acc = (acc * r) + InverseFactorial[i];
        }

        return acc + Symmetric(3.5e-21);
    }

    // sum_{i<=15} r^i/i! for r >= 0 with directed rounding, plus the remainder bound on the upper side.
    private static double PositiveSeries(double r, bool down, double remainder)
    {
        if (down)
        {
            double acc = InverseFactorial[15].Lo;
            for (int i = 14; i >= 0; i--)
            {
                acc = AddDown(MulDown(acc, r), InverseFactorial[i].Lo);
            }

            return acc;
        }
        else
        {
            double acc = InverseFactorial[15].Hi;
            for (int i = 14; i >= 0; i--)
            {
                acc = AddUp(MulUp(acc, r), InverseFactorial[i].Hi);
            }

            return AddUp(acc, remainder);
        }
    }

    // e^x - 1 for |x| <= 0.7: x * (sum_{i=1..20} x^(i-1)/i!) + R, |R| <= |x| * 0.7^20/21! * e^0.7 < |x| * 3.2e-23.
    private static Interval Expm1Series(double x)
    {
        double tail = MulUp(Math.Abs(x), 3.2e-23);
        if (x > 0)
        {
            // All terms positive: directed Horner at the point x (see PositiveSeries).
            double lo = InverseFactorial[20].Lo, hi = InverseFactorial[20].Hi;
            for (int i = 19; i >= 1; i--)
            {
                lo = AddDown(MulDown(lo, x), InverseFactorial[i].Lo);
                hi = AddUp(MulUp(hi, x), InverseFactorial[i].Hi);
            }

            return Interval.Checked(MulDown(lo, x), AddUp(MulUp(hi, x), tail));
        }

        Interval r = Interval.Point(x);
        Interval acc = InverseFactorial[20];
        for (int i = 19; i >= 1; i--)
        {
            acc = (acc * r) + InverseFactorial[i];
        }

        return (acc * r) + Symmetric(tail);
    }

    /// <summary>exp(x) − 1, accurate near 0.</summary>
    public static Interval Expm1(double x)
    {
        if (x == 0)
        {
            return Interval.Zero;
        }

        return Math.Abs(x) <= 0.7 ? Expm1Series(x) : Exp(x) - Interval.One;
    }

    private static Interval ScaleByPowerOfTwo(Interval p, int k)
    {
        double lo = Math.ScaleB(p.Lo, k);
        double hi = Math.ScaleB(p.Hi, k);
        if (lo < 2.2250738585072014e-308)
        {
            // Scaling into the subnormal range may round: step outward.
            lo = Math.Max(0, Math.BitDecrement(lo));
        }

        if (hi < 2.2250738585072014e-308)
        {
            hi = Math.BitIncrement(hi);
        }

        if (double.IsPositiveInfinity(lo))
        {
            lo = double.MaxValue;
        }

        return Interval.Checked(Math.Max(lo, 0), hi);
    }

    /// <summary>ln(x) for a double x &gt; 0.</summary>
    public static Interval Log(double x)
    {
        if (x == 1)
        {
            return Interval.Zero;
        }

        if (double.IsPositiveInfinity(x))
        {
            return Interval.Checked(double.MaxValue, double.PositiveInfinity);
        }

        // x = m * 2^e exactly, m in [sqrt(1/2), sqrt(2)).
        int e = Math.ILogB(x);
        double m = Math.ScaleB(x, -e);
        if (m >= 1.4142135623730951)
        {
            m *= 0.5;
            e++;
        }

        // ln m = 2 atanh(s), s = (m-1)/(m+1), |s| <= 0.1716.
        Interval mi = Interval.Point(m);
        Interval s = (mi - Interval.One) / (mi + Interval.One);
        Interval s2 = Interval.Sqr(s);
        Interval acc = InverseOdd[12];
        for (int i = 11; i >= 0; i--)
        {
            acc = (acc * s2) + InverseOdd[i];
        }

        // Tail of sum_{i>12} s^(2i+1)/(2i+1) <= |s|^27/27 / (1 - s^2) <= |s| * 0.172^26/27 * 1.03 < |s| * 5.2e-22.
        Interval lnM = Interval.Point(2) * ((s * acc) + Symmetric(MulUp(s.Magnitude, 5.2e-22)));
        if (e == 0)
        {
            return lnM;
        }

        Interval ke = Interval.Point(e);
        return ((ke * Interval.Point(Ln2Hi)) + (ke * Ln2Lo)) + lnM;
    }

    /// <summary>atan(x) for a double x.</summary>
    public static Interval Atan(double x)
    {
        if (x == 0)
        {
            return Interval.Zero;
        }

        if (x < 0)
        {
            return -Atan(-x);
        }

        if (double.IsPositiveInfinity(x))
        {
            return HalfPi;
        }

        if (x > 1)
        {
            return HalfPi - AtanSmall(Interval.One / Interval.Point(x));
        }

        return AtanSmall(Interval.Point(x));
    }

    // atan(t) for 0 <= t <= 1 (t narrow). Above 0.4142 the argument is halved once with the increasing map
    // h(t) = t / (1 + sqrt(1 + t^2)), atan t = 2 atan h(t), evaluated at each end to avoid the dependency problem.
    private static Interval AtanSmall(Interval t)
    {
        double scale = 1;
        if (t.Hi > 0.4142)
        {
            t = Interval.Checked(Halve(t.Lo).Lo, Halve(t.Hi).Hi);
            scale = 2;
        }

        // Alternating series with decreasing terms: |tail| <= t^(2N+3)/(2N+3) <= t * 0.4143^46/47 < t * 5.5e-20 for N = 22
        // (after halving t <= tan(pi/8) < 0.4143 up to rounding; the bound is checked below).
        if (!(t.Hi <= 0.4143))
        {
            throw new InvalidOperationException($"Internal error: atan argument {t} not reduced below 0.4143.");
        }

        Interval t2 = Interval.Sqr(t);
        Interval acc = Signed(InverseOdd[22], 22);
        for (int i = 21; i >= 0; i--)
        {
            acc = (acc * t2) + Signed(InverseOdd[i], i);
        }

        Interval result = (t * acc) + Symmetric(MulUp(t.Magnitude, 5.5e-20));
        return result * Interval.Point(scale);
    }

    private static Interval Halve(double t)
    {
        Interval ti = Interval.Point(t);
        return ti / (Interval.One + Interval.Sqrt(Interval.One + Interval.Sqr(ti)));
    }

    private static Interval Signed(Interval c, int i) => (i & 1) == 0 ? c : -c;

    /// <summary>Reduces x to r = x − k·π/2 with |r| ≤ π/4 + ε; returns k mod 4.</summary>
    /// <remarks>Each product k·Pᵢ is split exactly into p + e (FMA), so the subtractions stay tight up to the limit.</remarks>
    private static Interval ReduceHalfPi(double x, out int quadrant) => ReduceHalfPi(x, out quadrant, out _);

    private static Interval ReduceHalfPi(double x, out int quadrant, out double multiple)
    {
        double k = Math.Round(x * 0.63661977236758138);
        multiple = k;
        Interval r = Interval.Point(x);
        r = SubtractExactProduct(r, k, PiO2P1);
        r = SubtractExactProduct(r, k, PiO2P2);
        r = SubtractExactProduct(r, k, PiO2P3);
        r -= Interval.Point(k) * PiO2P3t;
        double q = k % 4;
        quadrant = (int)(q < 0 ? q + 4 : q);
        return r;
    }

    private static Interval SubtractExactProduct(Interval r, double k, double c)
    {
        double p = k * c;
        double e = Math.FusedMultiplyAdd(k, c, -p);
        return (r - Interval.Point(p)) - Interval.Point(e);
    }

    // The series below assume |r| <= 0.8; a reduction that lost too much precision is reported by this check.
    private static bool ReducedTooWide(Interval r) => !(r.Magnitude <= 0.8);

    // sin r for |r| <= 0.8: r * sum_{i<=10} (-1)^i r^(2i)/(2i+1)!, alternating tail <= |r| * 0.8^22/23! < |r| * 3.6e-25.
    private static Interval SinSeries(Interval r)
    {
        Interval r2 = Interval.Sqr(r);
        Interval acc = Interval.Zero;
        for (int i = 10; i >= 0; i--)
        {
            acc = (acc * r2) + Signed(Factorial(2 * i + 1), i);
        }

        return (r * acc) + Symmetric(MulUp(r.Magnitude, 3.6e-25));
    }

    // cos r for |r| <= 0.8: sum_{i<=10} (-1)^i r^(2i)/(2i)!, alternating tail <= 0.8^22/22! < 6.7e-24.
    private static Interval CosSeries(Interval r)
    {
        Interval r2 = Interval.Sqr(r);
        Interval acc = Interval.Zero;
        for (int i = 10; i >= 0; i--)
        {
            acc = (acc * r2) + Signed(Factorial(2 * i), i);
        }

        return acc + Symmetric(6.7e-24);
    }

    // 1/n! for n <= 21 from the table; 22! needs no more than the table holds.
    private static Interval Factorial(int n) => InverseFactorial[n];

    private static readonly Interval UnitRange = Interval.Checked(-1, 1);

    /// <summary>sin(x) for a double x.</summary>
    public static Interval Sin(double x)
    {
        if (x == 0)
        {
            return Interval.Zero;
        }

        if (!(Math.Abs(x) <= TrigReductionLimit))
        {
            return UnitRange;
        }

        Interval r = ReduceHalfPi(x, out int q);
        if (ReducedTooWide(r))
        {
            return UnitRange;
        }

        Interval v = q switch
        {
            0 => SinSeries(r),
            1 => CosSeries(r),
            2 => -SinSeries(r),
            _ => -CosSeries(r),
        };
        return Interval.Intersect(v, UnitRange);
    }

    /// <summary>cos(x) for a double x.</summary>
    public static Interval Cos(double x)
    {
        if (x == 0)
        {
            return Interval.One;
        }

        if (!(Math.Abs(x) <= TrigReductionLimit))
        {
            return UnitRange;
        }

        Interval r = ReduceHalfPi(x, out int q);
        if (ReducedTooWide(r))
        {
            return UnitRange;
        }

        Interval v = q switch
        {
            0 => CosSeries(r),
            1 => -SinSeries(r),
            2 => -CosSeries(r),
            _ => SinSeries(r),
        };
        return Interval.Intersect(v, UnitRange);
    }

    /// <summary>tan(x) for a double x (unbounded enclosure when x is too close to a pole to tell the side).</summary>
    public static Interval Tan(double x)
    {
        if (x == 0)
        {
            return Interval.Zero;
        }

        if (!(Math.Abs(x) <= TrigReductionLimit))
        {
            return Interval.Entire;
        }

        Interval r = ReduceHalfPi(x, out int q);
        if (ReducedTooWide(r))
        {
            return Interval.Entire;
        }

        Interval s = SinSeries(r), c = CosSeries(r);
        // tan(r + kπ/2) = tan r for even k, −cot r for odd k.
        return (q & 1) == 0 ? s / c : -(c / s);
    }

    /// <summary>
    /// The branch of tan that holds the double <paramref name="x"/>: the integer m with
    /// x ∈ (mπ − π/2, mπ + π/2), decided from the rigorously reduced argument r = x − kπ/2. False when the
    /// argument is too large to reduce or r cannot be told apart from 0 (then the caller must assume a pole).
    /// </summary>
    public static bool TryTanBranch(double x, out long branch)
    {
        branch = 0;
        if (!(Math.Abs(x) <= TrigReductionLimit))
        {
            return false;
        }

        Interval r = ReduceHalfPi(x, out _, out double k);
        if (ReducedTooWide(r))
        {
            return false;
        }

        long kk = (long)k;
        if ((kk & 1) == 0)
        {
            // |r| <= π/4 + ε: x lies strictly inside branch k/2.
            branch = kk / 2;
            return true;
        }

        // k odd: x sits just after (r > 0) or just before (r < 0) the pole kπ/2.
        if (r.Lo > 0)
        {
            branch = (kk + 1) / 2;
            return true;
        }

        if (r.Hi < 0)
        {
            branch = (kk - 1) / 2;
            return true;
        }

        return false;
    }

    /// <summary>tanh(x) for a double x.</summary>
    public static Interval Tanh(double x)
    {
        if (x == 0)
        {
            return Interval.Zero;
        }

        if (x < 0)
        {
            return -Tanh(-x);
        }

        if (x >= 20)
        {
            // 1 - tanh x = 2/(e^(2x)+1) < 2e^-40 < 2^-54: tanh x lies in [1 - 2^-53, 1].
            return Interval.Checked(Math.BitDecrement(1.0), 1);
        }

        // tanh x = E/(E+2) with E = e^(2x) - 1 >= 0, increasing in E.
        Interval e = Expm1(2 * x);
        double el = Math.Max(e.Lo, 0), eh = e.Hi;
        double lo = DivDown(el, AddUp(el, 2));
        double hi = DivUp(eh, AddDown(eh, 2));
        return Interval.Checked(Math.Max(lo, 0), Math.Min(hi, 1));
    }

    /// <summary>The logistic sigmoid 1/(1 + e^−x) for a double x.</summary>
    public static Interval Sigmoid(double x)
    {
        if (x == 0)
        {
            return Interval.Checked(0.5, 0.5);
        }

        Interval e = Exp(-x);
        // Decreasing in E = e^-x > 0.
        double lo = double.IsPositiveInfinity(e.Hi) ? 0 : DivDown(1, AddUp(1, e.Hi));
        double hi = DivUp(1, AddDown(1, Math.Max(e.Lo, 0)));
        return Interval.Checked(Math.Max(lo, 0), Math.Min(hi, 1));
    }
}
