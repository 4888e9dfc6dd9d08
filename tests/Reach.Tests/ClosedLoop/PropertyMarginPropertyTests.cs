using Certus.Core.Systems;
using Certus.Core.Expressions;
using Certus.Core.Sets;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Interval = Certus.Core.Numerics.Interval;

namespace Certus.Reach.Tests.ClosedLoop;

/// <summary>
/// A property margin that proves a property is never derived from an empty or partly undefined enclosure: random
/// constraints with every partial operation, over random boxes that touch domain edges and zeros.
/// </summary>
public sealed class PropertyMarginPropertyTests
{
    private static readonly string[] States = ["x", "y"];

    /// <summary>Random constraints and boxes.</summary>
    public static class Arbitraries
    {
        private static Gen<Expr> Tree(int depth)
        {
            Gen<Expr> leaf = Gen.Frequency(
                (4, Gen.Elements(States).Select(n => (Expr)new VariableExpr(n))),
                (2, Gen.Choose(-8, 8).Select(i => (Expr)Expr.Number(i / 4.0))),
                (1, Gen.Elements("1.5", "0.5", "1e-12", "t").Select(ExpressionParser.Parse)));
            if (depth <= 0)
            {
                return leaf;
            }

            Gen<Expr> sub = Tree(depth - 1);
            return Gen.Frequency(
                (2, leaf),
                (3, from op in Gen.Elements(Enum.GetValues<BinaryOp>()) from a in sub from b in sub select (Expr)new BinaryExpr(op, a, b)),
                (3, from op in Gen.Elements(Enum.GetValues<UnaryOp>()) from a in sub select (Expr)new UnaryExpr(op, a)),
                (1, from a in sub from n in Gen.Choose(-3, 3) select (Expr)new IntPowerExpr(a, n)));
        }

        public static Arbitrary<Expr> Constraints() => Gen.Sized(s => Tree(Math.Min(4, 1 + (s / 20)))).ToArbitrary();

        private static readonly double[] Edges = [0, 1, -1, 0.5, 0.25, 2, -0.5];

        public static Arbitrary<Box> Boxes() =>
            (from a in Gen.Elements(Edges) from wa in Gen.Elements(0.0, 0.25, 1.0, 2.0)
             from b in Gen.Elements(Edges) from wb in Gen.Elements(0.0, 0.5, 1.0)
             select new Box([new Interval(a, a + wa), new Interval(b, b + wb)])).ToArbitrary();
    }

    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = 10_000, Replay = "(53,59)")]
    public bool AProvingMargin_HoldsAtEveryPointAndIsNeverEmpty(Expr g, Box box, int seed)
    {
        var always = new StateProperty("p", PropertyKind.Always, g);
        var time = new Interval(0, 0.5);
        Interval m;
        try
        {
            m = always.Margin(States, box, time);
        }
        catch (UndefinedExpressionException e)
        {
            return e.Message.Contains("undefined", StringComparison.Ordinal);
        }

        if (m.IsEmpty)
        {
            throw new InvalidOperationException($"{g} over {box}: an empty margin was returned.");
        }

        var random = new Random(seed);
        for (int k = 0; k < 8; k++)
        {
            double[] x = [.. box.Select(i => k == 0 ? i.Lo : k == 1 ? i.Hi : i.Lo + (random.NextDouble() * i.Width))];
            double t = k % 2 == 0 ? 0 : random.NextDouble() * 0.5;
            Interval atPoint;
            try
            {
                atPoint = always.Margin(States, Box.FromPoint(x), Interval.Point(t));
            }
            catch (UndefinedExpressionException e)
            {
                throw new InvalidOperationException($"{g}: defined over {box} but not at ({string.Join(", ", x)}), t = {t}: {e.Message}");
            }

            if (!m.Overlaps(atPoint))
            {
                throw new InvalidOperationException($"{g}: margin {m} over {box} misses {atPoint} at ({string.Join(", ", x)}), t = {t}.");
            }

            // A proof at the box means the property holds at each point: the point's sound margin is ≥ 0 too.
            if (always.IsProvedBy(m.Lo) && !always.IsProvedBy(atPoint.Lo))
            {
                throw new InvalidOperationException($"{g}: proved over {box} with {m} but not at ({string.Join(", ", x)}).");
            }
        }

        return true;
    }
}
