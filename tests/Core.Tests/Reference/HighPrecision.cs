using System.Globalization;
using System.Numerics;

namespace Certus.Core.Tests.Reference;

/// <summary>
/// A closed interval [<paramref name="Lo"/>, <paramref name="Hi"/>] of exact rationals that is
/// guaranteed to contain a true (usually irrational) value.
/// </summary>
/// <param name="Lo">Exact lower bound.</param>
/// <param name="Hi">Exact upper bound.</param>
public readonly record struct Enclosure(Rational Lo, Rational Hi)
{
    /// <summary>True when the enclosure is a single point, i.e. the value is known exactly.</summary>
    public bool IsExact => Lo == Hi;

    /// <summary>Hi - Lo.</summary>
    public Rational Width => Hi - Lo;

    /// <summary>(Lo + Hi) / 2.</summary>
    public Rational Mid => (Lo + Hi) / 2;

    /// <summary>The point enclosure [value, value].</summary>
    public static Enclosure Exact(Rational value) => new(value, value);

    /// <summary>True when Lo &lt;= <paramref name="value"/> &lt;= Hi.</summary>
    public bool Contains(Rational value) => Lo <= value && value <= Hi;

    /// <summary>Approximate bounds for messages; the exact bounds are <see cref="Lo"/> and <see cref="Hi"/>.</summary>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"[{Lo.ToDoubleApprox():R} .. {Hi.ToDoubleApprox():R}]{(IsExact ? " (exact)" : string.Empty)}");
}

/// <summary>
/// Rigorous, very narrow enclosures of elementary functions at a double argument, for testing
/// interval arithmetic.
/// </summary>
/// <remarks>
/// <para>
/// Method: fixed-point BigInteger arithmetic at a scale 2^P. Every intermediate integer Y stands for
/// a real y with |Y - y*2^P| &lt;= e, where the error bound e ("ulps") is tracked explicitly and
/// conservatively; each truncating shift or division adds less than 1 ulp. Series are summed until a
/// computed term is 0 and the omitted tail is bounded explicitly (alternating tail &lt;= first omitted
/// term; positive tails by a geometric bound). The result [Y - e, Y + e] * 2^-P is therefore a proven
/// enclosure. The per-step arguments are written next to the code.
/// </para>
/// <para>
/// Precision: P is chosen so that the enclosure has about <c>bits</c> correct relative bits (starting at
/// 208, plus 32 guard bits, plus bits lost to argument size, tiny arguments, and range reduction).
/// Each result is then refined (bits doubled, Ziv style) until its relative width is below 2^-200 AND
/// the interval contains no double at all, so a correct double bound can never be "beaten" by the
/// reference width (this matters e.g. for sin(x) ~ x or cos(x) ~ 1 at tiny x). Values that are
/// rational (exp(0), log(1), sqrt of a dyadic square, ...) are returned as exact points.
/// </para>
/// <para>Thread-safe: constants pi and ln 2 are cached in immutable snapshots that only grow.</para>
/// </remarks>
public static class HighPrecision
{
    private const int StartBits = 208;
    private const int MaxBits = 1 << 16;
    private const int Guard = 32;

    /// <summary>exp/expm1 are computed exactly up to this |x|; see the individual methods beyond it.</summary>
    private const double MaxExpArgument = 65536.0;

    // e^-65536 = 2^-94548.2..., so 2^-94000 is an upper bound for e^x, x <= -65536.
    private const int ExpUnderflowBound = -94000;

    private const double Log2E = 1.4426950408889634;

    private static readonly ConstantCache Ln2Cache = new(ComputeLn2);
    private static readonly ConstantCache PiCache = new(ComputePi);

    // ------------------------------------------------------------------------------------------
    // Public API
    // ------------------------------------------------------------------------------------------

    /// <summary>Enclosure of e^x. Exact for x = 0. x &gt; 65536 throws; x &lt; -65536 gives [0, 2^-94000].</summary>
    public static Enclosure Exp(double x)
    {
        RequireFinite(x);
        if (x == 0)
        {
            return Enclosure.Exact(Rational.One);
        }

        if (x > MaxExpArgument)
        {
            throw new ArgumentOutOfRangeException(nameof(x), x, "Exp reference supports x <= 65536.");
        }

        if (x < -MaxExpArgument)
        {
            return new Enclosure(Rational.Zero, Rational.Pow2(ExpUnderflowBound));
        }

        return Refine(x, ExpCore);
    }

    /// <summary>Enclosure of e^x - 1. Exact for x = 0. x &gt; 65536 throws; x &lt; -65536 gives [-1, -1 + 2^-94000].</summary>
    public static Enclosure Expm1(double x)
    {
        RequireFinite(x);
        if (x == 0)
        {
            return Enclosure.Exact(Rational.Zero);
        }

        if (x > MaxExpArgument)
        {
            throw new ArgumentOutOfRangeException(nameof(x), x, "Expm1 reference supports x <= 65536.");
        }

        if (x < -MaxExpArgument)
        {
            return new Enclosure(-Rational.One, Rational.Pow2(ExpUnderflowBound) - 1);
        }

        return Refine(x, Expm1Core);
    }

    /// <summary>Enclosure of the natural logarithm, for any positive finite double (subnormals included). Exact for x = 1.</summary>
    public static Enclosure Log(double x)
    {
        if (!double.IsFinite(x) || x <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(x), x, "Log is defined for finite x > 0.");
        }

        if (x == 1)
        {
            return Enclosure.Exact(Rational.Zero);
        }

        return Refine(x, LogCore);
    }

    /// <summary>Enclosure of the square root; exact when x is the square of a dyadic rational (e.g. 0, 4, 0.25).</summary>
    public static Enclosure Sqrt(double x)
    {
        if (!double.IsFinite(x) || x < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(x), x, "Sqrt is defined for finite x >= 0.");
        }

        if (x == 0)
        {
            return Enclosure.Exact(Rational.Zero);
        }

        (_, long m, int q) = OddDecompose(x);

        // x = m * 2^q with m odd: sqrt(x) is rational iff q is even and m is a perfect square.
        if ((q & 1) == 0)
        {
            BigInteger s = ISqrt(m);
            if (s * s == m)
            {
                return Enclosure.Exact(Rational.FromDyadic(s, q / 2));
            }
        }

        return Refine(x, SqrtCore);
    }

    /// <summary>Enclosure of sin x for any finite double. Exact for x = 0.</summary>
    public static Enclosure Sin(double x)
    {
        RequireFinite(x);
        return x == 0 ? Enclosure.Exact(Rational.Zero) : Refine(x, SinCore);
    }

    /// <summary>Enclosure of cos x for any finite double. Exact for x = 0.</summary>
    public static Enclosure Cos(double x)
    {
        RequireFinite(x);
        return x == 0 ? Enclosure.Exact(Rational.One) : Refine(x, CosCore);
    }

    /// <summary>Enclosure of tan x for any finite double. Exact for x = 0.</summary>
    public static Enclosure Tan(double x)
    {
        RequireFinite(x);
        return x == 0 ? Enclosure.Exact(Rational.Zero) : Refine(x, TanCore);
    }

    /// <summary>Enclosure of atan x for any finite double. Exact for x = 0.</summary>
    public static Enclosure Atan(double x)
    {
        RequireFinite(x);
        return x == 0 ? Enclosure.Exact(Rational.Zero) : Refine(x, AtanCore);
    }

    /// <summary>
    /// Enclosure of tanh x for any finite double. Exact for x = 0. For 100 &lt; |x| &lt;= 3400 the enclosure is
    /// [1 - 2^-(floor(2.885|x|) - 1), 1 - 2^-ceil(2.886|x|)] (mirrored for x &lt; 0); beyond 3400 it is
    /// [1 - 2^-9999, 1], i.e. narrow but with an endpoint at 1.
    /// </summary>
    public static Enclosure Tanh(double x)
    {
        RequireFinite(x);
        if (x == 0)
        {
            return Enclosure.Exact(Rational.Zero);
        }

        double a = Math.Abs(x);
        if (a > 100)
        {
            // 1 - tanh a = 2/(e^(2a)+1) < 2 e^(-2a) = 2^(1 - 2a log2 e) <= 2^(1 - floor(2.885 a)), and
            // 1 - tanh a > e^(-2a) >= 2^-ceil(2.886 a) (2 log2 e = 2.88539...; the margins dwarf double rounding).
            int loBits = (int)Math.Min(Math.Floor(2.885 * a), 10000.0) - 1;
            Rational hi = a <= 3400 ? Rational.One - Rational.Pow2(-(int)Math.Ceiling(2.886 * a)) : Rational.One;
            var e = new Enclosure(Rational.One - Rational.Pow2(-loBits), hi);
            return x > 0 ? e : new Enclosure(-e.Hi, -e.Lo);
        }

        return Refine(x, TanhCore);
    }

    /// <summary>
    /// Enclosure of the logistic sigmoid 1/(1+e^-x) for any finite double. Exact for x = 0 (1/2).
    /// For 800 &lt; x &lt;= 13000: [1 - 2^-floor(1.442x), 1 - 2^-(ceil(1.4427x) + 1)]; beyond: [1 - 2^-20000, 1];
    /// for x &lt; -65536: [0, 2^-94000] (rigorous, but not relatively narrow).
    /// </summary>
    public static Enclosure Sigmoid(double x)
    {
        RequireFinite(x);
        if (x == 0)
        {
            return Enclosure.Exact(new Rational(1, 2));
        }

        if (x > 800)
        {
            // 1 - sigmoid(x) = e^-x/(1+e^-x) < e^-x = 2^(-x log2 e) <= 2^-floor(1.442 x), and
            // 1 - sigmoid(x) > e^-x / 2 >= 2^-(ceil(1.4427 x) + 1) (log2 e = 1.442695...).
            int loBits = (int)Math.Min(Math.Floor(1.442 * x), 20000.0);
            Rational hi = x <= 13000 ? Rational.One - Rational.Pow2(-((int)Math.Ceiling(1.4427 * x) + 1)) : Rational.One;
            return new Enclosure(Rational.One - Rational.Pow2(-loBits), hi);
        }

        if (x < -MaxExpArgument)
        {
            // 0 < sigmoid(x) < e^x.
            return new Enclosure(Rational.Zero, Rational.Pow2(ExpUnderflowBound));
        }

        return Refine(x, SigmoidCore);
    }

    // ------------------------------------------------------------------------------------------
    // Refinement driver
    // ------------------------------------------------------------------------------------------

    private static Enclosure Refine(double x, Func<double, int, DyInterval> core)
    {
        for (int bits = StartBits; ; bits *= 2)
        {
            DyInterval r = core(x, bits);
            if (r.Lo > r.Hi)
            {
                throw new InvalidOperationException("Internal error: inverted enclosure.");
            }

            if (bits >= MaxBits || r.IsTightAndIsolated())
            {
                return r.ToEnclosure();
            }
        }
    }

    // ------------------------------------------------------------------------------------------
    // exp, expm1, tanh, sigmoid
    // ------------------------------------------------------------------------------------------

    // x != 0, |x| <= 65536.
    private static DyInterval ExpCore(double x, int bits)
    {
        (bool neg, long m, int q) = Decompose(x);

        // Any integer k works (it only changes |r|); round(x/ln2) in double gives |r| <= ln2/2 + 1e-10 < 0.36.
        long k = (long)Math.Round(x * Log2E);
        int p = bits + Guard + BitLen(Math.Abs(k));

        // X = x*2^p, exact if the double's last bit is representable, otherwise floored (error < 1 ulp).
        BigInteger sm = neg ? -m : m;
        BigInteger xf;
        int ex;
        if (q + p >= 0)
        {
            xf = sm << (q + p);
            ex = 0;
        }
        else
        {
            xf = sm >> -(q + p);
            ex = 1;
        }

        // r = x - k ln2. Ln2 has error <= 2 ulps, so R = X - k*L has error eR <= eX + 2|k| ulps.
        BigInteger l2 = Ln2(p);
        BigInteger r = xf - (k * l2);
        BigInteger er = ex + (2 * (BigInteger)Math.Abs(k));

        // S encloses exp(r') for the exactly represented r' = R/2^p with error eS.
        // |exp(r) - exp(r')| <= max(exp) * |r - r'| <= e^0.37 * eR < 2 eR ulps.
        (BigInteger s, int es) = ExpSeries(r, p);
        BigInteger err = es + (2 * er);

        // exp(x) = 2^k exp(r).
        return DyInterval.Around(s, err, checked((int)k - p));
    }

    // x != 0, |x| <= 65536.
    private static DyInterval Expm1Core(double x, int bits)
    {
        if (Math.Abs(x) >= 0.5)
        {
            // |expm1(x)| >= 0.39 and the exp enclosure is relatively narrow, so subtracting 1 exactly keeps
            // the relative accuracy.
            return ExpCore(x, bits).AddInteger(-1);
        }

        (bool neg, long m, int q) = Decompose(x);
        int e = BinaryExponent(m, q);

        // p >= -q here (q >= e - 52), so X is exact. |expm1 x| >= 0.78|x| >= 0.78*2^e, so absolute error
        // 2^-p is relative 2^-(bits + Guard) or better.
        int p = bits + Guard + Math.Max(0, -e);
        BigInteger xf = (BigInteger)(neg ? -m : m) << (q + p);
        (BigInteger s, int es) = ExpSeries(xf, p);

        // The series' first term 2^p is exact; removing it leaves the same error bound.
        return DyInterval.Around(s - (BigInteger.One << p), es, -p);
    }

    // x != 0, |x| <= 100.
    private static DyInterval TanhCore(double x, int bits)
    {
        double a = Math.Abs(x);

        // tanh a = m/(m+2) with m = expm1(2a) > 0; m/(m+2) is increasing in m, so
        // tanh a is in [floor(mLo/(mLo+2)), ceil(mHi/(mHi+2))]. Rounding is directed, hence rigorous.
        // d log(tanh)/d log(m) = 2/(m+2) <= 1, so relative accuracy is preserved.
        DyInterval m = Expm1Core(2 * a, bits);
        (BigInteger dLo, int dLoE) = AddInteger(m.Lo, m.Exp, 2);
        (BigInteger dHi, int dHiE) = AddInteger(m.Hi, m.Exp, 2);
        int qe = QuotientExponent(m.Lo, m.Exp, dLo, dLoE, bits + Guard);
        BigInteger lo = ScaledQuotient(m.Lo, m.Exp, dLo, dLoE, qe, ceiling: false);
        BigInteger hi = ScaledQuotient(m.Hi, m.Exp, dHi, dHiE, qe, ceiling: true);
        var r = new DyInterval(lo, hi, qe);
        return x > 0 ? r : r.Negate();
    }

    // x != 0, -65536 <= x <= 800.
    private static DyInterval SigmoidCore(double x, int bits)
    {
        // sigmoid x = 1/(1+a), a = e^-x > 0; decreasing in a, so sigmoid is in
        // [floor(1/(1+aHi)), ceil(1/(1+aLo))] with directed rounding. d log(s)/d log(a) = a/(1+a) <= 1.
        DyInterval a = ExpCore(-x, bits);
        (BigInteger dLo, int dLoE) = AddInteger(a.Lo, a.Exp, 1);
        (BigInteger dHi, int dHiE) = AddInteger(a.Hi, a.Exp, 1);
        int qe = QuotientExponent(BigInteger.One, 0, dHi, dHiE, bits + Guard);
        BigInteger lo = ScaledQuotient(BigInteger.One, 0, dHi, dHiE, qe, ceiling: false);
        BigInteger hi = ScaledQuotient(BigInteger.One, 0, dLo, dLoE, qe, ceiling: true);
        return new DyInterval(lo, hi, qe);
    }

    /// <summary>
    /// Taylor series of exp at r' = r/2^p, |r'| &lt;= 1, r' taken as exact. Returns S and an error bound e
    /// with |S - exp(r') 2^p| &lt;= e.
    /// </summary>
    /// <remarks>
    /// T_0 = 2^p exactly; T_j = trunc(floor(T_{j-1} R / 2^p) / j). With t_j = r'^j/j! 2^p and
    /// d_j = |T_j - t_j|: d_j &lt;= (d_{j-1}|r'| + 1)/j + 1, so d_1 &lt;= 2 and d_j &lt;= 3 for all j.
    /// Stopping at the first T_n = 0 (n &gt;= 1): |t_n| &lt;= 3 and t_{j+1}/t_j &lt;= 1/2, so the tail is &lt;= 6.
    /// Total: 3(n - 1) + 6 &lt;= 3n + 6 where n is the number of summed terms.
    /// </remarks>
    private static (BigInteger Sum, int Err) ExpSeries(BigInteger r, int p)
    {
        BigInteger one = BigInteger.One << p;
        if (BigInteger.Abs(r) > one)
        {
            throw new InvalidOperationException("Internal error: exp series argument out of range.");
        }

        BigInteger term = one;
        BigInteger sum = one;
        int n = 1;
        for (int j = 1; ; j++)
        {
            term = ((term * r) >> p) / j;
            if (term.IsZero)
            {
                break;
            }

            sum += term;
            n++;
        }

        return (sum, (3 * n) + 6);
    }

    // ------------------------------------------------------------------------------------------
    // log
    // ------------------------------------------------------------------------------------------

    // x > 0 finite, x != 1.
    private static DyInterval LogCore(double x, int bits)
    {
        (_, long m, int q) = Decompose(x);
        int b = BitLen(m);

        // x = (m / 2^j) 2^E with f = m/2^j in [0.75, 1.5).
        int j = b >= 2 && 2 * m >= (3L << (b - 1)) ? b : b - 1;
        int bigE = q + j;
        BigInteger num = m - (1L << j);
        BigInteger den = m + (1L << j);
        int bE = BitLen(Math.Abs((long)bigE));

        if (num.IsZero)
        {
            // x = 2^E: log x = E ln2, Ln2 has error <= 2 ulps.
            int p0 = bits + Guard + bE;
            BigInteger v0 = bigE * Ln2(p0);
            return DyInterval.Around(v0, 2 * (BigInteger)Math.Abs((long)bigE), -p0);
        }

        // s = (f-1)/(f+1) = num/den exactly, |s| <= 0.2; log f = 2 atanh s. The precision covers a small |s|
        // (x near 1) so that the result keeps relative accuracy; for E != 0, |log x| >= 0.28.
        int p = bits + Guard + Math.Max(0, BitLen(den) - BitLen(BigInteger.Abs(num)) + 1) + bE;
        BigInteger s0 = (BigInteger.Abs(num) << p) / den;
        (BigInteger sum, int es) = AtanhSeries(s0, p);
        BigInteger v = num.Sign < 0 ? -2 * sum : 2 * sum;
        BigInteger err = 2 * es;
        if (bigE != 0)
        {
            v += bigE * Ln2(p);
            err += 2 * (BigInteger)Math.Abs((long)bigE);
        }

        return DyInterval.Around(v, err, -p);
    }

    /// <summary>
    /// atanh(s) 2^p for 0 &lt;= s &lt;= 0.2 given S0 = floor(s 2^p) (error &lt; 1). Returns the sum and an error bound.
    /// </summary>
    /// <remarks>
    /// s2 = floor(S0^2/2^p) has error &lt;= 2*0.2 + tiny + 1 &lt; 1.41. Powers p_k = floor(p_{k-1} s2 / 2^p) of
    /// pi_k = s^(2k+1) 2^p have d_k &lt;= 0.04 d_{k-1} + 0.2*1.41 + tiny + 1, so d_k &lt;= 1.35 (d_0 &lt; 1).
    /// Terms floor(p_k/(2k+1)) err &lt;= 2.35. Stop at p_n = 0: pi_n &lt;= 1.35, positive tail &lt;= 1.35/0.96 &lt; 1.41.
    /// Total &lt;= 2.35 n + 1.41 &lt;= 3n + 2.
    /// </remarks>
    private static (BigInteger Sum, int Err) AtanhSeries(BigInteger s0, int p)
    {
        BigInteger s2 = (s0 * s0) >> p;
        BigInteger pw = s0;
        BigInteger sum = s0;
        int n = 1;
        for (int k = 1; ; k++)
        {
            pw = (pw * s2) >> p;
            if (pw.IsZero)
            {
                break;
            }

            sum += pw / ((2 * k) + 1);
            n++;
        }

        return (sum, (3 * n) + 2);
    }

    // ------------------------------------------------------------------------------------------
    // sqrt
    // ------------------------------------------------------------------------------------------

    // x > 0 finite, not the square of a dyadic rational.
    private static DyInterval SqrtCore(double x, int bits)
    {
        (_, long m, int q) = OddDecompose(x);

        // N = m 2^z (z >= 0, z = q mod 2) has >= 2(bits+Guard) bits; sqrt x = sqrt(N) 2^((q-z)/2),
        // and floor(sqrt N) <= sqrt N <= floor(sqrt N) + 1.
        int z = Math.Max(0, (2 * (bits + Guard)) - BitLen(m));
        if (((z - q) & 1) != 0)
        {
            z++;
        }

        BigInteger s = ISqrt((BigInteger)m << z);
        return new DyInterval(s, s + 1, (q - z) / 2);
    }

    // ------------------------------------------------------------------------------------------
    // sin, cos, tan
    // ------------------------------------------------------------------------------------------

    private static DyInterval SinCore(double x, int bits)
    {
        Reduced red = ReduceHalfPi(x, bits);
        DyInterval r = (red.Quadrant & 1) == 0 ? SinOfReduced(red) : CosOfReduced(red);

        // sin(r + k pi/2) = sin r, cos r, -sin r, -cos r for k = 0..3 (mod 4); sin is odd.
        bool negate = (red.Quadrant >= 2) ^ (x < 0);
        return negate ? r.Negate() : r;
    }

    private static DyInterval CosCore(double x, int bits)
    {
        Reduced red = ReduceHalfPi(x, bits);
        DyInterval r = (red.Quadrant & 1) == 0 ? CosOfReduced(red) : SinOfReduced(red);

        // cos(r + k pi/2) = cos r, -sin r, -cos r, sin r for k = 0..3 (mod 4); cos is even.
        bool negate = red.Quadrant is 1 or 2;
        return negate ? r.Negate() : r;
    }

    private static DyInterval TanCore(double x, int bits)
    {
        Reduced red = ReduceHalfPi(x, bits);
        DyInterval s = SinOfReduced(red);
        DyInterval c = CosOfReduced(red);

        // tan(r + k pi/2) = sin r / cos r (k even), -cos r / sin r (k odd). Both enclosures have the same
        // scale, are relatively narrow and exclude 0 (cos r >= 0.7; sin r checked by the reduction).
        DyInterval t = (red.Quadrant & 1) == 0
            ? DivideIntervals(s, c, bits + Guard)
            : DivideIntervals(c, s, bits + Guard).Negate();
        return x < 0 ? t.Negate() : t;
    }

    /// <summary>
    /// r = |x| - k pi/2 at scale 2^P: |R - r 2^P| &lt;= ErrR, |R| &lt;= 0.79*2^P, with about bits+8 good relative
    /// bits (precision is raised until cancellation is covered).
    /// </summary>
    private static Reduced ReduceHalfPi(double x, int bits)
    {
        (_, long m, int q) = Decompose(x);
        int e = BinaryExponent(m, q);
        double a = Math.Abs(x);
        if (a < 0.78)
        {
            // No reduction; p >= -q so R is exact, and p covers tiny |x| (relative accuracy).
            int p0 = bits + Guard + Math.Max(0, -e);
            return new Reduced(0, (BigInteger)m << (q + p0), BigInteger.Zero, p0);
        }

        // k < 2^(e+1), so eR = 2k < 2^(e+2) ulps; start with e+2 extra bits.
        int p = bits + Guard + Math.Max(0, e) + 2;
        while (true)
        {
            // H = pi/2 * 2^p with error <= 2 ulps; X exact (a >= 0.78 means q >= -53).
            BigInteger h = PiHalf(p);
            BigInteger xf = (BigInteger)m << (q + p);
            BigInteger k = ((xf << 1) + h) / (h << 1); // round(X/H): |R| <= H/2 + 1
            BigInteger r = xf - (k * h);
            BigInteger er = k << 1;
            int good = BitLen(BigInteger.Abs(r)) - BitLen(er);
            if (er.IsZero || good >= bits + 8)
            {
                // Drop precision that the reduction no longer needs: R' = floor(R / 2^d) then represents r
                // with error <= eR/2^d + 1 <= floor(eR/2^d) + 2.
                int re = BitLen(BigInteger.Abs(r)) - 1 - p; // floor(log2 |r|)
                int needed = bits + Guard + Math.Max(0, -re);
                if (needed < p)
                {
                    int d = p - needed;
                    r >>= d;
                    er = (er >> d) + 2;
                    p = needed;
                }

                return new Reduced((int)(k & 3), r, er, p);
            }

            p += bits + 8 - good + 16;
            if (p > 4 * MaxBits)
            {
                throw new InvalidOperationException("Internal error: range reduction does not converge.");
            }
        }
    }

    /// <summary>
    /// Encloses sin r for the reduced argument. With r' = R/2^P exact: series error (see below) plus
    /// |sin r - sin r'| &lt;= |r - r'| &lt;= ErrR.
    /// </summary>
    private static DyInterval SinOfReduced(Reduced red)
    {
        (BigInteger s, int es) = SinSeries(BigInteger.Abs(red.R), red.P);
        BigInteger v = red.R.Sign < 0 ? -s : s;
        return DyInterval.Around(v, es + red.ErrR, -red.P);
    }

    /// <summary>Encloses cos r; |cos r - cos r'| &lt;= |r - r'| &lt;= ErrR.</summary>
    private static DyInterval CosOfReduced(Reduced red)
    {
        (BigInteger c, int ec) = CosSeries(BigInteger.Abs(red.R), red.P);
        return DyInterval.Around(c, ec + red.ErrR, -red.P);
    }

    /// <remarks>
    /// 0 &lt;= r' = R/2^p &lt;= 1. R2 = floor(R^2/2^p) has error &lt; 1. T_j = trunc(floor(T_{j-1} R2/2^p)/((2j)(2j+1))).
    /// With |t_{j-1}| &lt;= 2^p and r'^2 &lt;= 1: d_j &lt;= (d_{j-1}(1 + 2^-p) + 2)/6 + 1, so d_j &lt;= 2.
    /// The series alternates with decreasing terms, so stopping at the first computed zero term
    /// (true value &lt;= 2) leaves a tail &lt;= 2. Total &lt;= 2n + 2 &lt;= 3n + 3.
    /// </remarks>
    private static (BigInteger Sum, int Err) SinSeries(BigInteger r, int p)
    {
        BigInteger r2 = (r * r) >> p;
        BigInteger term = r;
        BigInteger sum = r;
        int n = 1;
        for (long j = 1; ; j++)
        {
            term = ((term * r2) >> p) / ((2 * j) * ((2 * j) + 1));
            if (term.IsZero)
            {
                break;
            }

            sum = (j & 1) == 1 ? sum - term : sum + term;
            n++;
        }

        return (sum, (3 * n) + 3);
    }

    /// <remarks>Same argument as <see cref="SinSeries"/> with divisors (2j-1)(2j) &gt;= 2: d_1 &lt;= 2, d_j &lt;= 2.</remarks>
    private static (BigInteger Sum, int Err) CosSeries(BigInteger r, int p)
    {
        BigInteger r2 = (r * r) >> p;
        BigInteger one = BigInteger.One << p;
        BigInteger term = one;
        BigInteger sum = one;
        int n = 1;
        for (long j = 1; ; j++)
        {
            term = ((term * r2) >> p) / (((2 * j) - 1) * (2 * j));
            if (term.IsZero)
            {
                break;
            }

            sum = (j & 1) == 1 ? sum - term : sum + term;
            n++;
        }

        return (sum, (3 * n) + 3);
    }

    // ------------------------------------------------------------------------------------------
    // atan
    // ------------------------------------------------------------------------------------------

    // x != 0 finite.
    private static DyInterval AtanCore(double x, int bits)
    {
        (bool neg, long m, int q) = Decompose(x);
        int e = BinaryExponent(m, q);
        double a = Math.Abs(x);
        bool inverted = a > 1;
        int p;
        BigInteger u;
        BigInteger eu;
        if (!inverted)
        {
            // |x| <= 1: U = |x| 2^p exactly (p >= -q); p covers tiny x; +4 covers the 2^h (h <= 3) factor.
            p = bits + Guard + Math.Max(0, -e) + 4;
            u = (BigInteger)m << (q + p);
            eu = BigInteger.Zero;
        }
        else
        {
            // |x| > 1: atan|x| = pi/2 - atan(1/|x|); U = floor(2^p/|x|) with error < 1 (0 if 2^p/|x| < 1).
            p = bits + Guard + 4;
            int sh = p - q;
            u = sh >= 0 ? (BigInteger.One << sh) / m : BigInteger.Zero;
            eu = BigInteger.One;
        }

        // Halving: atan u = 2 atan(g(u)), g(u) = u/(1 + sqrt(1+u^2)), 0 <= u <= 1.
        // With u' = U/2^p: Sq = floor(sqrt(2^2p + U^2)), D = 2^p + Sq, V = floor(U 2^p / D).
        // |D - d' 2^p| < 1 with d' = 1 + sqrt(1+u'^2) >= 2, so |V - g(u') 2^p| <= u'/4 + 1 <= 1.25;
        // g' <= sec^2(pi/8)/2 < 0.586, so |V - g(u) 2^p| <= 0.586 eU + 1.25 <= eU + 2.
        BigInteger one = BigInteger.One << p;
        BigInteger eighth = one >> 3;
        int halvings = 0;
        while (u > eighth)
        {
            BigInteger sq = ISqrt((one << p) + (u * u));
            u = (u << p) / (one + sq);
            eu += 2;
            halvings++;
        }

        // atan v for v' = U/2^p <= 1/8, then add |atan v - atan v'| <= |v - v'| <= eU.
        (BigInteger sum, int es) = AtanSeries(u, p);
        BigInteger v = sum << halvings;
        BigInteger err = (es + eu) << halvings;
        if (inverted)
        {
            // pi/2 at scale 2^p has error <= 2 ulps.
            v = PiHalf(p) - v;
            err += 2;
        }

        var res = DyInterval.Around(v, err, -p);
        return neg ? res.Negate() : res;
    }

    /// <remarks>
    /// 0 &lt;= v' = V/2^p &lt;= 1/8, taken exact. v2 = floor(V^2/2^p) (error &lt; 1); p_k = floor(p_{k-1} v2/2^p):
    /// d_k &lt;= d_{k-1}/64 + 1/8 + 1 + tiny &lt;= 1.15; terms floor(p_k/(2k+1)) err &lt;= 2.15. Alternating with
    /// decreasing terms: stopping at p_n = 0 leaves a tail &lt;= 1.15. Total &lt;= 2.15 n + 1.15 &lt;= 3n + 3.
    /// </remarks>
    private static (BigInteger Sum, int Err) AtanSeries(BigInteger v, int p)
    {
        BigInteger v2 = (v * v) >> p;
        BigInteger pw = v;
        BigInteger sum = v;
        int n = 1;
        for (int k = 1; ; k++)
        {
            pw = (pw * v2) >> p;
            if (pw.IsZero)
            {
                break;
            }

            BigInteger t = pw / ((2 * k) + 1);
            sum = (k & 1) == 1 ? sum - t : sum + t;
            n++;
        }

        return (sum, (3 * n) + 3);
    }

    // ------------------------------------------------------------------------------------------
    // Constants
    // ------------------------------------------------------------------------------------------

    /// <summary>ln 2 * 2^p with error &lt;= 2 ulps.</summary>
    private static BigInteger Ln2(int p) => Ln2Cache.Get(p);

    /// <summary>pi/2 * 2^p with error &lt;= 2 ulps (pi * 2^(p-1)).</summary>
    private static BigInteger PiHalf(int p) => PiCache.Get(p - 1);

    /// <summary>ln 2 = 2 atanh(1/3), computed at q + 32 bits and floored to q bits: error &lt;= 2 ulps.</summary>
    private static BigInteger ComputeLn2(int q)
    {
        const int extra = 32;
        (BigInteger a, long err) = InverseSeries(3, q + extra, alternating: false);
        return Reduce(a << 1, 2 * err, extra);
    }

    /// <summary>pi = 16 atan(1/5) - 4 atan(1/239) (Machin), at q + 32 bits floored to q bits: error &lt;= 2 ulps.</summary>
    private static BigInteger ComputePi(int q)
    {
        const int extra = 32;
        (BigInteger a5, long e5) = InverseSeries(5, q + extra, alternating: true);
        (BigInteger a239, long e239) = InverseSeries(239, q + extra, alternating: true);
        return Reduce((16 * a5) - (4 * a239), (16 * e5) + (4 * e239), extra);
    }

    // value has error <= err ulps at scale 2^(q+extra); floor(value/2^extra) has error <= err/2^extra + 1 <= 2.
    private static BigInteger Reduce(BigInteger value, long err, int extra)
    {
        if (err > (1L << extra))
        {
            throw new InvalidOperationException("Internal error: constant error bound too large.");
        }

        return value >> extra;
    }

    /// <summary>
    /// Sum over k &gt;= 0 of (+-1)^k / ((2k+1) n^(2k+1)) at scale 2^w (atan(1/n) or atanh(1/n)), n &gt;= 3.
    /// </summary>
    /// <remarks>
    /// p_0 = floor(2^w/n), p_k = floor(p_{k-1}/n^2): error &lt;= 1/(1 - 1/9) = 1.125. Terms floor(p_k/(2k+1))
    /// err &lt;= 2.125. Stop at p_c = 0: tail &lt;= 1.125 (alternating) or &lt;= 1.125*9/8 &lt; 1.27 (positive).
    /// Total &lt;= 2.125 c + 1.27 &lt;= 3c + 2.
    /// </remarks>
    private static (BigInteger Sum, long Err) InverseSeries(int n, int w, bool alternating)
    {
        BigInteger n2 = (BigInteger)n * n;
        BigInteger pw = (BigInteger.One << w) / n;
        BigInteger sum = BigInteger.Zero;
        long count = 0;
        for (int k = 0; !pw.IsZero; k++)
        {
            BigInteger t = pw / ((2 * k) + 1);
            sum = alternating && (k & 1) == 1 ? sum - t : sum + t;
            count++;
            pw /= n2;
        }

        return (sum, (3 * count) + 2);
    }

    // ------------------------------------------------------------------------------------------
    // Helpers
    // ------------------------------------------------------------------------------------------

    private static void RequireFinite(double x)
    {
        if (!double.IsFinite(x))
        {
            throw new ArgumentOutOfRangeException(nameof(x), x, "The argument must be finite.");
        }
    }

    /// <summary>|x| = M 2^Q exactly (M &gt; 0 for x != 0), plus the sign.</summary>
    private static (bool Negative, long M, int Q) Decompose(double x)
    {
        long raw = BitConverter.DoubleToInt64Bits(x);
        int biased = (int)((raw >> 52) & 0x7FF);
        long fraction = raw & 0xF_FFFF_FFFF_FFFFL;
        return biased == 0
            ? (raw < 0, fraction, -1074)
            : (raw < 0, fraction | (1L << 52), biased - 1075);
    }

    /// <summary>Like <see cref="Decompose"/> but with M odd (x != 0).</summary>
    private static (bool Negative, long M, int Q) OddDecompose(double x)
    {
        (bool neg, long m, int q) = Decompose(x);
        int tz = BitOperations.TrailingZeroCount(m);
        return (neg, m >> tz, q + tz);
    }

    /// <summary>floor(log2(M 2^Q)) for M &gt; 0.</summary>
    private static int BinaryExponent(long m, int q) => BitLen(m) - 1 + q;

    private static int BitLen(long v) => 64 - BitOperations.LeadingZeroCount((ulong)v);

    /// <summary>Bit length of a non-negative BigInteger (0 for 0).</summary>
    private static int BitLen(BigInteger v) => (int)v.GetBitLength();

    /// <summary>floor(sqrt(n)) for n &gt;= 0.</summary>
    private static BigInteger ISqrt(BigInteger n)
    {
        if (n.Sign < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(n));
        }

        if (n.IsZero)
        {
            return n;
        }

        int b = BitLen(n);
        BigInteger x;
        if (b <= 52)
        {
            x = (BigInteger)(ulong)Math.Sqrt((double)n) + 2;
        }
        else
        {
            // top = floor(n/2^sh) < 2^53 exactly representable; sqrt n < (sqrt(top) + 1) 2^(sh/2)
            // <= (floor(Math.Sqrt(top)) + 3) 2^(sh/2), an over-estimate.
            int sh = b - 52;
            if ((sh & 1) != 0)
            {
                sh++;
            }

            ulong top = (ulong)(n >> sh);
            x = ((BigInteger)(ulong)Math.Sqrt(top) + 3) << (sh / 2);
        }

        // Integer Newton from an over-estimate decreases monotonically to floor(sqrt n).
        while (true)
        {
            BigInteger y = (x + (n / x)) >> 1;
            if (y >= x)
            {
                break;
            }

            x = y;
        }

        // Defensive final correction (cheap).
        while (x * x > n)
        {
            x -= 1;
        }

        while ((x + 1) * (x + 1) <= n)
        {
            x += 1;
        }

        return x;
    }

    /// <summary>(M 2^E) + c as (M', E').</summary>
    private static (BigInteger M, int E) AddInteger(BigInteger m, int e, int c) =>
        e <= 0 ? (m + ((BigInteger)c << -e), e) : ((m << e) + c, 0);

    /// <summary>
    /// An exponent qe such that (n/d) / 2^qe has at least <paramref name="bits"/> bits in magnitude.
    /// log2|n| &gt;= bitlen(nM) - 1 + nE and log2|d| &lt; bitlen(dM) + dE.
    /// </summary>
    private static int QuotientExponent(BigInteger nM, int nE, BigInteger dM, int dE, int bits) =>
        (BitLen(BigInteger.Abs(nM)) + nE) - (BitLen(BigInteger.Abs(dM)) + dE) - 1 - bits;

    /// <summary>floor or ceiling of (nM 2^nE) / (dM 2^dE) / 2^qe, computed exactly.</summary>
    private static BigInteger ScaledQuotient(BigInteger nM, int nE, BigInteger dM, int dE, int qe, bool ceiling)
    {
        int s = nE - dE - qe;
        BigInteger a = s >= 0 ? nM << s : nM;
        BigInteger b = s >= 0 ? dM : dM << -s;
        BigInteger quotient = BigInteger.DivRem(a, b, out BigInteger rem);
        if (!rem.IsZero)
        {
            // a/b = quotient + rem/b; rem has the sign of a.
            bool fractionPositive = rem.Sign == b.Sign;
            if (ceiling && fractionPositive)
            {
                quotient += 1;
            }
            else if (!ceiling && !fractionPositive)
            {
                quotient -= 1;
            }
        }

        return quotient;
    }

    /// <summary>Outward-rounded enclosure of n/d, where d excludes 0 (corners give the extremes).</summary>
    private static DyInterval DivideIntervals(DyInterval n, DyInterval d, int bits)
    {
        if (d.Lo.Sign * d.Hi.Sign <= 0)
        {
            throw new InvalidOperationException("Internal error: divisor enclosure contains 0.");
        }

        // Smallest |n| over largest |d| gives the smallest quotient magnitude, so every corner keeps >= bits bits.
        BigInteger nRef = BigInteger.Min(BigInteger.Abs(n.Lo), BigInteger.Abs(n.Hi));
        BigInteger dRef = BigInteger.Max(BigInteger.Abs(d.Lo), BigInteger.Abs(d.Hi));
        int qe = QuotientExponent(nRef, n.Exp, dRef, d.Exp, bits);
        BigInteger? lo = null;
        BigInteger? hi = null;
        foreach (BigInteger nn in (ReadOnlySpan<BigInteger>)[n.Lo, n.Hi])
        {
            foreach (BigInteger dd in (ReadOnlySpan<BigInteger>)[d.Lo, d.Hi])
            {
                BigInteger f = ScaledQuotient(nn, n.Exp, dd, d.Exp, qe, ceiling: false);
                BigInteger c = ScaledQuotient(nn, n.Exp, dd, d.Exp, qe, ceiling: true);
                lo = lo is null ? f : BigInteger.Min(lo.Value, f);
                hi = hi is null ? c : BigInteger.Max(hi.Value, c);
            }
        }

        return new DyInterval(lo!.Value, hi!.Value, qe);
    }

    /// <summary>Result of the range reduction: r = |x| - k pi/2, R at scale 2^P with error ErrR ulps.</summary>
    private readonly record struct Reduced(int Quadrant, BigInteger R, BigInteger ErrR, int P);

    /// <summary>The interval [Lo 2^Exp, Hi 2^Exp].</summary>
    private readonly record struct DyInterval(BigInteger Lo, BigInteger Hi, int Exp)
    {
        public static DyInterval Around(BigInteger value, BigInteger err, int exp) => new(value - err, value + err, exp);

        public DyInterval Negate() => new(-Hi, -Lo, Exp);

        public DyInterval AddInteger(int c)
        {
            (BigInteger lo, int e) = HighPrecision.AddInteger(Lo, Exp, c);
            (BigInteger hi, _) = HighPrecision.AddInteger(Hi, Exp, c);
            return new DyInterval(lo, hi, e);
        }

        public Enclosure ToEnclosure() => new(Rational.FromDyadic(Lo, Exp), Rational.FromDyadic(Hi, Exp));

        /// <summary>
        /// True when the interval excludes 0, its relative width is below 2^-200, and it contains no double
        /// (so the true value, which is not a double, cannot be confused with a neighbouring double).
        /// </summary>
        public bool IsTightAndIsolated()
        {
            BigInteger lo = Lo, hi = Hi;
            if (lo.Sign != hi.Sign || lo.IsZero)
            {
                return false;
            }

            if (lo.Sign < 0)
            {
                (lo, hi) = (-hi, -lo);
            }

            int bl = BitLen(lo);
            if (BitLen(hi - lo) + 200 >= bl)
            {
                return false;
            }

            // Doubles in [2^e, 2^(e+1)) are the multiples of 2^max(e-52, -1074); none are >= 2^1024.
            // The grid of the smaller endpoint is at least as fine as any grid up to hi.
            long e = bl - 1L + Exp;
            if (e >= 1024)
            {
                return true;
            }

            long sh = Math.Max(e - 52, -1074) - Exp;
            if (sh <= 0)
            {
                return false;
            }

            int s = (int)sh;
            return (lo >> s) == (hi >> s) && BigInteger.TrailingZeroCount(lo) < s;
        }
    }

    /// <summary>Lazily grown constant c, stored as floor-ish c 2^P with error &lt;= 2 ulps.</summary>
    private sealed class ConstantCache(Func<int, BigInteger> compute)
    {
        private readonly Lock _gate = new();
        private volatile Entry? _entry;

        /// <summary>c 2^p with error &lt;= 2 ulps: floor(V/2^d) has error &lt;= 2/2^d + 1 &lt;= 2 for d &gt;= 1 (and 2 for d = 0).</summary>
        public BigInteger Get(int p)
        {
            Entry? e = _entry;
            if (e is null || e.Precision < p)
            {
                e = Grow(p);
            }

            return e.Value >> (e.Precision - p);
        }

        private Entry Grow(int p)
        {
            lock (_gate)
            {
                Entry? e = _entry;
                if (e is not null && e.Precision >= p)
                {
                    return e;
                }

                int target = Math.Max(p + 64, e is null ? 1024 : 2 * e.Precision);
                target = (target + 255) & ~255;
                e = new Entry(target, compute(target));
                _entry = e;
                return e;
            }
        }

        private sealed record Entry(int Precision, BigInteger Value);
    }
}
