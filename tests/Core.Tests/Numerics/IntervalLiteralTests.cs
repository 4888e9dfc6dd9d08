using System.Numerics;
using Certus.Core.Tests.Reference;
using FsCheck;
using FsCheck.Xunit;
using Interval = Certus.Core.Numerics.Interval;

namespace Certus.Core.Tests.Numerics;

/// <summary>The IEEE 1788 interval literals: special sets, unbounded ends, points, the uncertain form, hex and rationals.</summary>
public sealed class IntervalLiteralTests
{
    private const double Inf = double.PositiveInfinity;

    private static bool Encloses(Interval x, Rational exact) =>
        !x.IsEmpty
        && (double.IsNegativeInfinity(x.Lo) || Rational.FromDouble(x.Lo) <= exact)
        && (double.IsPositiveInfinity(x.Hi) || exact <= Rational.FromDouble(x.Hi));

    [Theory]
    [InlineData("[Inf, INF]")]
    [InlineData("[inf, inf]")]
    [InlineData("[-inf, -inf]")]
    [InlineData("[+infinity,]")]
    [InlineData("[,-inf]")]
    [InlineData("[inf]")]
    [InlineData("[-inf]")]
    [InlineData("inf")]
    [InlineData("[0.30000000000000001, 0.3]")]
    [InlineData("[1/3, 0.3333333333333333]")]
    public void Parse_LiteralsWithoutARealNumber_AreRejected(string text)
    {
        var e = Assert.Throws<FormatException>(() => Interval.Parse(text));
        Assert.Contains($"'{text}'", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[empty]")]
    [InlineData("[ EMPTY ]")]
    [InlineData("[]")]
    [InlineData("[  ]")]
    public void Parse_Empty(string text) => Assert.True(Interval.Parse(text).IsEmpty);

    [Theory]
    [InlineData("[entire]", -Inf, Inf)]
    [InlineData("[ Entire ]", -Inf, Inf)]
    [InlineData("[,]", -Inf, Inf)]
    [InlineData("[ , ]", -Inf, Inf)]
    [InlineData("[1.5,]", 1.5, Inf)]
    [InlineData("[,2]", -Inf, 2)]
    [InlineData("[-inf, 2]", -Inf, 2)]
    [InlineData("[1.5]", 1.5, 1.5)]
    [InlineData("[ -3 ]", -3, -3)]
    [InlineData("0x1.8p1", 3, 3)]
    [InlineData("-0x1p-1074", -double.Epsilon, -double.Epsilon)]
    [InlineData("0X1.FFFFFFFFFFFFFP1023", double.MaxValue, double.MaxValue)]
    [InlineData("3.56?1", 3.55, 3.57)]
    [InlineData("3.56?", 3.555, 3.565)]
    [InlineData("3.560?2", 3.558, 3.562)]
    [InlineData("3.56?2u", 3.56, 3.58)]
    [InlineData("3.56?2d", 3.54, 3.56)]
    [InlineData("-10?", -10.5, -9.5)]
    [InlineData("-10?u", -10, -9.5)]
    [InlineData("10?12", -2, 22)]
    [InlineData("3.56?1e2", 355, 357)]
    [InlineData("0.0??u", 0, Inf)]
    [InlineData("1??", -Inf, Inf)]
    [InlineData("1/4", 0.25, 0.25)]
    [InlineData("[-1/2, 3/4]", -0.5, 0.75)]
    public void Parse_StandardLiterals(string text, double lo, double hi)
    {
        Interval x = Interval.Parse(text);
        // Each end is the tightest enclosure of the decimal written in the test (within one ulp of its nearest double).
        if (double.IsFinite(lo))
        {
            Assert.True(x.Lo == lo || Math.BitIncrement(x.Lo) >= lo, $"{text} -> {x}");
        }

        if (double.IsFinite(hi))
        {
            Assert.True(x.Hi == hi || Math.BitDecrement(x.Hi) <= hi, $"{text} -> {x}");
        }
    }

    [Fact]
    public void Parse_ReversedHex_IsRejected()
    {
        // 0xA.8p-2 = 2.625 < 16.
        Assert.Equal(2.625, Interval.Parse("0xA.8p-2").Lo);
        Assert.Throws<FormatException>(() => Interval.Parse("[0x10, 0xA.8p-2]"));
    }

    [Fact]
    public void Parse_UncertainForm_EnclosesTheExactEnds()
    {
        Interval x = Interval.Parse("3.56?1");
        Assert.True(Encloses(x, new Rational(355, 100)) && Encloses(x, new Rational(357, 100)));
        Assert.Equal(Interval.Parse("3.55").Lo, x.Lo);
        Assert.Equal(Interval.Parse("3.57").Hi, x.Hi);
        Interval y = Interval.Parse("0.1?");
        Assert.True(Encloses(y, new Rational(5, 100)) && Encloses(y, new Rational(15, 100)));
    }

    [Fact]
    public void Parse_Rationals_AreEnclosedOutward()
    {
        Interval x = Interval.Parse("[1/3, 2/3]");
        Assert.True(Encloses(x, new Rational(1, 3)) && Encloses(x, new Rational(2, 3)));
        Assert.Equal(Interval.Parse("1/3").Lo, x.Lo);
        Interval third = Interval.Parse("1/3");
        Assert.Equal(Math.BitIncrement(third.Lo), third.Hi);
        Assert.True(Encloses(third, new Rational(1, 3)));
        Interval tiny = Interval.Parse("1/" + BigInteger.Pow(10, 400));
        Assert.Equal(0, tiny.Lo);
        Assert.Equal(double.Epsilon, tiny.Hi);
        Interval huge = Interval.Parse(BigInteger.Pow(10, 400) + "/3");
        Assert.Equal(double.MaxValue, huge.Lo);
        Assert.Equal(Inf, huge.Hi);
    }

    [Theory]
    [InlineData("1/0", "denominator")]
    [InlineData("1/-3", "denominator")]
    [InlineData("1.5/3", "numerator")]
    [InlineData("0x", "hexadecimal digits")]
    [InlineData("0x1p", "binary exponent")]
    [InlineData("3.56?1x", "uncertain form")]
    [InlineData("?1", "before '?'")]
    [InlineData("[1, 2, 3]", "column")]
    [InlineData("[abc]", "'lo, hi'")]
    [InlineData("[inf, inf]", "no real number")]
    public void Parse_InvalidLiterals_SayWhatIsWrong(string text, string expected)
    {
        var e = Assert.Throws<FormatException>(() => Interval.Parse(text));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.Contains($"'{text}'", e.Message, StringComparison.Ordinal);
    }

    [Property(MaxTest = 5_000, Replay = "(4242,4243)")]
    public bool Parse_RandomRationals_AreTightEnclosures(long p, long q)
    {
        if (q <= 0)
        {
            return true;
        }

        Interval x = Interval.Parse($"{p}/{q}");
        var exact = new Rational(p, q);
        return Encloses(x, exact) && (x.IsPoint || Math.BitIncrement(x.Lo) == x.Hi) && (!x.IsPoint || Rational.FromDouble(x.Lo) == exact);
    }

    [Property(MaxTest = 5_000, Replay = "(4244,4245)")]
    public bool Parse_HexOfAnyDouble_IsThatDouble(NormalFloat f)
    {
        double d = f.Get;
        long bits = BitConverter.DoubleToInt64Bits(Math.Abs(d));
        int e = (int)((bits >> 52) & 0x7FF);
        long frac = bits & 0xF_FFFF_FFFF_FFFFL;
        string text = (d < 0 ? "-" : string.Empty) + (e == 0 ? $"0x0.{frac:X13}p-1022" : $"0x1.{frac:X13}p{e - 1023}");
        return Interval.Parse(text) == Interval.Point(d);
    }
}
