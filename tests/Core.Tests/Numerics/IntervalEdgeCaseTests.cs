using Certus.Core.Numerics;

namespace Certus.Core.Tests.Numerics;

/// <summary>Signed zeros, infinities, subnormals, huge and tiny magnitudes, empty and entire intervals, NaN.</summary>
public sealed class IntervalEdgeCaseTests
{
    private static readonly Interval Empty = Interval.Empty;
    private static readonly Interval Entire = Interval.Entire;

    [Theory]
    [InlineData(double.NaN, 1)]
    [InlineData(0, double.NaN)]
    public void Constructor_NaN_IsRejectedWithClearMessage(double lo, double hi)
    {
        var e = Assert.Throws<ArgumentException>(() => new Interval(lo, hi));
        Assert.Contains("NaN", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_RejectsReversedAndWrongSideInfinities()
    {
        Assert.Throws<ArgumentException>(() => new Interval(2, 1));
        Assert.Throws<ArgumentException>(() => new Interval(double.PositiveInfinity, double.PositiveInfinity));
        Assert.Throws<ArgumentException>(() => new Interval(double.NegativeInfinity, double.NegativeInfinity));
        Assert.Throws<ArgumentException>(() => Interval.Point(double.NaN));
        Assert.Throws<ArgumentException>(() => Interval.Point(double.PositiveInfinity));
    }

    [Fact]
    public void NaN_ThroughImplicitConversionOrOperators_IsRejected()
    {
        Interval x = new(1, 2);
        Assert.Throws<ArgumentException>(() => x + double.NaN);
        Assert.Throws<ArgumentException>(() => x * double.NaN);
        Assert.Throws<ArgumentException>(() => Interval.FromMidRadius(double.NaN, 1));
        Assert.Throws<ArgumentException>(() => x.Inflate(double.NaN));
    }

    [Fact]
    public void Default_IsZeroPoint()
    {
        Interval d = default;
        Assert.Equal(Interval.Zero, d);
        Assert.True(d.IsPoint);
        Assert.False(d.IsEmpty);
    }

    [Fact]
    public void Empty_PropagatesThroughEveryOperation()
    {
        Interval x = new(1, 2);
        Interval[] results =
        [
            Empty + x, x - Empty, Empty * x, x / Empty, -Empty, Interval.Sqr(Empty), Interval.Pow(Empty, 3),
            Interval.Sqrt(Empty), Interval.Exp(Empty), Interval.Log(Empty), Interval.Sin(Empty), Interval.Cos(Empty),
            Interval.Tan(Empty), Interval.Atan(Empty), Interval.Tanh(Empty), Interval.Sigmoid(Empty), Interval.Abs(Empty),
            Interval.Min(Empty, x), Interval.Max(x, Empty), Interval.Intersect(Empty, x), Interval.Expm1(Empty),
        ];
        Assert.All(results, r => Assert.True(r.IsEmpty));
        Assert.Equal(x, Interval.Hull(Empty, x));
        Assert.True(x.Contains(Empty));
        Assert.False(Empty.Contains(0));
        Assert.Equal(0, Empty.Width);
    }

    [Fact]
    public void Entire_ArithmeticStaysEntireWithoutNaN()
    {
        Assert.Equal(Entire, Entire + Entire);
        Assert.Equal(Entire, Entire - Entire);
        Assert.Equal(Entire, Entire * Entire);
        Assert.Equal(Entire, Entire / Entire);
        Assert.Equal(Entire, Entire * new Interval(-1, 1));
        Assert.Equal(Interval.Zero, Entire * Interval.Zero);
        Assert.Equal(new Interval(0, double.PositiveInfinity), Interval.Sqr(Entire));
        Assert.Equal(new Interval(0, double.PositiveInfinity), Interval.Exp(Entire));
        Assert.Equal(new Interval(-1, 1), Interval.Sin(Entire));
        Assert.Equal(new Interval(-1, 1), Interval.Tanh(Entire));
        Assert.Equal(new Interval(0, 1), Interval.Sigmoid(Entire));
        Assert.Equal(Entire, Interval.Tan(Entire));
        Assert.True(Interval.Atan(Entire).Contains(new Interval(-1.5707963267948966, 1.5707963267948966)));
        Assert.Equal(Entire, Interval.Log(new Interval(0, double.PositiveInfinity)));
    }

    [Fact]
    public void Division_ByIntervalsContainingZero_FollowsTheSetDefinition()
    {
        Interval one = new(1, 2), neg = new(-2, -1), mixed = new(-1, 1);
        Assert.True((one / Interval.Zero).IsEmpty);
        Assert.Equal(Entire, mixed / new Interval(-1, 1));
        Assert.Equal(Entire, one / new Interval(-1, 1));
        Assert.Equal(new Interval(0.5, double.PositiveInfinity), one / new Interval(0, 2));
        Assert.Equal(new Interval(double.NegativeInfinity, -1), one / new Interval(-1, 0));
        Assert.Equal(new Interval(double.NegativeInfinity, -0.5), neg / new Interval(0, 2));
        Assert.Equal(new Interval(1, double.PositiveInfinity), neg / new Interval(-1, 0));
        Assert.Equal(new Interval(0.5, double.PositiveInfinity), one / new Interval(-0.0, 2));
        Assert.Equal(Entire, mixed / new Interval(0, 2));
    }

    [Fact]
    public void SignedZeros_AreTheSameEndpoint()
    {
        Assert.Equal(new Interval(-0.0, 0.0), Interval.Zero);
        Assert.Equal(Interval.Zero, new Interval(-0.0, -0.0) * new Interval(5, 7));
        Assert.Equal(new Interval(0, 0).GetHashCode(), new Interval(-0.0, -0.0).GetHashCode());
        Assert.True(new Interval(-0.0, 1).Contains(0.0));
        Assert.Equal(Interval.Zero, Interval.Sin(new Interval(-0.0, -0.0)));
    }

    [Fact]
    public void Overflow_GoesToInfinityOnTheOuterSideOnly()
    {
        Interval big = new(double.MaxValue, double.MaxValue);
        Interval sum = big + big;
        Assert.Equal(double.MaxValue, sum.Lo);
        Assert.Equal(double.PositiveInfinity, sum.Hi);
        Interval product = big * new Interval(2, 2);
        Assert.Equal(double.MaxValue, product.Lo);
        Assert.True(double.IsPositiveInfinity(product.Hi));
        Interval e = Interval.Exp(new Interval(710, 710));
        Assert.Equal(double.MaxValue, e.Lo);
        Assert.True(double.IsPositiveInfinity(e.Hi));
    }

    [Fact]
    public void Subnormals_AreEnclosedWithoutFlushingToZeroWrongly()
    {
        Interval tiny = new(double.Epsilon, double.Epsilon);
        Interval half = tiny * new Interval(0.5, 0.5);
        Assert.True(half.Lo <= 0 && half.Hi >= double.Epsilon); // exact 2^-1075 lies between
        Assert.False(half.IsPoint);
        Interval sq = Interval.Sqr(new Interval(1e-200, 1e-200));
        Assert.True(sq.Lo == 0 && sq.Hi > 0, $"1e-400 must be enclosed by [0, something positive], got {sq}");
        Interval q = new Interval(1e-300, 1e-300) / new Interval(1e100, 1e100);
        Assert.True(q.Lo >= 0 && q.Hi > 0 && q.Hi <= 2e-323 * 10);
        Assert.True(Interval.Exp(new Interval(-745, -745)).Hi > 0);
        Assert.Equal(0, Interval.Exp(new Interval(-800, -800)).Lo);
    }

    [Fact]
    public void ExactOperations_StayPoints()
    {
        Assert.Equal(new Interval(3, 3), new Interval(1, 1) + new Interval(2, 2));
        Assert.Equal(new Interval(6, 6), new Interval(2, 2) * new Interval(3, 3));
        Assert.Equal(new Interval(0.25, 0.25), new Interval(1, 1) / new Interval(4, 4));
        Assert.Equal(new Interval(3, 3), Interval.Sqrt(new Interval(9, 9)));
        Assert.Equal(Interval.One, Interval.Exp(Interval.Zero));
        Assert.Equal(Interval.Zero, Interval.Log(Interval.One));
        Assert.Equal(new Interval(8, 8), Interval.Pow(new Interval(2, 2), 3));
        Assert.Equal(new Interval(0.5, 0.5), Interval.Sigmoid(Interval.Zero));
    }

    [Fact]
    public void InexactOperations_AreOneUlpWide()
    {
        Interval third = Interval.One / new Interval(3, 3);
        Assert.Equal(Math.BitIncrement(third.Lo), third.Hi);
        Interval tenth = Interval.Parse("0.1");
        Assert.Equal(Math.BitIncrement(tenth.Lo), tenth.Hi);
        Interval root2 = Interval.Sqrt(new Interval(2, 2));
        Assert.Equal(Math.BitIncrement(root2.Lo), root2.Hi);
    }

    [Fact]
    public void Pow_EvenAndOddAndNegativeExponents_AreTight()
    {
        Interval x = new(-2, 3);
        Assert.Equal(new Interval(0, 9), Interval.Pow(x, 2));
        Assert.Equal(new Interval(-8, 27), Interval.Pow(x, 3));
        Assert.Equal(Interval.One, Interval.Pow(x, 0));
        Assert.Equal(Entire, Interval.Pow(x, -1));
        Assert.Equal(new Interval(0.25, 0.25), Interval.Pow(new Interval(2, 2), -2));
        Assert.Equal(new Interval(1, double.PositiveInfinity), Interval.Pow(new Interval(0, 1), -2));
        Assert.Equal(new Interval(16, 81), Interval.Pow(new Interval(-3, -2), 4));
    }

    [Fact]
    public void DomainOfSqrtAndLog_UsesSetSemantics()
    {
        Assert.Equal(new Interval(0, 3), Interval.Sqrt(new Interval(-4, 9)));
        Assert.True(Interval.Sqrt(new Interval(-2, -1)).IsEmpty);
        Assert.True(Interval.Log(new Interval(-2, 0)).IsEmpty);
        Interval l = Interval.Log(new Interval(-1, 1));
        Assert.True(double.IsNegativeInfinity(l.Lo) && l.Hi == 0);
    }

    [Fact]
    public void Trig_ExtremaInsideTheIntervalAreReached()
    {
        Interval s = Interval.Sin(new Interval(1, 2)); // contains pi/2
        Assert.Equal(1, s.Hi);
        Assert.True(s.Lo <= Math.Sin(1) && s.Lo > 0.84);
        Interval c = Interval.Cos(new Interval(3, 3.5)); // contains pi
        Assert.Equal(-1, c.Lo);
        Interval t = Interval.Tan(new Interval(1.5, 1.6)); // contains pi/2
        Assert.Equal(Entire, t);
        Interval t2 = Interval.Tan(new Interval(-1, 1));
        Assert.True(t2.Lo < -1.557 && t2.Hi > 1.557 && t2.IsBounded);
        Assert.Equal(new Interval(-1, 1), Interval.Sin(new Interval(0, 7)));
        Interval nearPi = Interval.Sin(Interval.Pi);
        Assert.True(nearPi.Contains(0) || (nearPi.Lo > 0 && nearPi.Lo < 1e-15));
        Assert.True(nearPi.Lo < 1.3e-16 && nearPi.Hi > 1.2e-16);
    }

    [Fact]
    public void SetOperations_Work()
    {
        Interval a = new(1, 3), b = new(2, 5);
        Assert.Equal(new Interval(1, 5), Interval.Hull(a, b));
        Assert.Equal(new Interval(2, 3), Interval.Intersect(a, b));
        Assert.True(Interval.Intersect(a, new Interval(4, 5)).IsEmpty);
        Assert.True(a.Overlaps(b));
        Assert.True(new Interval(0, 10).Contains(a));
        Assert.False(a.Contains(b));
        Assert.True(new Interval(0, 10).ContainsInInterior(a));
        Assert.False(a.ContainsInInterior(a));
        Assert.Equal(2, a.Midpoint);
        Assert.Equal(2, a.Width);
        Assert.Equal(1, a.Radius);
        Assert.Equal(3, new Interval(-3, 2).Magnitude);
        Assert.Equal(0, new Interval(-3, 2).Mignitude);
        Assert.Equal(2, new Interval(2, 3).Mignitude);
        var (lo, hi) = a.Bisect();
        Assert.Equal(new Interval(1, 2), lo);
        Assert.Equal(new Interval(2, 3), hi);
        Assert.Equal(0, Entire.Midpoint);
        Assert.Equal(double.MaxValue, new Interval(1, double.PositiveInfinity).Midpoint);
        Assert.Equal(new Interval(-1, 3), Interval.Hull([2.0, -1.0, 3.0]));
        Assert.Throws<InvalidOperationException>(() => Interval.Empty.Midpoint);
    }

    [Fact]
    public void Midpoint_OfHugeInterval_DoesNotOverflow()
    {
        Interval x = new(-double.MaxValue, double.MaxValue);
        Assert.Equal(0, x.Midpoint);
        Interval y = new(double.MaxValue / 2, double.MaxValue);
        Assert.True(y.Contains(y.Midpoint));
        Assert.True(x.Width == double.PositiveInfinity);
    }

    [Fact]
    public void ToString_IsRoundTripAndReadable()
    {
        Assert.Equal("[0.1, 0.2]", new Interval(0.1, 0.2).ToString());
        Assert.Equal("[-inf, inf]", Entire.ToString());
        Assert.Equal("[empty]", Empty.ToString());
        Interval back = Interval.Parse(new Interval(0.1, 0.2).ToString());
        Assert.True(back.Contains(new Interval(0.1, 0.2)));
    }
}
