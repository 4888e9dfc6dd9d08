using Certus.Core.Expressions;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Interval = Certus.Core.Numerics.Interval;

namespace Certus.Core.Tests.Expressions;

/// <summary>Laws of the expression layer over random expression trees.</summary>
public sealed class ExpressionPropertyTests
{
    private static readonly string[] Names = ["x", "y", "z"];

    public static class Arbitraries
    {
        private static Gen<Expr> Tree(int depth)
        {
            Gen<Expr> leaf = Gen.Frequency(
                (3, Gen.Elements(Names).Select(n => (Expr)new VariableExpr(n))),
                (2, Gen.Choose(-20, 20).Select(i => (Expr)Expr.Number(i / 4.0))),
                (1, Gen.Elements("0.1", "1.4", "pi", "2.5e-1").Select(ExpressionParser.Parse)));
            if (depth <= 0)
            {
                return leaf;
            }

            Gen<Expr> sub = Tree(depth - 1);
            return Gen.Frequency(
                (2, leaf),
                (2, from op in Gen.Elements(BinaryOp.Add, BinaryOp.Subtract, BinaryOp.Multiply, BinaryOp.Divide, BinaryOp.Min, BinaryOp.Max)
                    from a in sub
                    from b in sub
                    select (Expr)new BinaryExpr(op, a, b)),
                (2, from op in Gen.Elements(UnaryOp.Negate, UnaryOp.Sin, UnaryOp.Cos, UnaryOp.Atan, UnaryOp.Tanh, UnaryOp.Sigmoid, UnaryOp.Exp, UnaryOp.Abs)
                    from a in sub
                    select (Expr)new UnaryExpr(op, a)),
                (1, from a in sub
                    from n in Gen.Choose(-2, 4)
                    select (Expr)new IntPowerExpr(a, n)));
        }

        public static Arbitrary<Expr> Expressions() => Gen.Sized(s => Tree(Math.Min(4, 1 + (s / 20)))).ToArbitrary();
    }

    private static Dictionary<string, T> Env<T>(T x, T y, T z) => new() { ["x"] = x, ["y"] = y, ["z"] = z };

    // Printing then parsing gives a tree with the same value, and parsed trees round-trip exactly (a negated literal
    // comes back as a negative constant, which is the same number).
    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = 3_000, Replay = "(5,7)")]
    public bool PrintThenParse_GivesAnEquivalentTree(Expr e)
    {
        Expr back = ExpressionParser.Parse(e.ToString());
        var env = Env(new Interval(0.5, 0.75), new Interval(-1, 2), new Interval(3, 3));
        Interval before = ExpressionEvaluator.Evaluate<Interval, IntervalArithmetic>(e, default, env);
        Interval after = ExpressionEvaluator.Evaluate<Interval, IntervalArithmetic>(back, default, env);
        return (ExpressionParser.Parse(back.ToString()).Equals(back) && before.Equals(after))
            ? true
            : throw new InvalidOperationException($"Round trip changed {e} = {before} into {back} = {after}.");
    }

    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = 3_000, Replay = "(11,13)")]
    public bool IntervalEvaluation_ContainsEveryPointEvaluation(Expr e, int seed)
    {
        var random = new Random(seed);
        Interval[] box = [.. Enumerable.Range(0, 3).Select(_ => { double a = (random.NextDouble() * 6) - 3; return new Interval(a, a + random.NextDouble()); })];
        Interval wide = ExpressionEvaluator.Evaluate<Interval, IntervalArithmetic>(e, default, Env(box[0], box[1], box[2]));
        for (int k = 0; k < 5; k++)
        {
            double[] p = [.. box.Select(b => b.Lo + (random.NextDouble() * (b.Hi - b.Lo)))];
            Interval narrow = ExpressionEvaluator.Evaluate<Interval, IntervalArithmetic>(e, default, Env<Interval>(p[0], p[1], p[2]));
            if (!wide.Contains(narrow))
            {
                throw new InvalidOperationException($"{e} over {string.Join(" x ", box)} = {wide} misses {narrow} at ({string.Join(", ", p)}).");
            }

            double d = ExpressionEvaluator.Evaluate<double, DoubleArithmetic>(e, default, Env(p[0], p[1], p[2]));
            bool close = double.IsNaN(d) || double.IsInfinity(d) || narrow.Inflate(1e-9 * (1 + Math.Abs(d))).Contains(d) || narrow.IsEmpty;
            if (!close)
            {
                throw new InvalidOperationException($"{e} at ({string.Join(", ", p)}): double {d:R} far from {narrow}.");
            }
        }

        return true;
    }

    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = 1_000, Replay = "(17,19)")]
    public bool Compiled_EqualsInterpreted(Expr e, NormalFloat x, NormalFloat y)
    {
        var slots = new Dictionary<string, int> { ["x"] = 0, ["y"] = 1, ["z"] = 2 };
        Func<double[], double> f = ExpressionCompiler.Compile(e, slots);
        double[] v = [Math.IEEERemainder(x.Get, 5), Math.IEEERemainder(y.Get, 5), 0.75];
        double compiled = f(v);
        double interpreted = ExpressionEvaluator.Evaluate<double, DoubleArithmetic>(e, default, Env(v[0], v[1], v[2]));
        return compiled.Equals(interpreted) ? true : throw new InvalidOperationException($"{e}: compiled {compiled:R}, interpreted {interpreted:R}");
    }

    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = 1_000, Replay = "(23,25)")]
    public bool Derivative_MatchesFiniteDifferences(Expr e, int seed)
    {
        var random = new Random(seed);
        Expr d = Differentiator.Derivative(e, "x");
        for (int k = 0; k < 3; k++)
        {
            double x = (random.NextDouble() * 4) - 2, y = (random.NextDouble() * 4) - 2;
            double F(double xv) => ExpressionEvaluator.Evaluate<double, DoubleArithmetic>(e, default, Env(xv, y, 0.75));
            double h = 1e-6;
            double fd = (F(x + h) - F(x - h)) / (2 * h);
            double second = (F(x + h) - (2 * F(x)) + F(x - h)) / (h * h);
            double exact = ExpressionEvaluator.Evaluate<double, DoubleArithmetic>(d, default, Env(x, y, 0.75));
            // Skip points near kinks (abs, min, max, sign), poles and overflow, where finite differences mean nothing.
            if (!double.IsFinite(fd) || !double.IsFinite(exact) || Math.Abs(exact) > 1e6 || !double.IsFinite(second) || Math.Abs(second) > 1e4)
            {
                continue;
            }

            if (Math.Abs(fd - exact) > 1e-4 * (1 + Math.Abs(exact)))
            {
                throw new InvalidOperationException($"d/dx {e} = {d}: {exact:R} at x={x:R}, y={y:R}; finite difference {fd:R}.");
            }
        }

        return true;
    }

    [Fact]
    public void Derivative_SimplifiesTrivialTerms()
    {
        Assert.Equal("3*x^2", Differentiator.Derivative(ExpressionParser.Parse("x^3"), "x").ToString());
        Assert.Equal("2*x", Differentiator.Derivative(ExpressionParser.Parse("x^2 + y"), "x").ToString());
        Assert.Equal("0", Differentiator.Derivative(ExpressionParser.Parse("sin(y)"), "x").ToString());
        Assert.Equal("cos(x)", Differentiator.Derivative(ExpressionParser.Parse("sin(x)"), "x").ToString());
        Assert.Equal("-2", Differentiator.Derivative(ExpressionParser.Parse("-2*x + 1"), "x").ToString());
        Assert.Equal("1 - tanh(x)^2", Differentiator.Derivative(ExpressionParser.Parse("tanh(x)"), "x").ToString());
    }
}
