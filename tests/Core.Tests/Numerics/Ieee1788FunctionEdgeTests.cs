using Certus.Core.Numerics;

namespace Certus.Core.Tests.Numerics;

/// <summary>Domains (set semantics), special values and reverse operations of the IEEE 1788 functions.</summary>
public sealed class Ieee1788FunctionEdgeTests
{
    private const double Inf = double.PositiveInfinity;
    private static readonly Interval Empty = Interval.Empty;
    private static readonly Interval Entire = Interval.Entire;
    private static readonly double HalfPiLo = 1.5707963267948966, HalfPiHi = Math.BitIncrement(1.5707963267948966);
    private static readonly double PiLo = Math.PI, PiHi = Math.BitIncrement(Math.PI);

    private static Interval I(double lo, double hi) => new(lo, hi);

    private static void Near(Interval expected, Interval actual, int ulps = 4)
    {
        Assert.False(actual.IsEmpty, $"expected {expected}, got the empty set");
        Assert.True(actual.Contains(expected) || ContainsAllButTheSigns(actual, expected), $"{actual} does not contain {expected}");
        Assert.True(Within(actual.Lo, expected.Lo, ulps) && Within(actual.Hi, expected.Hi, ulps), $"{actual} is not within {ulps} ulps of {expected}");
    }

    private static bool ContainsAllButTheSigns(Interval a, Interval e) => a.Lo <= e.Lo && e.Hi <= a.Hi;

    private static bool Within(double a, double b, int ulps)
    {
        if (a == b)
        {
            return true;
        }

        for (int i = 0; i < ulps; i++)
        {
            a = a < b ? Math.BitIncrement(a) : Math.BitDecrement(a);
            if (a == b)
            {
                return true;
            }
        }

        return false;
    }

    [Fact]
    public void Empty_PropagatesThroughTheNewFunctions()
    {
        Interval x = I(1, 2);
        Interval[] results =
        [
            Interval.Asin(Empty), Interval.Acos(Empty), Interval.Sinh(Empty), Interval.Cosh(Empty), Interval.Exp2(Empty),
            Interval.Exp10(Empty), Interval.Log2(Empty), Interval.Log10(Empty), Interval.Rootn(Empty, 3), Interval.Cbrt(Empty),
            Interval.Hypot(Empty, x), Interval.Hypot(x, Empty), Interval.Atan2(Empty, x), Interval.Atan2(x, Empty),
            Interval.SqrRev(Empty, x), Interval.AbsRev(x, Empty), Interval.PownRev(Empty, x, 3), Interval.SinRev(x, Empty),
            Interval.CosRev(Empty, x), Interval.TanRev(Empty, x), Interval.MulRevToPair(Empty, x).First, Interval.MulRev(x, x, Empty),
        ];
        Assert.All(results, r => Assert.True(r.IsEmpty));
    }

    [Fact]
    public void SignedZeros_AreTheSameMemberAsZero()
    {
        Interval nz = I(-0.0, -0.0);
        Assert.Equal(Interval.Zero, Interval.Asin(nz));
        Assert.Equal(Interval.Zero, Interval.Sinh(nz));
        Assert.Equal(Interval.One, Interval.Cosh(nz));
        Assert.Equal(Interval.Zero, Interval.Cbrt(nz));
        Assert.Equal(Interval.One, Interval.Exp2(nz));
        Assert.Equal(Interval.One, Interval.Exp10(nz));
        Assert.Equal(I(double.NegativeInfinity, 0), Interval.Log2(I(-0.0, 1)));
        Assert.Equal(I(0, 2), Interval.Rootn(I(-0.0, 4), 2));
        Assert.True(Interval.Rootn(nz, -2).IsEmpty);
        Assert.Equal(Interval.Zero, Interval.Hypot(nz, nz));
        Assert.Equal(Interval.Zero, Interval.Atan2(nz, I(1, 2)));
        Assert.Equal(Interval.Pi, Interval.Atan2(I(-0.0, 0), I(-2, -1)));
        Assert.True(Interval.Atan2(nz, nz).IsEmpty);
        Assert.Equal(Interval.Zero, Interval.Pow(nz, Interval.Point(2.5)));
        Assert.Equal(Interval.Zero, Interval.SqrRev(nz));
        Assert.True((I(1, 2) / I(-0.0, 0)).IsEmpty);
    }

    [Fact]
    public void AsinAcos_UseTheDomainMinusOneToOne()
    {
        Assert.True(Interval.Asin(I(1.5, 3)).IsEmpty);
        Assert.True(Interval.Acos(I(-3, -1.5)).IsEmpty);
        Assert.Equal(Interval.Zero, Interval.Asin(Interval.Zero));
        Assert.Equal(Interval.Zero, Interval.Acos(Interval.One));
        Near(I(-HalfPiHi, HalfPiHi), Interval.Asin(Entire), 1);
        Near(I(0, PiHi), Interval.Acos(Entire), 1);
        Near(I(HalfPiLo, HalfPiHi), Interval.Asin(I(1, 5)), 1);
        Near(I(PiLo, PiHi), Interval.Acos(I(-7, -1)), 1);
        Near(I(0.52359877559829882, 0.52359877559829893), Interval.Asin(Interval.Point(0.5)));
        Near(I(1.0471975511965976, 1.0471975511965979), Interval.Acos(Interval.Point(0.5)));
        // acos near 1 keeps its relative accuracy (no cancellation against π/2).
        Interval tiny = Interval.Acos(Interval.Point(Math.BitDecrement(1.0)));
        Assert.True(tiny.Lo > 1.4901161193847654e-08 * 0.999999 && tiny.Hi < 1.4901161193847656e-08 * 1.000001, tiny.ToString());
    }

    [Fact]
    public void Hyperbolic_SpecialValues()
    {
        Assert.Equal(Interval.Zero, Interval.Sinh(Interval.Zero));
        Assert.Equal(Interval.One, Interval.Cosh(Interval.Zero));
        Assert.Equal(Entire, Interval.Sinh(Entire));
        Assert.Equal(I(1, Inf), Interval.Cosh(Entire));
        Assert.Equal(1, Interval.Cosh(I(-2, 3)).Lo);
        Assert.True(double.IsPositiveInfinity(Interval.Sinh(Interval.Point(711)).Hi));
        Assert.True(Interval.Sinh(Interval.Point(710)).IsBounded);
        Assert.True(Interval.Cosh(Interval.Point(710)).IsBounded);
        Near(I(1.1752011936438014, 1.1752011936438014), Interval.Sinh(Interval.One));
        Near(I(1.5430806348152437, 1.5430806348152437), Interval.Cosh(Interval.One));
        Interval small = Interval.Sinh(Interval.Point(1e-300));
        Assert.True(small.Contains(1e-300) && small.Width < 1e-314);
    }

    [Fact]
    public void ExpAndLogInOtherBases_AreExactWhereTheValueIsADouble()
    {
        Assert.Equal(Interval.Point(1024), Interval.Exp2(Interval.Point(10)));
        Assert.Equal(Interval.Point(double.Epsilon), Interval.Exp2(Interval.Point(-1074)));
        Assert.Equal(Interval.Point(0.125), Interval.Exp2(Interval.Point(-3)));
        Assert.Equal(Interval.Point(1e22), Interval.Exp10(Interval.Point(22)));
        Assert.Equal(Interval.Parse("0.001"), Interval.Exp10(Interval.Point(-3)));
        Assert.Equal(I(0, Inf), Interval.Exp2(Entire));
        Assert.Equal(I(double.MaxValue, Inf), Interval.Exp2(Interval.Point(1024)));
        Assert.Equal(Interval.Point(-1074), Interval.Log2(Interval.Point(double.Epsilon)));
        Assert.Equal(Interval.Point(3), Interval.Log2(Interval.Point(8)));
        Assert.Equal(Interval.Point(22), Interval.Log10(Interval.Point(1e22)));
        Assert.Equal(I(double.NegativeInfinity, 2), Interval.Log10(I(-5, 100)));
        Assert.True(Interval.Log2(I(-2, 0)).IsEmpty);
        Assert.Equal(Entire, Interval.Log2(I(0, Inf)));
        Near(I(0.3010299956639812, 0.3010299956639812), Interval.Log10(Interval.Point(2)));
        Near(I(1.4142135623730951, 1.4142135623730951), Interval.Exp2(Interval.Point(0.5)));
    }

    [Fact]
    public void Rootn_FollowsTheStandard()
    {
        Assert.Equal(Interval.Point(-2), Interval.Rootn(Interval.Point(-8), 3));
        Assert.Equal(I(-2, 3), Interval.Cbrt(I(-8, 27)));
        Assert.Equal(I(0, 2), Interval.Rootn(I(-16, 16), 4));
        Assert.True(Interval.Rootn(I(-16, -1), 4).IsEmpty);
        Assert.True(Interval.Rootn(I(1, 2), 0).IsEmpty);
        Assert.Equal(I(0.5, Inf), Interval.Rootn(I(0, 4), -2));
        Assert.Equal(Entire, Interval.Rootn(I(-1, 8), -3));
        Assert.Equal(Interval.Point(0.5), Interval.Rootn(Interval.Point(8), -3));
        Assert.True(Interval.Rootn(Interval.Zero, -3).IsEmpty);
        Assert.Equal(I(double.NegativeInfinity, Inf), Interval.Cbrt(Entire));
        Assert.Equal(Interval.Point(Math.ScaleB(1, -358)), Interval.Cbrt(Interval.Point(double.Epsilon * Math.ScaleB(1, 0))));
        Near(I(1.2599210498948732, 1.2599210498948732), Interval.Cbrt(Interval.Point(2)), 2);
        Near(I(1.0717734625362931, 1.0717734625362931), Interval.Rootn(Interval.Point(2), 10), 2);
        Near(I(1.0069555500567189, 1.0069555500567189), Interval.Rootn(Interval.Point(2), 100), 8);
    }

    [Fact]
    public void Hypot_IsTightAndDoesNotOverflow()
    {
        Assert.Equal(Interval.Point(5), Interval.Hypot(Interval.Point(3), Interval.Point(-4)));
        Assert.Equal(Interval.Point(5e200), Interval.Hypot(Interval.Point(3e200), Interval.Point(4e200)) is { } h && h.Contains(5e200) && h.Width < 1e186 ? Interval.Point(5e200) : h);
        Interval t = Interval.Hypot(Interval.Point(3e-200), Interval.Point(4e-200));
        Assert.True(t.Contains(5e-200) || (t.Lo <= 5e-200 * 1.0000000000001 && t.Hi >= 5e-200 * 0.9999999999999));
        Assert.Equal(I(0, 5), Interval.Hypot(I(-3, 3), I(-4, 4)));
        // Found by 10^5 containment cases: subnormal magnitudes once overflowed the scale factor 2^1074.
        Interval sub = Interval.Hypot(Interval.Point(double.Epsilon), Interval.Point(-3 * double.Epsilon));
        Assert.True(sub.Lo <= 3 * double.Epsilon && sub.Hi >= 4 * double.Epsilon && sub.Hi <= 8 * double.Epsilon, sub.ToString());
        Assert.Equal(I(0, Inf), Interval.Hypot(Entire, Interval.Zero));
    }

    public static TheoryData<double, double, double, double, double, double> Atan2Table() => new()
    {
        // y, x, expected hull (lo, hi) with π/2 = H, π = P; NaN: the empty set.
        { 0, 0, 0, 0, double.NaN, double.NaN },
        { 0, 1, 0, 1, 0, 1.5707963267948966 },
        { 0, 1, -1, 0, 1.5707963267948966, Math.PI },
        { -1, 0, -1, 0, -Math.PI, Math.PI },
        { -1, 1, -1, 0, -Math.PI, Math.PI },
        { -1, 1, 0, 1, -1.5707963267948966, 1.5707963267948966 },
        { 0, 1, -1, 1, 0, Math.PI },
        { -1, 0, -1, 1, -Math.PI, Math.PI },
        { -1, 0, 0, 1, -1.5707963267948966, 0 },
        { 0, 0, -2, -1, Math.PI, Math.PI },
        { 0, 0, 1, 2, 0, 0 },
        { 0, 0, -1, 1, 0, Math.PI },
        { 1, 2, 0, 0, 1.5707963267948966, 1.5707963267948966 },
        { -2, -1, 0, 0, -1.5707963267948966, -1.5707963267948966 },
        { -1, 1, 0, 0, -1.5707963267948966, 1.5707963267948966 },
        { -1, 1, -2, -1, -Math.PI, Math.PI },
        { 0, 1, -2, -1, 2.3561944901923448, Math.PI },
        { -1, 0, -2, -1, -Math.PI, Math.PI },
        { 1, 1, 1, 1, 0.78539816339744828, 0.78539816339744839 },
        { -1, -1, -1, -1, -2.3561944901923453, -2.3561944901923448 },
        { 1, Inf, 1, Inf, 0, 1.5707963267948966 },
        { double.NegativeInfinity, -1, double.NegativeInfinity, -1, -Math.PI, -1.5707963267948966 },
    };

    [Theory]
    [MemberData(nameof(Atan2Table))]
    public void Atan2_FollowsTheStandardsCases(double yl, double yh, double xl, double xh, double lo, double hi)
    {
        Interval r = Interval.Atan2(I(yl, yh), I(xl, xh));
        if (double.IsNaN(lo))
        {
            Assert.True(r.IsEmpty);
            return;
        }

        // Endpoints that are multiples of π/2 come out as the double enclosure of that multiple.
        Near(I(lo, hi), r, 3);
    }

    [Fact]
    public void ReverseSquareAndAbs_FollowTheStandard()
    {
        Assert.Equal(I(-2, 2), Interval.SqrRev(I(1, 4)));
        Assert.Equal(I(1, 2), Interval.SqrRev(I(1, 4), I(0, 5)));
        Assert.Equal(I(-2, -1), Interval.SqrRev(I(1, 4), I(-5, 0.5)));
        Assert.True(Interval.SqrRev(I(-4, -1)).IsEmpty);
        Assert.True(Interval.SqrRev(I(1, 4), I(-0.5, 0.5)).IsEmpty);
        Assert.Equal(I(-3, 3), Interval.AbsRev(I(-1, 3)));
        Assert.Equal(I(1, 3), Interval.AbsRev(I(1, 3), I(0, 10)));
        Assert.True(Interval.AbsRev(I(-3, -1)).IsEmpty);
        Interval s = Interval.SqrRev(Interval.Point(2));
        Assert.True(s.Contains(1.4142135623730951) && s.Contains(-1.4142135623730951) && s.Hi < 1.4142135623730954);
    }

    [Fact]
    public void PownRev_FollowsTheStandard()
    {
        Assert.Equal(I(-2, 3), Interval.PownRev(I(-8, 27), 3));
        Assert.Equal(I(-2, 2), Interval.PownRev(I(1, 16), 4));
        Assert.Equal(I(1, 2), Interval.PownRev(I(1, 16), I(0, 9), 4));
        Assert.Equal(I(0.5, 1), Interval.PownRev(I(1, 4), I(0, 9), -2));
        Assert.Equal(I(-1, -0.5), Interval.PownRev(I(-2, -1), -1));
        Assert.Equal(I(-5, 5), Interval.PownRev(I(0.5, 1.5), I(-5, 5), 0));
        Assert.True(Interval.PownRev(I(2, 3), I(-5, 5), 0).IsEmpty);
        Assert.True(Interval.PownRev(I(-4, -1), 2).IsEmpty);
    }

    [Fact]
    public void MulRevToPair_FollowsTheStandard()
    {
        Assert.Equal((I(double.NegativeInfinity, -1), I(0.5, Inf)), Interval.MulRevToPair(I(-1, 2), I(1, 3)));
        Assert.Equal((I(double.NegativeInfinity, -0.5), I(1, Inf)), Interval.MulRevToPair(I(-1, 2), I(-3, -1)));
        Assert.Equal((Entire, Empty), Interval.MulRevToPair(I(-1, 2), I(-3, 1)));
        Assert.Equal((Entire, Empty), Interval.MulRevToPair(Interval.Zero, Interval.Zero));
        Assert.Equal((Entire, Empty), Interval.MulRevToPair(I(0, 3), I(0, 30)));
        Assert.True(Interval.MulRevToPair(Interval.Zero, I(1, 2)).First.IsEmpty);
        Assert.Equal((I(0.5, 3), Empty), Interval.MulRevToPair(I(1, 2), I(1, 3)));
        Assert.Equal((I(1, Inf), Empty), Interval.MulRevToPair(I(0, 1), I(1, 2)));
        Assert.Equal(I(-10, 3), Interval.MulRev(I(-1, 2), I(1, 3), I(-10, 3)));
        Assert.Equal(I(0.5, 3), Interval.MulRev(I(-1, 2), I(1, 3), I(-0.9, 3)));
    }

    [Fact]
    public void TrigReverse_FindsTheBranchesInsideX()
    {
        // sin a ∈ [0.5, 1] for a ∈ [0, 7]: a ∈ [π/6, 5π/6] ∪ [2π + π/6, 7].
        Interval s = Interval.SinRev(I(0.5, 1), I(0, 7));
        Assert.True(Within(s.Lo, 0.52359877559829882, 4) && s.Hi == 7, s.ToString());
        Interval s2 = Interval.SinRev(I(0.5, 1), I(0, 3));
        Assert.True(Within(s2.Lo, 0.52359877559829882, 4) && Within(s2.Hi, 2.6179938779914944, 4), s2.ToString());
        Assert.True(Interval.SinRev(I(2, 3), I(0, 7)).IsEmpty);
        Assert.True(Interval.SinRev(I(0.5, 1), I(3, 3.5)).IsEmpty);
        Assert.Equal(I(-1, 1), Interval.SinRev(I(-1, 1), I(-1, 1)));
        Interval c = Interval.CosRev(I(-1, 0), I(-1, 10));
        Assert.True(Within(c.Lo, 1.5707963267948966, 4) && c.Hi == 10, c.ToString());
        Interval c2 = Interval.CosRev(I(-1, 0), I(-1, 7));
        Assert.True(Within(c2.Hi, 4.7123889803846897, 6), c2.ToString());
        Interval t = Interval.TanRev(I(-1, 1), I(0.5, 4));
        Assert.True(t.Lo == 0.5 && Within(t.Hi, 3.9269908169872414, 6), t.ToString());
        Interval t2 = Interval.TanRev(I(1, 1), I(-4, 4));
        Assert.True(Within(t2.Lo, -2.3561944901923448, 6) && Within(t2.Hi, 3.9269908169872414, 6), t2.ToString());
        Assert.Equal(Entire, Interval.SinRev(I(0, 0.5), Entire));
    }

    [Fact]
    public void Reverse_ContainsEveryMemberThatMapsIntoC()
    {
        var rng = new Random(1788);
        for (int i = 0; i < 2000; i++)
        {
            double lo = (rng.NextDouble() - 0.5) * 40, hi = lo + (rng.NextDouble() * 10);
            Interval x = I(lo, hi);
            double a = lo + ((hi - lo) * rng.NextDouble());
            Interval p = Interval.Point(a);
            Interval pad = I(-rng.NextDouble(), rng.NextDouble());
            Assert.True(Interval.SqrRev(Interval.Sqr(p) + pad, x).Contains(a));
            Assert.True(Interval.AbsRev(Interval.Abs(p) + pad, x).Contains(a));
            Assert.True(Interval.SinRev(Interval.Sin(p) + (pad * 0.1), x).Contains(a));
            Assert.True(Interval.CosRev(Interval.Cos(p) + (pad * 0.1), x).Contains(a));
            Assert.True(Interval.TanRev(Interval.Tan(p) + pad, x).Contains(a));
            int n = rng.Next(-5, 6);
            if (n != 0 && a != 0)
            {
                Assert.True(Interval.PownRev(Interval.Pown(p, n), x, n).Contains(a), $"pownRev {a} {n}");
            }

            double b = (rng.NextDouble() - 0.5) * 8;
            Interval bi = I(b - rng.NextDouble(), b + rng.NextDouble());
            (Interval f, Interval s) = Interval.MulRevToPair(bi, p * Interval.Point(b));
            Assert.True(f.Contains(a) || s.Contains(a), $"mulRevToPair {a} {b}");
        }
    }
}
