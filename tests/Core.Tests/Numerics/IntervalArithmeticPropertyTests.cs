using Certus.Core.Numerics;
using Certus.Core.Tests.Reference;
using FsCheck.Xunit;

namespace Certus.Core.Tests.Numerics;

/// <summary>
/// The containment law of interval arithmetic for + − × ÷, sqr and integer powers, checked against exact rational
/// arithmetic: for every pair of members, the exact result lies in the computed interval.
/// 10^5 seeded cases per law, each with several members per operand.
/// </summary>
public sealed class IntervalArithmeticPropertyTests
{
    internal const int Cases = 100_000;

    internal static bool Encloses(Interval r, Rational exact) =>
        !r.IsEmpty
        && (double.IsNegativeInfinity(r.Lo) || Rational.FromDouble(r.Lo) <= exact)
        && (double.IsPositiveInfinity(r.Hi) || exact <= Rational.FromDouble(r.Hi));

    private static bool ForAllPairs(OperandPair p, Func<Interval, Interval, Interval> op, Func<Rational, Rational, Rational?> exact)
    {
        Interval r = op(p.X.Interval, p.Y.Interval);
        foreach (double a in p.X.Members)
        {
            foreach (double b in p.Y.Members)
            {
                Rational? e = exact(Rational.FromDouble(a), Rational.FromDouble(b));
                if (e is { } value && !Encloses(r, value))
                {
                    Assert.Fail($"{p.X.Interval} op {p.Y.Interval} = {r} misses the exact result for members {a:R} and {b:R}.");
                }
            }
        }

        return true;
    }

    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = Cases, Replay = "(8417341731254,4231)")]
    public bool Add_ContainsEverySumOfMembers(OperandPair p) => ForAllPairs(p, (x, y) => x + y, (a, b) => a + b);

    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = Cases, Replay = "(12377719,991)")]
    public bool Sub_ContainsEveryDifferenceOfMembers(OperandPair p) => ForAllPairs(p, (x, y) => x - y, (a, b) => a - b);

    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = Cases, Replay = "(55512341,7)")]
    public bool Mul_ContainsEveryProductOfMembers(OperandPair p) => ForAllPairs(p, (x, y) => x * y, (a, b) => a * b);

    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = Cases, Replay = "(90909091,333)")]
    public bool Div_ContainsEveryQuotientOfMembers(OperandPair p) =>
        ForAllPairs(p, (x, y) => x / y, (a, b) => b.Sign == 0 ? null : a / b);

    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = Cases, Replay = "(31415926,27)")]
    public bool Sqr_ContainsEverySquareOfMembers(IntervalWithMembers x)
    {
        Interval r = Interval.Sqr(x.Interval);
        return x.Members.All(a => Encloses(r, Rational.FromDouble(a) * Rational.FromDouble(a)));
    }

    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = Cases, Replay = "(27182818,45)")]
    public bool Pow_ContainsEveryIntegerPowerOfMembers(IntervalWithMembers x, byte exponentSeed)
    {
        int n = (exponentSeed % 15) - 5; // -5 .. 9
        Interval r = Interval.Pow(x.Interval, n);
        foreach (double a in x.Members)
        {
            if (a == 0 && n < 0)
            {
                continue;
            }

            Rational exact = Rational.One;
            Rational q = Rational.FromDouble(a);
            for (int i = 0; i < Math.Abs(n); i++)
            {
                exact *= q;
            }

            if (n < 0)
            {
                exact = Rational.One / exact;
            }

            if (!Encloses(r, exact))
            {
                Assert.Fail($"Pow({x.Interval}, {n}) = {r} misses {a:R}^{n}.");
            }
        }

        return true;
    }

    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = Cases, Replay = "(1618033,99)")]
    public bool Sqrt_ContainsEveryRootOfMembers(IntervalWithMembers x)
    {
        Interval r = Interval.Sqrt(x.Interval);
        foreach (double a in x.Members.Where(m => m >= 0))
        {
            // s = sqrt(a) is inside [lo, hi] iff lo^2 <= a <= hi^2 (for lo, hi >= 0).
            Rational qa = Rational.FromDouble(a);
            Rational lo = Rational.FromDouble(r.Lo), hi = double.IsPositiveInfinity(r.Hi) ? qa + Rational.One : Rational.FromDouble(r.Hi);
            if (r.IsEmpty || r.Lo < 0 || lo * lo > qa || (!double.IsPositiveInfinity(r.Hi) && hi * hi < qa))
            {
                Assert.Fail($"Sqrt({x.Interval}) = {r} misses sqrt({a:R}).");
            }
        }

        return true;
    }

    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = 20_000, Replay = "(4242,4243)")]
    public bool AbsMinMaxHull_ContainMemberResults(OperandPair p)
    {
        Interval abs = Interval.Abs(p.X.Interval);
        Interval min = Interval.Min(p.X.Interval, p.Y.Interval);
        Interval max = Interval.Max(p.X.Interval, p.Y.Interval);
        Interval hull = Interval.Hull(p.X.Interval, p.Y.Interval);
        foreach (double a in p.X.Members)
        {
            Assert.True(abs.Contains(Math.Abs(a)), $"Abs({p.X.Interval}) = {abs} misses |{a:R}|");
            Assert.True(hull.Contains(a));
            foreach (double b in p.Y.Members)
            {
                Assert.True(min.Contains(Math.Min(a, b)), $"Min = {min} misses min({a:R}, {b:R})");
                Assert.True(max.Contains(Math.Max(a, b)), $"Max = {max} misses max({a:R}, {b:R})");
                Assert.True(hull.Contains(b));
            }
        }

        return true;
    }
}
