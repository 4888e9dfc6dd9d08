using FsCheck;
using Interval = Certus.Core.Numerics.Interval;
using FsCheck.Fluent;

namespace Certus.Core.Tests.Numerics;

/// <summary>An interval with a few of its members (endpoints where finite, and interior points).</summary>
public sealed record IntervalWithMembers(Interval Interval, double[] Members)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Interval} members {{{string.Join(", ", Members.Select(m => m.ToString("R", System.Globalization.CultureInfo.InvariantCulture)))}}}";
}

/// <summary>A pair of operands.</summary>
public sealed record OperandPair(IntervalWithMembers X, IntervalWithMembers Y);

/// <summary>
/// Generators of doubles and intervals that reach the corners of floating point: signed zeros, subnormals, the
/// smallest normal, huge and tiny magnitudes, exact small integers, and unbounded endpoints.
/// </summary>
public static class Arbitraries
{
    private static readonly double[] Specials =
    [
        0.0, -0.0, double.Epsilon, -double.Epsilon, 2.2250738585072014e-308, -2.2250738585072014e-308,
        double.MaxValue, -double.MaxValue, 1, -1, 2, 0.5, 3, -3, 1e-300, -1e-300, 1e300, -1e300, 0.1, -0.1,
        Math.BitIncrement(1.0), Math.BitDecrement(1.0), 4.008336720017946e-292,
    ];

    /// <summary>Any finite double: specials, small values, and values with a uniformly random binary exponent.</summary>
    public static Gen<double> FiniteDouble { get; } = Gen.Frequency(
        (2, Gen.Elements(Specials)),
        (3, Gen.Choose(-1000, 1000).Select(i => i / 8.0)),
        (4, UniformIn(-10, 10)),
        (5, WideDouble(-1074, 1023)),
        (2, WideDouble(-1074, -1000)),
        (2, WideDouble(950, 1023)));

    /// <summary>sign * mantissa * 2^e with e uniform in [minExp, maxExp].</summary>
    public static Gen<double> WideDouble(int minExp, int maxExp) =>
        from e in Gen.Choose(minExp, maxExp)
        from m in Gen.Choose(0, int.MaxValue)
        from m2 in Gen.Choose(0, int.MaxValue)
        from negative in Gen.Elements(false, true)
        let mantissa = 1.0 + ((((long)m << 21) ^ m2) & ((1L << 52) - 1)) / (double)(1L << 52)
        let v = Math.ScaleB(mantissa, e)
        where double.IsFinite(v)
        select negative ? -v : v;

    /// <summary>Uniform doubles in [lo, hi].</summary>
    public static Gen<double> UniformIn(double lo, double hi) =>
        from a in Gen.Choose(0, int.MaxValue)
        from b in Gen.Choose(0, int.MaxValue)
        let u = ((((long)a << 21) ^ b) & ((1L << 52) - 1)) / (double)(1L << 52)
        select Math.Clamp(lo + (u * (hi - lo)), lo, hi);

    /// <summary>Intervals over the given endpoint generator, sometimes unbounded, with members.</summary>
    public static Gen<IntervalWithMembers> IntervalsOver(Gen<double> endpoint, int unboundedPercent) =>
        from a in endpoint
        from b in Gen.Frequency((3, endpoint), (1, endpoint.Select(v => a + (v / 1e6))), (1, Gen.Constant(a)))
        where double.IsFinite(b)
        from lowerInf in Gen.Choose(0, 99)
        from upperInf in Gen.Choose(0, 99)
        from u1 in Gen.Choose(0, int.MaxValue)
        from u2 in Gen.Choose(0, int.MaxValue)
        select Build(Math.Min(a, b), Math.Max(a, b), lowerInf < unboundedPercent, upperInf < unboundedPercent, u1 / (double)int.MaxValue, u2 / (double)int.MaxValue);

    private static IntervalWithMembers Build(double lo, double hi, bool lowerInf, bool upperInf, double u1, double u2)
    {
        var members = new List<double> { lo, hi };
        double span = hi - lo;
        if (double.IsFinite(span))
        {
            members.Add(Math.Clamp(lo + (u1 * span), lo, hi));
        }
        else
        {
            members.Add(Math.Clamp((lo * (1 - u1)) + (hi * u1), lo, hi));
        }

        // Members beyond a finite endpoint that became infinite.
        if (lowerInf)
        {
            members.Add(lo - (Math.Abs(lo) * 7 * u2) - (1e10 * u2));
            members.Add(-double.MaxValue * u2);
        }

        if (upperInf)
        {
            members.Add(hi + (Math.Abs(hi) * 7 * u2) + (1e10 * u2));
            members.Add(double.MaxValue * u2);
        }

        double[] finite = members.Where(double.IsFinite).Where(m => (lowerInf || m >= lo) && (upperInf || m <= hi)).Distinct().ToArray();
        var interval = new Interval(lowerInf ? double.NegativeInfinity : lo, upperInf ? double.PositiveInfinity : hi);
        return new IntervalWithMembers(interval, finite);
    }

    /// <summary>General intervals for the arithmetic laws.</summary>
    public static Arbitrary<IntervalWithMembers> Intervals() => IntervalsOver(FiniteDouble, 8).ToArbitrary();

    /// <summary>Pairs of general intervals.</summary>
    public static Arbitrary<OperandPair> Pairs() =>
        (from x in IntervalsOver(FiniteDouble, 8)
         from y in IntervalsOver(FiniteDouble, 8)
         select new OperandPair(x, y)).ToArbitrary();
}
