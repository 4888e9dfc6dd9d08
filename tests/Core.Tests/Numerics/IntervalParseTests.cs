using System.Globalization;
using System.Numerics;
using Certus.Core.Tests.Reference;
using FsCheck;
using FsCheck.Xunit;
using Interval = Certus.Core.Numerics.Interval;

namespace Certus.Core.Tests.Numerics;

/// <summary>Decimal constants from text become intervals that contain the decimal value.</summary>
public sealed class IntervalParseTests
{
    [Theory]
    [InlineData("0.1")]
    [InlineData("0.0001")]
    [InlineData("1.4")]
    [InlineData("-2.675")]
    [InlineData("3.141592653589793238462643383279")]
    [InlineData("1e-320")]
    [InlineData("123456789012345678901234567890")]
    public void Parse_InexactDecimal_IsOneUlpAroundTheValue(string text)
    {
        Interval x = Interval.Parse(text);
        Assert.False(x.IsPoint);
        Assert.Equal(Math.BitIncrement(x.Lo), x.Hi);
        Assert.True(Encloses(x, ExactDecimal(text)));
    }

    [Theory]
    [InlineData("0.5", 0.5)]
    [InlineData("-2", -2)]
    [InlineData("1e3", 1000)]
    [InlineData("0.125", 0.125)]
    [InlineData("+7.0", 7)]
    [InlineData("0", 0)]
    [InlineData("  42  ", 42)]
    public void Parse_ExactDecimal_IsAPoint(string text, double value) =>
        Assert.Equal(Interval.Point(value), Interval.Parse(text));

    [Fact]
    public void Parse_IntervalForm_RoundsEachEndOutward()
    {
        Interval x = Interval.Parse("[0.1, 0.2]");
        Assert.True(Encloses(x, ExactDecimal("0.1")) && Encloses(x, ExactDecimal("0.2")));
        Assert.Equal(Math.BitDecrement(0.1), x.Lo);
        Assert.Equal(0.2, x.Hi);
        Assert.Equal(Interval.Entire, Interval.Parse("[-inf, inf]"));
        Assert.Equal(new Interval(3, double.PositiveInfinity), Interval.Parse("[3, +inf]"));
    }

    [Fact]
    public void Parse_Extremes_AreEnclosed()
    {
        Interval huge = Interval.Parse("1e400");
        Assert.Equal(double.MaxValue, huge.Lo);
        Assert.True(double.IsPositiveInfinity(huge.Hi));
        Interval tiny = Interval.Parse("1e-400");
        Assert.Equal(0, tiny.Lo);
        Assert.Equal(double.Epsilon, tiny.Hi);
        Interval negTiny = Interval.Parse("-1e-99999999999");
        Assert.Equal(-double.Epsilon, negTiny.Lo);
        Assert.Equal(0, negTiny.Hi);
    }

    [Theory]
    [InlineData("", "column 1")]
    [InlineData("abc", "column 1")]
    [InlineData("1.2.3", "column 4")]
    [InlineData("1e", "exponent")]
    [InlineData("[1, 2", "']'")]
    [InlineData("[1 2]", "'lo, hi'")]
    [InlineData("[3, 2]", "exceeds")]
    [InlineData("nan", "column 1")]
    [InlineData("[1, x]", "column 5")]
    public void Parse_Malformed_NamesTheTextAndColumn(string text, string expected)
    {
        var e = Assert.Throws<FormatException>(() => Interval.Parse(text));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.Contains($"'{text}'", e.Message, StringComparison.Ordinal);
        Assert.False(Interval.TryParse(text, out _));
    }

    [Property(MaxTest = 20_000, Replay = "(777,779)")]
    public bool Parse_RandomDecimals_AreEnclosed(long mantissa, sbyte exponent, byte fractionDigits)
    {
        string digits = BigInteger.Abs(mantissa).ToString(CultureInfo.InvariantCulture);
        int f = fractionDigits % (digits.Length + 1);
        string text = (mantissa < 0 ? "-" : string.Empty)
            + (f == 0 ? digits : digits[..^f] + "." + digits[^f..]) + "e" + (exponent % 40).ToString(CultureInfo.InvariantCulture);
        if (text.StartsWith('.') || text.StartsWith("-.", StringComparison.Ordinal))
        {
            text = text.Replace(".", "0.", StringComparison.Ordinal);
        }

        Interval x = Interval.Parse(text);
        return Encloses(x, ExactDecimal(text)) && (x.IsPoint || Math.BitIncrement(x.Lo) == x.Hi);
    }

    [Property(MaxTest = 5_000, Replay = "(31337,31339)")]
    public bool TryParse_NeverThrowsOnJunk(string? junk) => Interval.TryParse(junk, out _, out _) || true;

    private static bool Encloses(Interval x, Rational exact) =>
        Rational.FromDouble(x.Lo) <= exact && exact <= Rational.FromDouble(x.Hi);

    // Exact value of a decimal literal (digits, optional point, optional exponent).
    private static Rational ExactDecimal(string text)
    {
        string t = text.Trim().ToUpperInvariant();
        int e = t.IndexOf('E', StringComparison.Ordinal);
        int exp = e < 0 ? 0 : int.Parse(t[(e + 1)..], CultureInfo.InvariantCulture);
        string mant = e < 0 ? t : t[..e];
        int point = mant.IndexOf('.', StringComparison.Ordinal);
        if (point >= 0)
        {
            exp -= mant.Length - point - 1;
            mant = mant.Remove(point, 1);
        }

        BigInteger m = BigInteger.Parse(mant, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        return exp >= 0
            ? Rational.FromBigInteger(m * BigInteger.Pow(10, exp))
            : new Rational(m, BigInteger.Pow(10, -exp));
    }
}
