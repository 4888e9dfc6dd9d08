using Certus.Core.Expressions;
using Certus.Reach.Flow;
using Interval = Certus.Core.Numerics.Interval;

namespace Certus.Reach.Tests.Flow;

/// <summary>
/// Taylor coefficients of the functions added for IEEE 1788 against their symbolic derivatives: the k-th
/// coefficient of f(x₀ + τ) and the interval value of f⁽ᵏ⁾(x₀)/k! enclose the same number, so they must meet, and
/// both are narrow. Strict domains throw with the function and the set named.
/// </summary>
public sealed class Ieee1788TaylorTests
{
    private const int Order = 4;

    public static TheoryData<string, double> Cases() => new()
    {
        { "asin(x)", 0.3 },
        { "asin(x)", -0.85 },
        { "acos(x)", 0.6 },
        { "sinh(x)", -1.2 },
        { "cosh(x)", 0.7 },
        { "cbrt(x)", 2.5 },
        { "cbrt(x)", -0.4 },
        { "exp2(x)", 1.5 },
        { "exp10(x)", -0.3 },
        { "log2(x)", 3.1 },
        { "log10(x)", 0.4 },
        { "atan2(x + 2, 1 - x)", 0.3 },
        { "atan2(x - 3, x - 1)", 0.2 },
        { "hypot(x, 2*x + 1)", 0.5 },
        { "rootn(x, 5)", -1.7 },
        { "rootn(x + 3, -2)", 0.4 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Coefficients_MeetTheSymbolicDerivatives(string text, double x0)
    {
        Expr e = ExpressionParser.Parse(text);
        IntervalTaylorSeries x = IntervalTaylorSeries.Variable(new Interval(x0), Order);
        IntervalTaylorSeries series = ExpressionEvaluator.Evaluate(e, new IntervalTaylorArithmetic(Order), _ => x);
        Expr d = e;
        double factorial = 1;
        for (int k = 0; k <= Order; k++)
        {
            if (k > 0)
            {
                d = Differentiator.Derivative(d, "x");
                factorial *= k;
            }

            Interval symbolic = ExpressionEvaluator.Evaluate<Interval, IntervalArithmetic>(d, default, _ => new Interval(x0)) / new Interval(factorial);
            Interval c = series[k];
            Assert.True(c.Overlaps(symbolic), $"{text} at {x0}: coefficient {k} = {c}, derivative/k! = {symbolic}");
            Assert.True(c.Width <= 1e-10 * (1 + c.Magnitude), $"{text} at {x0}: coefficient {k} = {c} is wide");
        }
    }

    [Theory]
    [InlineData(UnaryOp.Asin, -0.5, 1.5, "asin", "(-1, 1)")]
    [InlineData(UnaryOp.Acos, -1.0, 0.0, "acos", "(-1, 1)")]
    [InlineData(UnaryOp.Log2, -1.0, 1.0, "log2", "strictly positive")]
    [InlineData(UnaryOp.Log10, 0.0, 1.0, "log10", "strictly positive")]
    [InlineData(UnaryOp.Cbrt, -1.0, 1.0, "cbrt", "0")]
    public void UnaryDomains_AreStrict(UnaryOp op, double lo, double hi, string name, string set)
    {
        var arith = new IntervalTaylorArithmetic(2);
        var e = Assert.Throws<ArithmeticException>(() => arith.Unary(op, IntervalTaylorSeries.Variable(new Interval(lo, hi), 2)));
        Assert.Contains(name, e.Message, StringComparison.Ordinal);
        Assert.Contains(set, e.Message, StringComparison.Ordinal);
        Assert.Contains(new Interval(lo, hi).ToString(), e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BinaryDomains_AreStrict()
    {
        var order2 = new IntervalTaylorArithmetic(2);
        IntervalTaylorSeries four = IntervalTaylorSeries.Constant(new Interval(4), 2);
        var even = Assert.Throws<ArithmeticException>(() => order2.Binary(BinaryOp.Rootn, IntervalTaylorSeries.Variable(new Interval(-1, 2), 2), four));
        Assert.Contains("rootn", even.Message, StringComparison.Ordinal);
        Assert.Contains("[-1, 2]", even.Message, StringComparison.Ordinal);
        Assert.Throws<ArithmeticException>(() => order2.Binary(BinaryOp.Rootn, IntervalTaylorSeries.Variable(new Interval(1, 2), 2), IntervalTaylorSeries.Constant(new Interval(2.5), 2)));

        var arith = new IntervalTaylorArithmetic(2);
        IntervalTaylorSeries around0 = IntervalTaylorSeries.Variable(new Interval(-0.1, 0.1), 2);
        IntervalTaylorSeries negative = IntervalTaylorSeries.Variable(new Interval(-2, -1), 2);
        var origin = Assert.Throws<ArithmeticException>(() => arith.Binary(BinaryOp.Atan2, around0, around0));
        Assert.Contains("atan2", origin.Message, StringComparison.Ordinal);
        var cut = Assert.Throws<ArithmeticException>(() => arith.Binary(BinaryOp.Atan2, around0, negative));
        Assert.Contains("branch cut", cut.Message, StringComparison.Ordinal);
        var hypot = Assert.Throws<ArithmeticException>(() => arith.Binary(BinaryOp.Hypot, around0, around0));
        Assert.Contains("hypot", hypot.Message, StringComparison.Ordinal);
        // Right of the origin atan2 is smooth, also across y = 0.
        IntervalTaylorSeries right = IntervalTaylorSeries.Variable(new Interval(1, 2), 2);
        Assert.True(arith.Binary(BinaryOp.Atan2, around0, right)[1].IsBounded);
        // Strict at order 0 too, like log: the flow's right-hand side must be defined on the whole set.
        Assert.Throws<ArithmeticException>(() => new IntervalTaylorArithmetic(0).Unary(UnaryOp.Asin, IntervalTaylorSeries.Constant(new Interval(-0.5, 1.5), 0)));
    }
}
