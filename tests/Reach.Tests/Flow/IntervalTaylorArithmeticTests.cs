using Certus.Core.Expressions;
using Certus.Reach.Flow;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Interval = Certus.Core.Numerics.Interval;

namespace Certus.Reach.Tests.Flow;

/// <summary>Taylor coefficients of f(x₀ + τ) against closed forms, inclusion isotonicity, kinks and domains.</summary>
public sealed class IntervalTaylorArithmeticTests
{
    private const int Order = 8;

    public static class Arbitraries
    {
        /// <summary>Expansion points in [−3, 3] with two decimals, and 0.</summary>
        public static Arbitrary<double> Points() =>
            Gen.Frequency((9, Gen.Choose(-300, 300).Select(i => i / 100.0)), (1, Gen.Constant(0.0))).ToArbitrary();
    }

    private static Interval[] Coefficients(string expression, double x0, int order = Order)
    {
        IntervalTaylorSeries x = IntervalTaylorSeries.Variable(new Interval(x0), order);
        return [.. ExpressionEvaluator.Evaluate(ExpressionParser.Parse(expression), new IntervalTaylorArithmetic(order), _ => x)];
    }

    // The closed form (a double) lies in the coefficient, up to its own rounding error; the coefficient is narrow.
    private static bool Encloses(Interval c, double exact)
    {
        double tol = 1e-12 * (1 + Math.Abs(exact));
        return c.Lo - tol <= exact && exact <= c.Hi + tol && c.Width <= 1e-9 * (1 + Math.Abs(exact));
    }

    private static double Factorial(int k) => k <= 1 ? 1 : k * Factorial(k - 1);

    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = 300, Replay = "(1001,2003)")]
    public bool ElementaryFunctions_ContainTheirClosedFormCoefficients(double x0)
    {
        Interval[] exp = Coefficients("exp(x)", x0), sin = Coefficients("sin(x)", x0), cos = Coefficients("cos(x)", x0);
        Interval[] pow = Coefficients("x^5", x0), inv = Coefficients("1/(x + 4)", x0);
        for (int k = 0; k <= Order; k++)
        {
            if (!Encloses(exp[k], Math.Exp(x0) / Factorial(k))
                || !Encloses(sin[k], Math.Sin(x0 + (k * Math.PI / 2)) / Factorial(k))
                || !Encloses(cos[k], Math.Cos(x0 + (k * Math.PI / 2)) / Factorial(k))
                || !Encloses(pow[k], k > 5 ? 0 : Binomial(5, k) * Math.Pow(x0, 5 - k))
                || !Encloses(inv[k], (k % 2 == 0 ? 1 : -1) / Math.Pow(x0 + 4, k + 1)))
            {
                return false;
            }
        }

        // log and sqrt on positive arguments: log(x + 4), sqrt(x + 4).
        Interval[] log = Coefficients("log(x + 4)", x0), sqrt = Coefficients("sqrt(x + 4)", x0);
        double a = x0 + 4;
        if (!Encloses(log[0], Math.Log(a)) || !Encloses(sqrt[0], Math.Sqrt(a)))
        {
            return false;
        }

        double binomial = 1;
        for (int k = 1; k <= Order; k++)
        {
            binomial *= (0.5 - (k - 1)) / k;
            if (!Encloses(log[k], (k % 2 == 1 ? 1 : -1) / (k * Math.Pow(a, k))) || !Encloses(sqrt[k], binomial * Math.Pow(a, 0.5 - k)))
            {
                return false;
            }
        }

        return true;
    }

    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = 300, Replay = "(1013,2011)")]
    public bool RiccatiFunctions_ContainTheirFirstThreeDerivatives(double x0)
    {
        double t = Math.Tanh(x0), s = 1 / (1 + Math.Exp(-x0)), q = 1 + (x0 * x0), tn = Math.Tan(x0 / 3);
        Interval[] tanh = Coefficients("tanh(x)", x0), sigmoid = Coefficients("sigmoid(x)", x0), atan = Coefficients("atan(x)", x0);
        Interval[] tan = Coefficients("tan(x)", x0 / 3);
        return Encloses(tanh[0], t) && Encloses(tanh[1], 1 - (t * t)) && Encloses(tanh[2], -t * (1 - (t * t))) && Encloses(tanh[3], (1 - (t * t)) * ((3 * t * t) - 1) / 3)
            && Encloses(sigmoid[0], s) && Encloses(sigmoid[1], s * (1 - s)) && Encloses(sigmoid[2], s * (1 - s) * (1 - (2 * s)) / 2)
            && Encloses(sigmoid[3], s * (1 - s) * (1 - (6 * s) + (6 * s * s)) / 6)
            && Encloses(atan[0], Math.Atan(x0)) && Encloses(atan[1], 1 / q) && Encloses(atan[2], -x0 / (q * q)) && Encloses(atan[3], ((3 * x0 * x0) - 1) / (3 * q * q * q))
            && Encloses(tan[0], tn) && Encloses(tan[1], 1 + (tn * tn)) && Encloses(tan[2], tn * (1 + (tn * tn))) && Encloses(tan[3], (1 + (tn * tn)) * (1 + (3 * tn * tn)) / 3);
    }

    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = 200, Replay = "(1031,2027)")]
    public bool Identities_HoldCoefficientwise(double x0)
    {
        // sin² + cos² = 1, exp(log(a)) = a, sigmoid(x) = 1/(1 + exp(−x)), x^2.5 = x² √x, tanh = (e^{2x} − 1)/(e^{2x} + 1).
        (string Left, string Right)[] pairs =
        [
            ("sin(x)^2 + cos(x)^2", "1 + 0*x"),
            ("exp(log(x + 4))", "x + 4"),
            ("sigmoid(x)", "1/(1 + exp(-x))"),
            ("(x + 4)^2.5", "(x + 4)^2 * sqrt(x + 4)"),
            ("tanh(x)", "(exp(2*x) - 1)/(exp(2*x) + 1)"),
            ("atan(x)", "atan(x)*1"),
        ];
        foreach ((string left, string right) in pairs)
        {
            Interval[] l = Coefficients(left, x0, 6), r = Coefficients(right, x0, 6);
            if (l.Zip(r).Any(p => !p.First.Overlaps(p.Second)))
            {
                return false;
            }
        }

        return true;
    }

    [Property(MaxTest = 200, Replay = "(1049,2039)")]
    public bool BoxCoefficients_ContainThePointCoefficients(int seed)
    {
        // Inclusion isotonicity: series over [x0 − r, x0 + r] contain the series of any point inside.
        Expr e = ExpressionParser.Parse("exp(x)*sin(y) + x^3/(2 + y^2) - tanh(x*y) + sqrt(1 + x^2) + atan(y) + sigmoid(x - y) + log(2 + cos(x)) + (1 + y^2)^0.3");
        var random = new Random(seed);
        double cx = (random.NextDouble() * 4) - 2, cy = (random.NextDouble() * 4) - 2, r = random.NextDouble() * 0.3;
        double px = cx + (r * ((2 * random.NextDouble()) - 1)), py = cy + (r * ((2 * random.NextDouble()) - 1));
        var arith = new IntervalTaylorArithmetic(5);
        IntervalTaylorSeries X = IntervalTaylorSeries.Variable(new Interval(cx - r, cx + r), 5), Y = new([new Interval(cy - r, cy + r), new Interval(-1, 0.5)]);
        IntervalTaylorSeries x = IntervalTaylorSeries.Variable(new Interval(px), 5), y = new([new Interval(py), new Interval(-0.25)]);
        IntervalTaylorSeries wide = ExpressionEvaluator.Evaluate(e, arith, n => n == "x" ? X : Y);
        IntervalTaylorSeries point = ExpressionEvaluator.Evaluate(e, arith, n => n == "x" ? x : y);
        return wide.Order == 1 && point.Order == 1 && wide.Zip(point).All(p => p.First.Contains(p.Second));
    }

    [Fact]
    public void Kinks_AreRejectedAboveOrderZeroOnlyWhenTheArgumentMayReachThem()
    {
        var arith = new IntervalTaylorArithmetic(3);
        IntervalTaylorSeries straddling = IntervalTaylorSeries.Variable(new Interval(-1, 1), 3);
        IntervalTaylorSeries positive = IntervalTaylorSeries.Variable(new Interval(0.5, 1), 3);
        IntervalTaylorSeries constant = IntervalTaylorSeries.Constant(new Interval(-1, 1), 3);
        Assert.Contains("kink", Assert.Throws<NotSupportedException>(() => arith.Unary(UnaryOp.Abs, straddling)).Message, StringComparison.Ordinal);
        Assert.Throws<NotSupportedException>(() => arith.Unary(UnaryOp.Sign, straddling));
        Assert.Throws<NotSupportedException>(() => arith.Binary(BinaryOp.Min, straddling, constant));
        Assert.Throws<NotSupportedException>(() => arith.Binary(BinaryOp.Max, straddling, IntervalTaylorSeries.Constant(new Interval(0), 3)));

        Assert.Equal(positive.ToArray(), arith.Unary(UnaryOp.Abs, positive).ToArray());
        Assert.Equal(new Interval(-1, -0.5), arith.Unary(UnaryOp.Abs, positive).Zip(arith.Unary(UnaryOp.Negate, positive)).First().Second);
        Assert.Equal([new Interval(0, 1), Interval.Zero, Interval.Zero, Interval.Zero], arith.Unary(UnaryOp.Abs, constant).ToArray());
        Assert.Equal(positive.ToArray(), arith.Binary(BinaryOp.Max, positive, IntervalTaylorSeries.Constant(new Interval(0), 3)).ToArray());
        Assert.Equal(new Interval(1), arith.Unary(UnaryOp.Sign, positive)[0]);
        Assert.True(arith.Unary(UnaryOp.Sign, positive).IsConstant);

        // At order 0 there is no derivative to take: the interval operation applies.
        var order0 = new IntervalTaylorArithmetic(0);
        Assert.Equal(new Interval(0, 1), order0.Unary(UnaryOp.Abs, straddling.Truncate(0))[0]);
        Assert.Equal(new Interval(-1, 0.5), order0.Binary(BinaryOp.Min, straddling.Truncate(0), IntervalTaylorSeries.Constant(new Interval(0.5), 0))[0]);
    }

    [Fact]
    public void DomainViolations_ThrowInsteadOfDroppingMembers()
    {
        var arith = new IntervalTaylorArithmetic(2);
        IntervalTaylorSeries straddling = IntervalTaylorSeries.Variable(new Interval(-1, 1), 2);
        IntervalTaylorSeries one = IntervalTaylorSeries.Constant(Interval.One, 2);
        Assert.Throws<ArithmeticException>(() => arith.Unary(UnaryOp.Log, straddling));
        Assert.Throws<ArithmeticException>(() => arith.Unary(UnaryOp.Sqrt, straddling));
        Assert.Throws<ArithmeticException>(() => arith.Unary(UnaryOp.Sqrt, IntervalTaylorSeries.Variable(new Interval(0, 1), 2)));
        Assert.Throws<ArithmeticException>(() => arith.Binary(BinaryOp.Divide, one, straddling));
        Assert.Throws<ArithmeticException>(() => arith.Binary(BinaryOp.Power, straddling, IntervalTaylorSeries.Constant(new Interval(0.3), 2)));
        Assert.Throws<ArithmeticException>(() => arith.Unary(UnaryOp.Tan, IntervalTaylorSeries.Variable(new Interval(1, 2), 2)));
        Assert.Equal(new Interval(0, 1), new IntervalTaylorArithmetic(0).Unary(UnaryOp.Sqrt, IntervalTaylorSeries.Constant(new Interval(0, 1), 0))[0]);
        Assert.Equal(new Interval(1), arith.Binary(BinaryOp.Power, straddling, IntervalTaylorSeries.Constant(new Interval(2), 2))[2]);
    }

    [Fact]
    public void Series_BasicsAndValidation()
    {
        IntervalTaylorSeries s = new([new Interval(1), new Interval(2), new Interval(3)]);
        Assert.Equal(2, s.Order);
        Assert.Equal(new Interval(6), s.Evaluate(Interval.One));
        Assert.Equal(new Interval(1, 6), s.Evaluate(new Interval(0, 1)));
        Assert.Equal(1, s.Truncate(1).Order);
        Assert.False(s.IsConstant);
        Assert.True(IntervalTaylorSeries.Constant(new Interval(2), 4).IsConstant);
        Assert.Throws<ArgumentException>(() => new IntervalTaylorSeries([]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new IntervalTaylorArithmetic(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => s.Truncate(3));
        Assert.Contains("τ^2", s.ToString(), StringComparison.Ordinal);
    }

    private static double Binomial(int n, int k) => Factorial(n) / (Factorial(k) * Factorial(n - k));
}
