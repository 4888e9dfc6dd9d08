using Certus.Core.Numerics;

namespace Certus.Core.Tests.Numerics;

/// <summary>
/// Edge tables of IEEE Std 1788-2015 (set-based flavour): members are reals only, the division table with zero
/// endpoints, the pow and pown domains and sign cases, tan next to its poles.
/// </summary>
public sealed class Ieee1788EdgeTests
{
    private const double Inf = double.PositiveInfinity;
    private static readonly Interval Empty = Interval.Empty;
    private static readonly Interval Entire = Interval.Entire;

    private static Interval I(double lo, double hi) => new(lo, hi);

    [Fact]
    public void Contains_NeverHoldsAnInfinity()
    {
        Assert.False(Entire.Contains(Inf));
        Assert.False(Entire.Contains(-Inf));
        Assert.False(I(0, Inf).Contains(Inf));
        Assert.False(I(-Inf, 0).Contains(-Inf));
        Assert.False(Entire.Contains(double.NaN));
        Assert.True(Entire.Contains(double.MaxValue));
        Assert.True(Entire.Contains(-double.MaxValue));
    }

    public static TheoryData<double, double, double, double, double, double> DivisionTable() => new()
    {
        // x, y, expected (lo, hi); NaN marks the empty set.
        { 0, 30, 0, 3, 0, Inf },
        { -30, 0, 0, 3, -Inf, 0 },
        { 0, 30, -3, 0, -Inf, 0 },
        { -30, 0, -3, 0, 0, Inf },
        { 0, 0, -3, 3, 0, 0 },
        { 0, 0, 0, 3, 0, 0 },
        { 0, 0, -3, 0, 0, 0 },
        { 0, 0, 0, 0, double.NaN, double.NaN },
        { 1, 2, 0, 0, double.NaN, double.NaN },
        { -1, 2, 0, 0, double.NaN, double.NaN },
        { 1, 2, 0, 4, 0.25, Inf },
        { 1, 2, -4, 0, -Inf, -0.25 },
        { -2, -1, 0, 4, -Inf, -0.25 },
        { -2, -1, -4, 0, 0.25, Inf },
        { -1, 2, 0, 4, -Inf, Inf },
        { 0, 30, -3, 3, -Inf, Inf },
        { 1, 2, -3, 3, -Inf, Inf },
        { 0, Inf, 0, 3, 0, Inf },
        { 1, 2, 0, Inf, 0, Inf },
        { 0, 0, -Inf, Inf, 0, 0 },
        { 0, 0, 1, 2, 0, 0 },
        { 0, 0, -2, -1, 0, 0 },
        { 0, 30, 1, 3, 0, 30 },
    };

    [Theory]
    [MemberData(nameof(DivisionTable))]
    public void Division_FollowsTheStandardsTable(double xl, double xh, double yl, double yh, double rl, double rh)
    {
        Interval r = I(xl, xh) / I(yl, yh);
        Assert.Equal(double.IsNaN(rl) ? Empty : I(rl, rh), r);
    }

    [Fact]
    public void Division_WithNegativeZeroEndpoints_IsTheSame()
    {
        Assert.Equal(I(0, Inf), I(-0.0, 30) / I(-0.0, 3));
        Assert.Equal(I(-Inf, 0), I(-30, -0.0) / I(-0.0, 3));
        Assert.Equal(Interval.Zero, I(-0.0, -0.0) / I(-3, 3));
    }

    [Fact]
    public void Pow_RealExponent_UsesTheDomainXPositiveOrZeroWithPositiveY()
    {
        Assert.Equal(Interval.Zero, Interval.Pow(Interval.Zero, Interval.Point(1.5)));
        Assert.Equal(Interval.Zero, Interval.Pow(I(-1, 0), I(0.5, 3)));
        Assert.True(Interval.Pow(Interval.Zero, I(-2, -0.5)).IsEmpty);
        Assert.True(Interval.Pow(Interval.Zero, I(-2.5, 0)).IsEmpty);
        Assert.True(Interval.Pow(I(-2, -1), Interval.Point(0.5)).IsEmpty);
        Assert.True(Interval.Pow(I(-2, -1), I(0.5, 1.5)).IsEmpty);
        Assert.Equal(Interval.Zero, Interval.Pow(Interval.Zero, I(-1.5, 2.5)));
        Assert.Equal(I(0, Inf), Interval.Pow(I(0, 1), I(-1.5, 1.5)));
        Interval r = Interval.Pow(I(-1, 4), Interval.Point(1.5));
        Assert.Equal(0, r.Lo);
        Assert.True(r.Contains(8) && r.Hi - 8 < 1e-12);
        Interval s = Interval.Pow(I(0, 4), I(0.5, 1.5));
        Assert.Equal(0, s.Lo);
        Assert.True(s.Contains(8) && s.Hi < 8 + 1e-12);
        Assert.Equal(Interval.One, Interval.Pow(Interval.One, Entire));
    }

    public static TheoryData<double, double, int, double, double> PownTable() => new()
    {
        { -2, -1, -1, -1, -0.5 },
        { 1, 2, -1, 0.5, 1 },
        { -1, 2, -2, 0.25, Inf },
        { -1, 2, -1, -Inf, Inf },
        { 0, 2, -1, 0.5, Inf },
        { -2, 0, -1, -Inf, -0.5 },
        { -2, 0, -2, 0.25, Inf },
        { -2, -1, -2, 0.25, 1 },
        { -2, -1, -3, -1, -0.125 },
        { -2, -1, 2, 1, 4 },
        { -2, -1, 3, -8, -1 },
        { -1, 2, 2, 0, 4 },
        { -1, 2, 3, -1, 8 },
        { -3, 2, 2, 0, 9 },
        { 0, 0, 2, 0, 0 },
        { 0, 0, -2, double.NaN, double.NaN },
        { 0, 0, -1, double.NaN, double.NaN },
        { 0, 0, 0, 1, 1 },
        { -Inf, Inf, 0, 1, 1 },
        { -Inf, Inf, -2, 0, Inf },
        { -Inf, Inf, -1, -Inf, Inf },
        { -Inf, Inf, 2, 0, Inf },
        { -Inf, Inf, 3, -Inf, Inf },
        { 2, Inf, -1, 0, 0.5 },
        { -Inf, -2, -1, -0.5, 0 },
    };

    [Theory]
    [MemberData(nameof(PownTable))]
    public void Pown_SignCases_AreTight(double xl, double xh, int n, double rl, double rh)
    {
        Interval expected = double.IsNaN(rl) ? Empty : I(rl, rh);
        Assert.Equal(expected, Interval.Pown(I(xl, xh), n));
        Assert.Equal(expected, Interval.Pow(I(xl, xh), Interval.Point(n)));
    }

    [Fact]
    public void Tan_NextToAPoleButNotOverIt_IsBounded()
    {
        double belowHalfPi = 1.5707963267948966; // the double nearest π/2 is below π/2
        Interval r = Interval.Tan(I(1.5, belowHalfPi));
        Assert.True(r.IsBounded);
        Assert.True(r.Lo < 14.11 && r.Lo > 14.1);
        Assert.True(r.Hi > 1.6e16 && r.Hi < 1.7e16);
        Interval s = Interval.Tan(I(Math.BitIncrement(belowHalfPi), 3));
        Assert.True(s.IsBounded && s.Hi <= 0.0 && s.Hi > -0.15);
        Interval t = Interval.Tan(I(-belowHalfPi, belowHalfPi));
        Assert.True(t.IsBounded);
        Assert.Equal(-t.Hi, t.Lo);
        Interval far = Interval.Tan(I(1e6, 1e6 + 0.5));
        Assert.True(far.IsBounded || Interval.Tan(I(1e6, 1e6 + 0.5)).IsEntire);
    }

    [Fact]
    public void Tan_OverAPole_IsEntire()
    {
        Assert.Equal(Entire, Interval.Tan(I(1.5, 1.6)));
        Assert.Equal(Entire, Interval.Tan(I(1.5707963267948966, Math.BitIncrement(1.5707963267948966))));
        Assert.Equal(Entire, Interval.Tan(I(-1.6, -1.5)));
        Assert.Equal(Entire, Interval.Tan(I(0, 10)));
        Assert.Equal(Entire, Interval.Tan(I(4.7, 4.75)));
        Assert.True(Interval.Tan(I(4.0, 4.7)).IsBounded);
    }
}
