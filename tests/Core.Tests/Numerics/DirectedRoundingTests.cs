using Certus.Core.Numerics;
using Certus.Core.Tests.Reference;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Certus.Core.Tests.Numerics;

/// <summary>Each directed operation brackets the exact result and is at most one step from round-to-nearest.</summary>
public sealed class DirectedRoundingTests
{
    public static class Doubles
    {
        public static Arbitrary<double> Finite() => Arbitraries.FiniteDouble.ToArbitrary();
    }

    private static bool Brackets(double down, double up, Rational exact) =>
        (double.IsNegativeInfinity(down) || Rational.FromDouble(down) <= exact)
        && (double.IsPositiveInfinity(up) || exact <= Rational.FromDouble(up))
        && down <= up;

    [Property(Arbitrary = [typeof(Doubles)], MaxTest = 100_000, Replay = "(1001,1003)")]
    public bool AddMulDiv_BracketTheExactResult(double a, double b)
    {
        Rational qa = Rational.FromDouble(a), qb = Rational.FromDouble(b);
        bool ok = Brackets(DirectedRounding.AddDown(a, b), DirectedRounding.AddUp(a, b), qa + qb)
            && Brackets(DirectedRounding.SubDown(a, b), DirectedRounding.SubUp(a, b), qa - qb)
            && Brackets(DirectedRounding.MulDown(a, b), DirectedRounding.MulUp(a, b), qa * qb);
        if (b != 0)
        {
            ok &= Brackets(DirectedRounding.DivDown(a, b), DirectedRounding.DivUp(a, b), qa / qb);
        }

        return ok;
    }

    [Property(Arbitrary = [typeof(Doubles)], MaxTest = 50_000, Replay = "(2002,2005)")]
    public bool Results_AreWithinOneStepOfNearest(double a, double b)
    {
        static bool Near(double down, double up, double nearest) =>
            !double.IsFinite(nearest) || Math.Abs(nearest) < DirectedRounding.TinyThreshold
            || ((down == nearest || Math.BitIncrement(down) == nearest) && (up == nearest || Math.BitDecrement(up) == nearest));

        bool ok = Near(DirectedRounding.AddDown(a, b), DirectedRounding.AddUp(a, b), a + b)
            && Near(DirectedRounding.MulDown(a, b), DirectedRounding.MulUp(a, b), a * b);
        if (b != 0)
        {
            ok &= Near(DirectedRounding.DivDown(a, b), DirectedRounding.DivUp(a, b), a / b);
        }

        return ok;
    }

    [Fact]
    public void ZeroTimesInfinity_IsZero()
    {
        Assert.Equal(0, DirectedRounding.MulDown(0, double.PositiveInfinity));
        Assert.Equal(0, DirectedRounding.MulUp(double.NegativeInfinity, 0));
    }
}
