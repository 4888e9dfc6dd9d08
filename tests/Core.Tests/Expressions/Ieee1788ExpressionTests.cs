using Certus.Core.Expressions;
using Certus.Core.Numerics;

namespace Certus.Core.Tests.Expressions;

/// <summary>The functions added for IEEE 1788 in the expression language: parse, print, evaluate, compile, differentiate.</summary>
public sealed class Ieee1788ExpressionTests
{
    // Function text, a point inside its domain (x, y) for the checks below.
    public static TheoryData<string, double, double> Functions() => new()
    {
        { "asin(x)", 0.3, 0 },
        { "acos(x)", -0.7, 0 },
        { "sinh(x)", 1.3, 0 },
        { "cosh(x)", -0.4, 0 },
        { "cbrt(x)", -2.5, 0 },
        { "exp2(x)", 1.7, 0 },
        { "exp10(x)", -0.6, 0 },
        { "log2(x)", 3.3, 0 },
        { "log10(x)", 0.02, 0 },
        { "atan2(y, x)", -1.5, 0.7 },
        { "atan2(y, x)", 0.8, -0.9 },
        { "hypot(x, y)", -3, 4 },
        { "rootn(x, 5)", -3.7, 0 },
        { "rootn(x, 4)", 2.2, 0 },
        { "rootn(x*y, -2)", 0.8, 1.3 },
        { "asin(x/2) + atan2(x, y)^2 - hypot(sinh(x), cbrt(y))", 0.9, 1.1 },
    };

    private static readonly Dictionary<string, int> Slots = new() { ["x"] = 0, ["y"] = 1 };

    [Theory]
    [MemberData(nameof(Functions))]
    public void PrintThenParse_RoundTrips(string text, double x, double y)
    {
        _ = x + y;
        Expr e = ExpressionParser.Parse(text);
        Assert.Equal(e, ExpressionParser.Parse(e.ToString()));
    }

    [Theory]
    [MemberData(nameof(Functions))]
    public void IntervalEvaluation_ContainsTheDoubleValue_AndCompiledEqualsInterpreted(string text, double x, double y)
    {
        Expr e = ExpressionParser.Parse(text);
        double interpreted = ExpressionEvaluator.Evaluate<double, DoubleArithmetic>(e, default, n => n == "x" ? x : y);
        double compiled = ExpressionCompiler.Compile(e, Slots)([x, y]);
        Assert.Equal(interpreted, compiled);
        Interval enclosure = ExpressionEvaluator.Evaluate<Interval, IntervalArithmetic>(e, default, n => Interval.Point(n == "x" ? x : y));
        Assert.True(enclosure.Width < 1e-13 * (1 + Math.Abs(interpreted)), enclosure.ToString());
        Assert.True(Math.Abs(enclosure.Midpoint - interpreted) <= 1e-13 * (1 + Math.Abs(interpreted)), $"{enclosure} vs {interpreted}");
    }

    [Theory]
    [MemberData(nameof(Functions))]
    public void Derivatives_MatchCentralDifferences(string text, double x, double y)
    {
        Expr e = ExpressionParser.Parse(text);
        Func<double[], double> f = ExpressionCompiler.Compile(e, Slots);
        foreach (string v in new[] { "x", "y" })
        {
            Func<double[], double> d = ExpressionCompiler.Compile(Differentiator.Derivative(e, v), Slots);
            double h = 1e-6;
            double[] plus = v == "x" ? [x + h, y] : [x, y + h], minus = v == "x" ? [x - h, y] : [x, y - h];
            double fd = (f(plus) - f(minus)) / (2 * h);
            double exact = d([x, y]);
            Assert.True(Math.Abs(fd - exact) <= 1e-6 * (1 + Math.Abs(exact)), $"d/d{v} {text} at ({x}, {y}): {exact} vs finite difference {fd}");
        }
    }

    [Fact]
    public void Derivatives_AreTheTextbookForms()
    {
        Assert.Equal("cosh(x)", Differentiator.Derivative(ExpressionParser.Parse("sinh(x)"), "x").ToString());
        Assert.Equal("sinh(x)", Differentiator.Derivative(ExpressionParser.Parse("cosh(x)"), "x").ToString());
        Assert.Equal("1/sqrt(1 - x^2)", Differentiator.Derivative(ExpressionParser.Parse("asin(x)"), "x").ToString());
        Assert.Equal("exp2(x)*log(2)", Differentiator.Derivative(ExpressionParser.Parse("exp2(x)"), "x").ToString());
        Assert.Equal("x/hypot(x, y)", Differentiator.Derivative(ExpressionParser.Parse("hypot(x, y)"), "x").ToString());
    }

    [Theory]
    [InlineData("rootn(x, 1.5)")]
    [InlineData("rootn(x, y)")]
    [InlineData("rootn(x, 0)")]
    public void Rootn_NeedsANonZeroIntegerLiteralIndex(string text)
    {
        var e = Assert.Throws<ExpressionParseException>(() => ExpressionParser.Parse(text));
        Assert.Contains("rootn", e.Message, StringComparison.Ordinal);
        Assert.Contains("column 10", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rootn_EvaluatesWithTheStandardsDomain()
    {
        Expr e = ExpressionParser.Parse("rootn(x, 3)");
        Assert.Equal(new Interval(-2, 3), ExpressionEvaluator.Evaluate<Interval, IntervalArithmetic>(e, default, _ => new Interval(-8, 27)));
        Assert.Equal(-2, ExpressionEvaluator.Evaluate<double, DoubleArithmetic>(e, default, _ => -8), 15);
        Expr even = ExpressionParser.Parse("rootn(x, 2)");
        Assert.Equal(new Interval(0, 3), ExpressionEvaluator.Evaluate<Interval, IntervalArithmetic>(even, default, _ => new Interval(-8, 9)));
        Assert.True(double.IsNaN(ExpressionEvaluator.Evaluate<double, DoubleArithmetic>(even, default, _ => -8)));
        Assert.Equal("rootn(x, 3)/(3*x)", Differentiator.Derivative(e, "x").ToString());
    }

    [Fact]
    public void Interval_SetSemantics_ReachTheLanguage()
    {
        Expr e = ExpressionParser.Parse("asin(x) + log10(x)");
        Interval r = ExpressionEvaluator.Evaluate<Interval, IntervalArithmetic>(e, default, _ => new Interval(-3, 10));
        // asin over [-1, 1] and log10 over (0, 10]: their sum with set semantics on each.
        Assert.Equal(double.NegativeInfinity, r.Lo);
        Assert.True(r.Hi >= (Math.PI / 2) + 1 && r.Hi < (Math.PI / 2) + 1 + 1e-12);
        Assert.Contains("atan2", ExpressionParser.ReservedNames);
        Assert.Contains("log10", ExpressionParser.ReservedNames);
    }
}
