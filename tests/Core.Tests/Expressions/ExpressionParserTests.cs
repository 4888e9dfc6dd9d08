using Certus.Core.Expressions;
using Certus.Core.Numerics;

namespace Certus.Core.Tests.Expressions;

public sealed class ExpressionParserTests
{
    private static double Eval(string text, params (string Name, double Value)[] vars) =>
        ExpressionEvaluator.Evaluate<double, DoubleArithmetic>(ExpressionParser.Parse(text), default, vars.ToDictionary(v => v.Name, v => v.Value));

    [Theory]
    [InlineData("1 + 2 * 3", 7)]
    [InlineData("(1 + 2) * 3", 9)]
    [InlineData("2^3^2", 512)]
    [InlineData("-2^2", -4)]
    [InlineData("(-2)^2", 4)]
    [InlineData("2^-1", 0.5)]
    [InlineData("8 / 4 / 2", 1)]
    [InlineData("7 - 2 - 1", 4)]
    [InlineData("min(3, max(1, 2))", 2)]
    [InlineData("abs(-3) + sign(-2)", 2)]
    [InlineData("sqrt(16) + exp(0) + log(1) + ln(1)", 5)]
    [InlineData("pow(2, 10)", 1024)]
    [InlineData("1e3 + .5 + 2.5E-1", 1000.75)]
    [InlineData("--3", 3)]
    [InlineData("+4", 4)]
    public void Parse_FollowsPrecedenceAndAssociativity(string text, double expected) => Assert.Equal(expected, Eval(text), 12);

    [Fact]
    public void Parse_VariablesAndIndexedNames()
    {
        Expr e = ExpressionParser.Parse("x_lead - x_ego - 1.4*v_ego + out[0]");
        Assert.Equal(["x_lead", "x_ego", "v_ego", "out[0]"], e.Variables());
        Assert.Equal(100 - 10 - 1.4 * 30 + 2, Eval("x_lead - x_ego - 1.4*v_ego + out[0]", ("x_lead", 100), ("x_ego", 10), ("v_ego", 30), ("out[0]", 2)), 12);
    }

    [Fact]
    public void Parse_DecimalsEnterAsEnclosingIntervals()
    {
        var c = Assert.IsType<ConstantExpr>(ExpressionParser.Parse("0.1"));
        Assert.False(c.IsExact);
        Assert.Equal(Interval.Parse("0.1"), c.Value);
        Assert.Equal(0.1, c.Approximation);
        var pi = Assert.IsType<ConstantExpr>(ExpressionParser.Parse("pi"));
        Assert.True(pi.Value.Contains(Math.PI) && !pi.Value.IsPoint);
    }

    [Fact]
    public void Parse_IntegerExponentsAreIntPowers()
    {
        Assert.IsType<IntPowerExpr>(ExpressionParser.Parse("x^2"));
        Assert.Equal(-3, Assert.IsType<IntPowerExpr>(ExpressionParser.Parse("x^(-3)")).Exponent);
        Assert.IsType<BinaryExpr>(ExpressionParser.Parse("x^0.5"));
        Assert.IsType<BinaryExpr>(ExpressionParser.Parse("x^y"));
    }

    [Theory]
    [InlineData("1 +", 4, "a number, a name or '('")]
    [InlineData("(1 + 2", 7, "')'")]
    [InlineData("foo(1)", 1, "a known function")]
    [InlineData("sin 1", 5, "'(' after the function 'sin'")]
    [InlineData("1 2", 3, "an operator or the end")]
    [InlineData("min(1)", 6, "','")]
    [InlineData("x[a]", 3, "an index")]
    [InlineData("3 $ 4", 3, "an operator")]
    [InlineData("", 1, "a number")]
    public void Parse_Errors_NameTextColumnAndExpectation(string text, int column, string expected)
    {
        var e = Assert.Throws<ExpressionParseException>(() => ExpressionParser.Parse(text));
        Assert.Equal(column, e.Column);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.Contains($"'{text}'", e.Message, StringComparison.Ordinal);
        Assert.Contains($"column {column}", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_DeepNesting_IsRejectedNotStackOverflow()
    {
        string deep = new string('(', 5000) + "1" + new string(')', 5000);
        Assert.Throws<ExpressionParseException>(() => ExpressionParser.Parse(deep));
        string minuses = new string('-', 5000) + "1";
        Assert.Throws<ExpressionParseException>(() => ExpressionParser.Parse(minuses));
    }

    [Fact]
    public void ToString_PrintsMinimalParentheses()
    {
        Assert.Equal("a - (b - c)", ExpressionParser.Parse("a - (b - c)").ToString());
        Assert.Equal("a - b - c", ExpressionParser.Parse("(a - b) - c").ToString());
        Assert.Equal("(a + b)*c", ExpressionParser.Parse("(a+b)*c").ToString());
        Assert.Equal("-x^2", ExpressionParser.Parse("-x^2").ToString());
        Assert.Equal("(-x)^2", ExpressionParser.Parse("(-x)^2").ToString());
        Assert.Equal("x^(-2)", ExpressionParser.Parse("x^-2").ToString());
        Assert.Equal("sin(x)*0.1 + pi", ExpressionParser.Parse("sin(x) * 0.1 + pi").ToString());
    }
}
