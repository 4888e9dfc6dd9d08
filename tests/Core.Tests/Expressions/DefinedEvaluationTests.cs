using Certus.Core.Expressions;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Interval = Certus.Core.Numerics.Interval;

namespace Certus.Core.Tests.Expressions;

/// <summary>
/// Evaluation that proves an expression defined on the whole set: an enclosure that is empty or that dropped points
/// outside an operation's domain must never be returned (it would prove anything).
/// </summary>
public sealed class DefinedEvaluationTests
{
    private static readonly string[] Names = ["x", "y", "z"];

    /// <summary>Expressions with every partial operation, over boxes that touch domain edges, zeros and infinities.</summary>
    public static class Arbitraries
    {
        private static readonly double[] Edges = [0, -0.0, 1, -1, 0.5, 2, -2, Math.PI / 2, double.Epsilon, 1e-300, 1e300];

        private static Gen<Expr> Tree(int depth)
        {
            Gen<Expr> leaf = Gen.Frequency(
                (4, Gen.Elements(Names).Select(n => (Expr)new VariableExpr(n))),
                (2, Gen.Choose(-8, 8).Select(i => (Expr)Expr.Number(i / 4.0))),
                (1, Gen.Elements("0.1", "1.5", "pi", "0.5", "1e-12").Select(ExpressionParser.Parse)));
            if (depth <= 0)
            {
                return leaf;
            }

            Gen<Expr> sub = Tree(depth - 1);
            return Gen.Frequency(
                (2, leaf),
                (3, from op in Gen.Elements(Enum.GetValues<BinaryOp>())
                    from a in sub
                    from b in sub
                    select (Expr)new BinaryExpr(op, a, b)),
                (3, from op in Gen.Elements(Enum.GetValues<UnaryOp>())
                    from a in sub
                    select (Expr)new UnaryExpr(op, a)),
                (1, from a in sub
                    from n in Gen.Choose(-3, 4)
                    select (Expr)new IntPowerExpr(a, n)));
        }

        public static Arbitrary<Expr> Expressions() => Gen.Sized(s => Tree(Math.Min(4, 1 + (s / 20)))).ToArbitrary();

        private static Gen<double> Endpoint() => Gen.Frequency(
            (3, Gen.Elements(Edges)),
            (3, Gen.Choose(-4000, 4000).Select(i => i / 1000.0)),
            (1, Gen.Elements(double.NegativeInfinity, double.PositiveInfinity)));

        private static Gen<Interval> Set() => Gen.Frequency(
            (6, from a in Endpoint()
                from b in Endpoint()
                where !(double.IsPositiveInfinity(Math.Min(a, b)) || double.IsNegativeInfinity(Math.Max(a, b)))
                select new Interval(Math.Min(a, b), Math.Max(a, b))),
            (1, Gen.Constant(Interval.Empty)),
            (1, Gen.Elements(Edges).Select(e => new Interval(e))));

        public static Arbitrary<Interval[]> Boxes() => Gen.ArrayOf(Set(), 3).ToArbitrary();
    }

    private static Func<string, Interval> Env(Interval[] box) => n => box[Array.IndexOf(Names, n)];

    private static IEnumerable<Interval[]> Points(Interval[] box, Random random)
    {
        // Endpoints and inner points of each coordinate (finite members only: an interval has no infinite member).
        static double Pick(Interval i, Random r, int k)
        {
            double lo = double.IsFinite(i.Lo) ? i.Lo : Math.Min(i.Hi, 0) - 1e6;
            double hi = double.IsFinite(i.Hi) ? i.Hi : Math.Max(i.Lo, 0) + 1e6;
            return k switch { 0 => lo, 1 => hi, _ => Math.Clamp(lo + (r.NextDouble() * (hi - lo)), lo, hi) };
        }

        for (int k = 0; k < 6; k++)
        {
            yield return [.. box.Select(i => new Interval(Pick(i, random, k % 2 == 0 && k < 2 ? k : k == 1 ? 1 : random.Next(3))))];
        }
    }

    // The law that makes a margin a proof: when the whole box evaluates as defined, the enclosure is non-empty, every
    // point of the box is defined, and every point's enclosure meets the box's; when some point is undefined, the
    // box is not reported defined.
    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = 20_000, Replay = "(31,37)")]
    public bool Defined_OnTheBox_MeansNonEmptyAndDefinedAtEveryPoint(Expr e, Interval[] box, int seed)
    {
        bool definedOnBox = ExpressionEvaluator.TryEvaluateDefined(e, Env(box), out Interval wide, out UndefinedExpressionException? why);
        if (definedOnBox && wide.IsEmpty)
        {
            throw new InvalidOperationException($"{e} over {string.Join(" x ", box)}: an empty enclosure reported as defined.");
        }

        if (box.Any(b => b.IsEmpty))
        {
            return !definedOnBox || !e.Variables().Any(v => box[Array.IndexOf(Names, v)].IsEmpty)
                ? true
                : throw new InvalidOperationException($"{e}: defined over an empty variable set.");
        }

        var random = new Random(seed);
        foreach (Interval[] point in Points(box, random))
        {
            bool definedAtPoint = ExpressionEvaluator.TryEvaluateDefined(e, Env(point), out Interval narrow, out _);
            if (definedOnBox && !definedAtPoint)
            {
                throw new InvalidOperationException($"{e} over {string.Join(" x ", box)} = {wide} reported defined, but it is undefined at ({string.Join(", ", point)}).");
            }

            // Both enclose the true value at the point (a point's enclosure may be wider than the box's by its padding).
            if (definedOnBox && !wide.Overlaps(narrow))
            {
                throw new InvalidOperationException($"{e} over {string.Join(" x ", box)} = {wide} misses {narrow} at ({string.Join(", ", point)}).");
            }
        }

        return why is null || why.Message.Length > 0;
    }

    // Where the double evaluation of a point is not a real number, the interval evaluation must not call it defined.
    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = 20_000, Replay = "(41,43)")]
    public bool NaNAtAPoint_IsNeverDefined(Expr e, int seed)
    {
        var random = new Random(seed);
        double[] p = [.. Enumerable.Range(0, 3).Select(_ => random.Next(4) == 0 ? random.Next(-2, 3) : (random.NextDouble() * 6) - 3)];
        double d = ExpressionEvaluator.Evaluate<double, DoubleArithmetic>(e, default, n => p[Array.IndexOf(Names, n)]);
        if (!double.IsNaN(d))
        {
            return true;
        }

        // A NaN from an operation on exact doubles means some operation left its domain (or overflowed to ∞ − ∞,
        // which interval arithmetic reports as unbounded, also not a usable margin).
        bool defined = ExpressionEvaluator.TryEvaluateDefined(e, n => new Interval(p[Array.IndexOf(Names, n)]), out Interval v, out _);
        return !defined || !v.IsBounded
            ? true
            : throw new InvalidOperationException($"{e} at ({string.Join(", ", p)}) is NaN in doubles, but defined with {v} in intervals.");
    }

    [Theory]
    [InlineData("sqrt(x - 0.5)", 0, 1, "sqrt(x - 0.5)")]
    [InlineData("log(x)", 0, 1, "log(x)")]
    [InlineData("1 / (x - 0.5)", 0, 1, "divisor")]
    [InlineData("x^1.5", -1, 0, "x^1.5")]
    [InlineData("x^-1", -1, 1, "x^(-1)")]
    [InlineData("tan(x)", 1, 2, "tan(x)")]
    [InlineData("(-1)^0.5 + x", 0, 1, "(-1)^0.5")]
    public void PartiallyUndefined_NamesTheSubexpressionAndTheSet(string text, double lo, double hi, string named)
    {
        Expr e = ExpressionParser.Parse(text);
        var ex = Assert.Throws<UndefinedExpressionException>(() => ExpressionEvaluator.EvaluateDefined(e, _ => new Interval(lo, hi)));
        Assert.Contains(named, ex.Message, StringComparison.Ordinal);
        Assert.Contains("ranges over", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sqrt(x - 0.5)", 0.5, 1)]
    [InlineData("log(x)", 0.25, 1)]
    [InlineData("1 / (x - 2)", 0, 1)]
    [InlineData("x^1.5", 0, 1)]
    [InlineData("x^-2", 1, 2)]
    [InlineData("tan(x)", -1, 1)]
    public void DefinedOnTheWholeSet_Evaluates(string text, double lo, double hi)
    {
        Interval v = ExpressionEvaluator.EvaluateDefined(ExpressionParser.Parse(text), _ => new Interval(lo, hi));
        Assert.False(v.IsEmpty);
    }

    [Fact]
    public void EmptyVariable_IsUndefined()
    {
        Assert.Throws<UndefinedExpressionException>(() => ExpressionEvaluator.EvaluateDefined(ExpressionParser.Parse("x + 1"), _ => Interval.Empty));
    }

    [Fact]
    public void EveryOperation_HasADomainRule()
    {
        foreach (UnaryOp op in Enum.GetValues<UnaryOp>())
        {
            _ = IntervalDomains.IsDefinedOn(op, new Interval(0.25, 0.5));
        }

        foreach (BinaryOp op in Enum.GetValues<BinaryOp>())
        {
            _ = IntervalDomains.IsDefinedOn(op, new Interval(0.25, 0.5), new Interval(0.25, 0.5));
        }
    }

    [Theory]
    [InlineData("atan2(y, x)", -2, -1, -0.5, 0.5, true)]
    [InlineData("atan2(y, x)", 1, 2, -0.5, 0.5, false)]
    [InlineData("atan2(y, x)", -2, -1, 0.25, 0.5, false)]
    [InlineData("sign(x) + y", -1, 1, 0, 1, true)]
    [InlineData("sign(x) + y", 0.5, 1, 0, 1, false)]
    [InlineData("sqrt(x) + atan(y)", 0, 1, -5, 5, false)]
    public void MayJumpOn_FlagsTheBranchCutAndTheSignStep(string text, double xlo, double xhi, double ylo, double yhi, bool jumps)
    {
        Interval X = new(xlo, xhi), Y = new(ylo, yhi);
        Assert.Equal(jumps, IntervalDomains.MayJumpOn(ExpressionParser.Parse(text), n => n == "x" ? X : Y));
    }
}
