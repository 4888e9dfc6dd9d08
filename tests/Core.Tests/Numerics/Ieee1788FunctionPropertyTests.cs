using Certus.Core.Tests.Reference;
using FsCheck;
using FsCheck.Fluent;
using Interval = Certus.Core.Numerics.Interval;

namespace Certus.Core.Tests.Numerics;

/// <summary>
/// The functions added for IEEE 1788 against the 200-bit reference: every sampled member's true value lies in the
/// computed enclosure. Where the reference has no direct kernel the check is exact through an inverse (asin via
/// sin at the bounds, roots via powers of the bounds, atan2 via tan of the bounds) or through exact rational
/// combinations of reference values (sinh, cosh, log2, log10). Case count: <see cref="ContainmentPropertyAttribute"/>.
/// </summary>
public sealed class Ieee1788FunctionPropertyTests
{
    private static readonly Enclosure HalfPi = new(HighPrecision.Atan(1).Lo * 2, HighPrecision.Atan(1).Hi * 2);
    private static readonly Enclosure PiRef = new(HighPrecision.Atan(1).Lo * 4, HighPrecision.Atan(1).Hi * 4);
    private static readonly Enclosure Ln2 = HighPrecision.Log(2);
    private static readonly Enclosure Ln10 = HighPrecision.Log(10);

    public static class Arbitraries
    {
        private static Gen<double> Mixed(double scale, int minExp, int maxExp) => Gen.Frequency(
            (4, Numerics.Arbitraries.UniformIn(-scale, scale)),
            (2, Numerics.Arbitraries.WideDouble(minExp, maxExp)),
            (1, Gen.Elements(0.0, -0.0, 1.0, -1.0, double.Epsilon, 0.5, 2.0, 8.0, 10.0, 1000.0, 0.001)));

        private static Gen<IntervalWithMembers> Over(Gen<double> endpoint, int unboundedPercent = 0) =>
            Numerics.Arbitraries.IntervalsOver(endpoint, unboundedPercent);

        public static Arbitrary<UnitArg> UnitArgs() =>
            Over(Gen.Frequency(
                (4, Numerics.Arbitraries.UniformIn(-1.2, 1.2)),
                (2, Numerics.Arbitraries.UniformIn(0.999, 1.0)),
                (2, Numerics.Arbitraries.WideDouble(-1074, -1)),
                (1, Gen.Elements(1.0, -1.0, 0.0, Math.BitDecrement(1.0), -Math.BitDecrement(1.0)))))
            .Select(i => new UnitArg(i)).ToArbitrary();

        public static Arbitrary<HypArg> HypArgs() => Over(Mixed(30, -1074, 9).Where(x => Math.Abs(x) <= 800), 5).Select(i => new HypArg(i)).ToArbitrary();

        public static Arbitrary<PowerArg> PowerArgs() =>
            Over(Gen.Frequency(
                (4, Numerics.Arbitraries.UniformIn(-60, 60)),
                (2, Numerics.Arbitraries.WideDouble(-1074, 10).Where(x => Math.Abs(x) <= 1100)),
                (1, Gen.Choose(-320, 320).Select(k => (double)k))), 5)
            .Select(i => new PowerArg(i)).ToArbitrary();

        public static Arbitrary<PositiveArg> PositiveArgs() =>
            Over(Gen.Frequency(
                (3, Numerics.Arbitraries.UniformIn(0, 10)),
                (3, Numerics.Arbitraries.UniformIn(0.5, 2)),
                (3, Numerics.Arbitraries.WideDouble(-1074, 1023).Select(Math.Abs)),
                (1, Gen.Elements(double.Epsilon, 1.0, double.MaxValue, 2.0, 1024.0, 0.125, 10.0, 1e22, 1000.0))))
            .Select(i => new PositiveArg(i)).ToArbitrary();

        public static Arbitrary<RootArg> RootArgs() =>
            (from x in Over(Gen.Frequency(
                 (3, Numerics.Arbitraries.UniformIn(-100, 100)),
                 (3, Numerics.Arbitraries.WideDouble(-1074, 1023)),
                 (1, Gen.Elements(8.0, -8.0, 27.0, 0.0, 1.0, 1024.0, double.MaxValue, double.Epsilon))), 5)
             from n in Gen.Elements(1, 2, 3, 4, 5, 7, 10, 31, 64, 65, 100, -1, -2, -3, -5)
             select new RootArg(x, n)).ToArbitrary();

        public static Arbitrary<PlanePair> PlanePairs() =>
            (from y in Over(Mixed(10, -1074, 1023), 5)
             from x in Over(Mixed(10, -1074, 1023), 5)
             select new PlanePair(y, x)).ToArbitrary();
    }

    public sealed record UnitArg(IntervalWithMembers X);

    public sealed record HypArg(IntervalWithMembers X);

    public sealed record PowerArg(IntervalWithMembers X);

    public sealed record PositiveArg(IntervalWithMembers X);

    public sealed record RootArg(IntervalWithMembers X, int N);

    public sealed record PlanePair(IntervalWithMembers Y, IntervalWithMembers X);

    private static Rational R(double d) => Rational.FromDouble(d);

    // The bounds of r hold the exact value described by the two predicates (lowerOk(lo): lo ≤ f(a); upperOk(hi): f(a) ≤ hi).
    private static bool Holds(Interval r, Func<double, bool> lowerOk, Func<double, bool> upperOk, string what)
    {
        bool ok = !r.IsEmpty && (double.IsNegativeInfinity(r.Lo) || lowerOk(r.Lo)) && (double.IsPositiveInfinity(r.Hi) || upperOk(r.Hi));
        if (!ok)
        {
            Assert.Fail($"{what}: the enclosure {r} misses the true value.");
        }

        return true;
    }

    private static bool Encloses(Interval r, Enclosure exact, string what) =>
        Holds(r, lo => R(lo) <= exact.Lo, hi => exact.Hi <= R(hi), what);

    private static Enclosure Sub(Enclosure a, Enclosure b) => new(a.Lo - b.Hi, a.Hi - b.Lo);

    private static Enclosure Add(Enclosure a, Enclosure b) => new(a.Lo + b.Lo, a.Hi + b.Hi);

    private static Enclosure Half(Enclosure a) => new(a.Lo / 2, a.Hi / 2);

    // a / b for an enclosure b of a positive number.
    private static Enclosure DivPositive(Enclosure a, Enclosure b) =>
        new(a.Lo.Sign >= 0 ? a.Lo / b.Hi : a.Lo / b.Lo, a.Hi.Sign >= 0 ? a.Hi / b.Lo : a.Hi / b.Hi);

    // Bounds of a * e for a double a and an enclosure e.
    private static (Rational Lo, Rational Hi) Scale(double a, Enclosure e) =>
        a >= 0 ? (R(a) * e.Lo, R(a) * e.Hi) : (R(a) * e.Hi, R(a) * e.Lo);

    private static Rational Pow(Rational b, int n)
    {
        Rational r = Rational.One;
        for (int i = 0; i < n; i++)
        {
            r *= b;
        }

        return r;
    }

    [ContainmentProperty(Arbitrary = [typeof(Arbitraries)], Replay = "(211,213)")]
    public bool Asin_ContainsTheTrueValue(UnitArg x)
    {
        Interval r = Interval.Asin(x.X.Interval);
        foreach (double a in x.X.Members.Where(a => Math.Abs(a) <= 1))
        {
            // asin a ≥ lo ⇔ lo ≤ −π/2 or sin lo ≤ a (sin increasing on [−π/2, π/2]); likewise for hi.
            Holds(r, lo => R(lo) <= -HalfPi.Hi || HighPrecision.Sin(lo).Hi <= R(a),
                hi => R(hi) >= HalfPi.Hi || (R(hi) > -HalfPi.Lo && R(a) <= HighPrecision.Sin(hi).Lo), $"asin({a:R}) in {x.X.Interval}");
        }

        return true;
    }

    [ContainmentProperty(Arbitrary = [typeof(Arbitraries)], Replay = "(223,227)")]
    public bool Acos_ContainsTheTrueValue(UnitArg x)
    {
        Interval r = Interval.Acos(x.X.Interval);
        foreach (double a in x.X.Members.Where(a => Math.Abs(a) <= 1))
        {
            // acos is decreasing: acos a ≥ lo ⇔ lo ≤ 0 or cos lo ≥ a.
            Holds(r, lo => lo <= 0 || (R(lo) < PiRef.Lo && HighPrecision.Cos(lo).Lo >= R(a)),
                hi => R(hi) >= PiRef.Hi || (hi >= 0 && HighPrecision.Cos(hi).Hi <= R(a)), $"acos({a:R}) in {x.X.Interval}");
        }

        return true;
    }

    [ContainmentProperty(Arbitrary = [typeof(Arbitraries)], Replay = "(229,233)")]
    public bool Sinh_ContainsTheTrueValue(HypArg x)
    {
        Interval r = Interval.Sinh(x.X.Interval);
        foreach (double a in x.X.Members)
        {
            if (Math.Abs(a) > 800)
            {
                // Beyond the reference's range; |sinh a| exceeds every double there.
                Assert.True(a > 0 ? double.IsPositiveInfinity(r.Hi) : double.IsNegativeInfinity(r.Lo));
                continue;
            }

            // sinh a = (expm1(a) − expm1(−a)) / 2: no cancellation (the two terms have opposite signs).
            Encloses(r, Half(Sub(HighPrecision.Expm1(a), HighPrecision.Expm1(-a))), $"sinh({a:R}) in {x.X.Interval}");
        }

        return true;
    }

    [ContainmentProperty(Arbitrary = [typeof(Arbitraries)], Replay = "(239,241)")]
    public bool Cosh_ContainsTheTrueValue(HypArg x)
    {
        Interval r = Interval.Cosh(x.X.Interval);
        foreach (double a in x.X.Members)
        {
            if (Math.Abs(a) > 800)
            {
                Assert.True(double.IsPositiveInfinity(r.Hi));
                continue;
            }

            // cosh a = 1 + E² / (2 (E + 1)) with E = expm1(|a|) ≥ 0, increasing in E (no cancellation near 0).
            Enclosure e = HighPrecision.Expm1(Math.Abs(a));
            Rational lo = 1 + (e.Lo * e.Lo / (2 * (e.Lo + 1))), hi = 1 + (e.Hi * e.Hi / (2 * (e.Hi + 1)));
            Encloses(r, new Enclosure(lo, hi), $"cosh({a:R}) in {x.X.Interval}");
        }

        return true;
    }

    [ContainmentProperty(Arbitrary = [typeof(Arbitraries)], Replay = "(251,257)")]
    public bool Exp2_ContainsTheTrueValue(PowerArg x) => ExpBase(x, Interval.Exp2, Ln2, 2, "exp2");

    [ContainmentProperty(Arbitrary = [typeof(Arbitraries)], Replay = "(263,269)")]
    public bool Exp10_ContainsTheTrueValue(PowerArg x) => ExpBase(x, Interval.Exp10, Ln10, 10, "exp10");

    // b^a ≥ lo ⇔ lo ≤ 0 or ln lo ≤ a ln b; exact at integer a, where b^a is rational.
    private static bool ExpBase(PowerArg x, Func<Interval, Interval> f, Enclosure lnB, int b, string name)
    {
        Interval r = f(x.X.Interval);
        foreach (double a in x.X.Members)
        {
            if (Math.Floor(a) == a && Math.Abs(a) <= 1100)
            {
                Rational exact = b == 2 ? Rational.Pow2((int)a) : (a >= 0 ? Pow(b, (int)a) : Rational.One / Pow(b, (int)-a));
                Encloses(r, Enclosure.Exact(exact), $"{name}({a:R}) in {x.X.Interval}");
                continue;
            }

            (Rational lo, Rational hi) = Scale(a, lnB);
            Holds(r, l => l <= 0 || HighPrecision.Log(l).Hi <= lo, h => h > 0 && hi <= HighPrecision.Log(h).Lo, $"{name}({a:R}) in {x.X.Interval}");
        }

        return true;
    }

    [ContainmentProperty(Arbitrary = [typeof(Arbitraries)], Replay = "(271,277)")]
    public bool Log2_ContainsTheTrueValue(PositiveArg x) => LogBase(x, Interval.Log2, Ln2, 2, "log2");

    [ContainmentProperty(Arbitrary = [typeof(Arbitraries)], Replay = "(281,283)")]
    public bool Log10_ContainsTheTrueValue(PositiveArg x) => LogBase(x, Interval.Log10, Ln10, 10, "log10");

    private static bool LogBase(PositiveArg x, Func<Interval, Interval> f, Enclosure lnB, int b, string name)
    {
        Interval r = f(x.X.Interval);
        foreach (double a in x.X.Members.Where(a => a > 0))
        {
            // Rational logarithms (a = b^k) are checked exactly; otherwise log_b a = ln a / ln b.
            int k = ExactPower(a, b);
            Enclosure exact = k != int.MinValue ? Enclosure.Exact(k) : DivPositive(HighPrecision.Log(a), lnB);
            Encloses(r, exact, $"{name}({a:R}) in {x.X.Interval}");
        }

        return true;
    }

    // k with a = b^k exactly (b = 2 or 10), or int.MinValue.
    private static int ExactPower(double a, int b)
    {
        if (b == 2)
        {
            int e = Math.ILogB(a);
            return Math.ScaleB(1.0, e) == a ? e : int.MinValue;
        }

        // Among the doubles only 10^0 .. 10^22 are powers of ten.
        double p = 1;
        for (int k = 0; k <= 22; k++, p *= 10)
        {
            if (p == a)
            {
                return k;
            }
        }

        return int.MinValue;
    }

    [ContainmentProperty(Arbitrary = [typeof(Arbitraries)], Replay = "(293,307)")]
    public bool Rootn_ContainsTheTrueValue(RootArg x)
    {
        int n = x.N;
        Interval r = Interval.Rootn(x.X.Interval, n);
        bool odd = (n & 1) != 0;
        foreach (double a in x.X.Members)
        {
            if ((!odd && a < 0) || (n < 0 && a == 0))
            {
                continue;
            }

            Rational ra = R(a);
            string what = $"rootn({a:R}, {n}) in {x.X.Interval}";
            if (n > 0)
            {
                // x ↦ xⁿ is increasing (on the reals for odd n, on [0, ∞) for even n).
                Holds(r, lo => (!odd && lo <= 0) || Pow(R(lo), n) <= ra, hi => (odd || hi >= 0) && ra <= Pow(R(hi), n), what);
            }
            else if (a > 0)
            {
                // a^(1/n) = 1 / a^(1/|n|) > 0: lo ≤ it ⇔ lo ≤ 0 or lo^|n| · a ≤ 1.
                Holds(r, lo => lo <= 0 || Pow(R(lo), -n) * ra <= 1, hi => hi > 0 && Pow(R(hi), -n) * ra >= 1, what);
            }
            else
            {
                // Odd negative n, a < 0: the root is −(|a|^(1/n)), a negative number t with t^|n| · a = ... ≥ handled by symmetry.
                Interval mirrored = Interval.Rootn(-x.X.Interval, n);
                Assert.Equal(-mirrored, r);
            }
        }

        return true;
    }

    [ContainmentProperty(Arbitrary = [typeof(Arbitraries)], Replay = "(311,313)")]
    public bool Hypot_ContainsTheTrueValue(PlanePair p)
    {
        Interval r = Interval.Hypot(p.X.Interval, p.Y.Interval);
        foreach (double a in p.X.Members)
        {
            foreach (double b in p.Y.Members)
            {
                Rational s = (R(a) * R(a)) + (R(b) * R(b));
                Holds(r, lo => lo <= 0 || R(lo) * R(lo) <= s, hi => hi >= 0 && s <= R(hi) * R(hi), $"hypot({a:R}, {b:R})");
            }
        }

        return true;
    }

    [ContainmentProperty(Arbitrary = [typeof(Arbitraries)], Replay = "(317,331)")]
    public bool Atan2_ContainsTheTrueValue(PlanePair p)
    {
        Interval r = Interval.Atan2(p.Y.Interval, p.X.Interval);
        foreach (double a in p.X.Members)
        {
            foreach (double b in p.Y.Members)
            {
                if (a == 0 && b == 0)
                {
                    continue;
                }

                CheckAtan2(r, b, a);
            }
        }

        return true;
    }

    // θ = atan2(b, a) in (−π, π]; on the branch of tan that holds θ, tan is increasing and tan θ = b / a.
    private static void CheckAtan2(Interval r, double b, double a)
    {
        string what = $"atan2({b:R}, {a:R})";
        if (a == 0)
        {
            Enclosure t = b > 0 ? HalfPi : new Enclosure(-HalfPi.Hi, -HalfPi.Lo);
            Encloses(r, t, what);
            return;
        }

        Rational q = R(b) / R(a);
        // The branch of θ: (−π/2, π/2) for a > 0, (π/2, π] for a < 0 ≤ b, (−π, −π/2) for a, b < 0.
        Rational branchLo = a > 0 ? -HalfPi.Lo : (b >= 0 ? HalfPi.Lo : -PiRef.Lo);
        Rational branchHi = a > 0 ? HalfPi.Lo : (b >= 0 ? PiRef.Lo : -HalfPi.Lo);
        Holds(r,
            lo => R(lo) <= (a > 0 ? -HalfPi.Hi : (b >= 0 ? HalfPi.Lo : -PiRef.Hi)) || (R(lo) > branchLo && R(lo) < branchHi && HighPrecision.Tan(lo).Hi <= q),
            hi => R(hi) >= (a > 0 ? HalfPi.Hi : (b >= 0 ? PiRef.Hi : -HalfPi.Lo)) || (R(hi) > branchLo && R(hi) < branchHi && HighPrecision.Tan(hi).Lo >= q),
            what);
    }
}
