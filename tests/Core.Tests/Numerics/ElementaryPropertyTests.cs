using Certus.Core.Numerics;
using Certus.Core.Tests.Reference;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Interval = Certus.Core.Numerics.Interval;

namespace Certus.Core.Tests.Numerics;

/// <summary>
/// Elementary functions against a 200-bit reference (tests/Core.Tests/Reference): for every sampled member of the
/// argument interval, the computed enclosure contains the true value. 10^5 seeded cases per function.
/// </summary>
public sealed class ElementaryPropertyTests
{
    private const int Cases = 100_000;

    public static class Arbitraries
    {
        private static Arbitrary<IntervalWithMembers> Over(Gen<double> endpoint) =>
            Numerics.Arbitraries.IntervalsOver(endpoint, 0).ToArbitrary();

        private static Gen<double> Mixed(double scale, int minExp, int maxExp) => Gen.Frequency(
            (4, Numerics.Arbitraries.UniformIn(-scale, scale)),
            (2, Numerics.Arbitraries.WideDouble(minExp, maxExp)),
            (1, Gen.Elements(0.0, -0.0, 1.0, -1.0, double.Epsilon, 0.5, 2.0)));

        public static Arbitrary<ExpArg> ExpArgs() => Over(Mixed(40, -1074, 9).Where(x => Math.Abs(x) <= 800)).Generator.Select(i => new ExpArg(i)).ToArbitrary();

        public static Arbitrary<LogArg> LogArgs() =>
            Over(Gen.Frequency(
                (3, Numerics.Arbitraries.UniformIn(0, 10)),
                (3, Numerics.Arbitraries.UniformIn(0.5, 2)),
                (3, Numerics.Arbitraries.WideDouble(-1074, 1023).Select(Math.Abs)),
                (1, Gen.Elements(double.Epsilon, 1.0, double.MaxValue, 2.0))))
            .Generator.Select(i => new LogArg(i)).ToArbitrary();

        public static Arbitrary<TrigArg> TrigArgs() =>
            Over(Gen.Frequency(
                (4, Numerics.Arbitraries.UniformIn(-10, 10)),
                (2, Numerics.Arbitraries.UniformIn(-1e6, 1e6)),
                (1, Numerics.Arbitraries.WideDouble(-1074, 29)),
                (1, Gen.Choose(-200, 200).Select(k => k * 1.5707963267948966))))
            .Generator.Select(i => new TrigArg(i)).ToArbitrary();

        public static Arbitrary<AnyArg> AnyArgs() => Over(Mixed(30, -1074, 1023)).Generator.Select(i => new AnyArg(i)).ToArbitrary();
    }

    public sealed record ExpArg(IntervalWithMembers X);

    public sealed record LogArg(IntervalWithMembers X);

    public sealed record TrigArg(IntervalWithMembers X);

    public sealed record AnyArg(IntervalWithMembers X);

    private static bool Check(IntervalWithMembers x, Func<Interval, Interval> f, Func<double, Enclosure> reference, string name, Func<double, bool>? defined = null)
    {
        Interval r = f(x.Interval);
        foreach (double a in x.Members)
        {
            if (defined is not null && !defined(a))
            {
                continue;
            }

            Enclosure exact = reference(a);
            bool ok = !r.IsEmpty
                && (double.IsNegativeInfinity(r.Lo) || Rational.FromDouble(r.Lo) <= exact.Lo)
                && (double.IsPositiveInfinity(r.Hi) || exact.Hi <= Rational.FromDouble(r.Hi));
            if (!ok)
            {
                Assert.Fail($"{name}({x.Interval}) = {r} misses {name}({a:R}) = {exact.Lo.ToDoubleApprox():R}.");
            }
        }

        return true;
    }

    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = Cases, Replay = "(101,103)")]
    public bool Exp_ContainsTheTrueValue(ExpArg x) => Check(x.X, Interval.Exp, HighPrecision.Exp, "exp");

    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = Cases, Replay = "(107,109)")]
    public bool Expm1_ContainsTheTrueValue(ExpArg x) => Check(x.X, Interval.Expm1, HighPrecision.Expm1, "expm1");

    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = Cases, Replay = "(113,115)")]
    public bool Log_ContainsTheTrueValue(LogArg x) => Check(x.X, Interval.Log, HighPrecision.Log, "log", a => a > 0);

    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = Cases, Replay = "(127,129)")]
    public bool Sin_ContainsTheTrueValue(TrigArg x) => Check(x.X, Interval.Sin, HighPrecision.Sin, "sin");

    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = Cases, Replay = "(131,133)")]
    public bool Cos_ContainsTheTrueValue(TrigArg x) => Check(x.X, Interval.Cos, HighPrecision.Cos, "cos");

    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = Cases, Replay = "(137,139)")]
    public bool Tan_ContainsTheTrueValue(TrigArg x) => Check(x.X, Interval.Tan, HighPrecision.Tan, "tan");

    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = Cases, Replay = "(139,141)")]
    public bool Atan_ContainsTheTrueValue(AnyArg x) => Check(x.X, Interval.Atan, HighPrecision.Atan, "atan");

    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = Cases, Replay = "(149,151)")]
    public bool Tanh_ContainsTheTrueValue(ExpArg x) => Check(x.X, Interval.Tanh, HighPrecision.Tanh, "tanh");

    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = Cases, Replay = "(151,153)")]
    public bool Sigmoid_ContainsTheTrueValue(ExpArg x) => Check(x.X, Interval.Sigmoid, HighPrecision.Sigmoid, "sigmoid");

    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = 30_000, Replay = "(157,159)")]
    public bool Sqrt_ContainsTheTrueValue(LogArg x) => Check(x.X, Interval.Sqrt, HighPrecision.Sqrt, "sqrt");

    [Property(MaxTest = 30_000, Replay = "(163,165)")]
    public bool PointEnclosures_AreTight(NormalFloat seed)
    {
        double x = Math.IEEERemainder(seed.Get, 20.0);
        static bool Tight(Interval r, double limitUlps)
        {
            double m = Math.Max(Math.Abs(r.Lo), Math.Abs(r.Hi));
            double ulp = Math.BitIncrement(m) - m;
            return r.Hi - r.Lo <= (limitUlps * ulp) + 1e-300;
        }

        bool ok = Tight(Interval.Exp(x), 12) && Tight(Interval.Tanh(x), 12) && Tight(Interval.Sigmoid(x), 12)
            && Tight(Interval.Atan(x), 16) && Tight(Interval.Expm1(x), 12);
        if (x > 0)
        {
            ok &= Tight(Interval.Log(x), 12);
        }

        // Trig values near a zero have absolute, not relative, error.
        Interval s = Interval.Sin(x), c = Interval.Cos(x);
        ok &= s.Width <= 1e-15 && c.Width <= 1e-15;
        return ok;
    }

    [Fact]
    public void Ln2Split_EnclosesLn2()
    {
        Enclosure ln2 = HighPrecision.Log(2);
        Rational hi = Rational.FromDouble(Elementary.Ln2Hi);
        Assert.True(hi + Rational.FromDouble(Elementary.Ln2Lo.Lo) <= ln2.Lo);
        Assert.True(ln2.Hi <= hi + Rational.FromDouble(Elementary.Ln2Lo.Hi));
        Assert.True(Elementary.Ln2.Contains(0.6931471805599453));
        // k * Ln2Hi must be exact for |k| < 2^21: at most 32 significant bits.
        Assert.True(SignificantBits(Elementary.Ln2Hi) <= 32);
    }

    [Fact]
    public void HalfPiSplit_EnclosesHalfPi()
    {
        Enclosure quarter = HighPrecision.Atan(1);
        Rational halfPiLo = quarter.Lo * 2, halfPiHi = quarter.Hi * 2;
        Rational head = Rational.FromDouble(Elementary.PiO2P1) + Rational.FromDouble(Elementary.PiO2P2) + Rational.FromDouble(Elementary.PiO2P3);
        Assert.True(head + Rational.FromDouble(Elementary.PiO2P3t.Lo) <= halfPiLo);
        Assert.True(halfPiHi <= head + Rational.FromDouble(Elementary.PiO2P3t.Hi));
        Assert.True(SignificantBits(Elementary.PiO2P1) <= 33 && SignificantBits(Elementary.PiO2P2) <= 33 && SignificantBits(Elementary.PiO2P3) <= 33);
        Assert.True(Interval.Pi.Contains(Math.PI));
        Assert.True(Rational.FromDouble(Interval.Pi.Lo) <= halfPiLo * 2 && halfPiHi * 2 <= Rational.FromDouble(Interval.Pi.Hi));
        Enclosure e = HighPrecision.Exp(1);
        Assert.True(Rational.FromDouble(Interval.E.Lo) <= e.Lo && e.Hi <= Rational.FromDouble(Interval.E.Hi));
    }

    private static int SignificantBits(double x)
    {
        long mantissa = (BitConverter.DoubleToInt64Bits(x) & ((1L << 52) - 1)) | (1L << 52);
        return 53 - System.Numerics.BitOperations.TrailingZeroCount(mantissa);
    }
}
