using Certus.Core.Numerics;
using Xunit.Abstractions;

namespace Certus.Core.Tests.Numerics;

/// <summary>
/// Measured tightness: the widest enclosure of f at a point argument, in ulps (doubles strictly between the ends,
/// plus one), over seeded samples of each function's domain. The figures are the ones in docs/intervals.md; the
/// bounds asserted here keep them from growing unnoticed.
/// </summary>
public sealed class TightnessMeasurementTests(ITestOutputHelper output)
{
    private const int Samples = 3000;

    private static long Ordered(double x)
    {
        long b = BitConverter.DoubleToInt64Bits(x + 0.0);
        return b < 0 ? long.MinValue - b : b;
    }

    internal static long Ulps(Interval r) => r.IsPoint ? 0 : Ordered(r.Hi) - Ordered(r.Lo);

    public static TheoryData<string, double, double, int> Functions() => new()
    {
        // name, sample range (uniform), asserted bound in ulps
        { "exp", -700, 700, 8 },
        { "log", 1e-300, 1e300, 8 },
        { "sin", -100, 100, 16 },
        { "tan", -1.5, 1.5, 24 },
        { "atan", -1e6, 1e6, 8 },
        { "asin", -1, 1, 24 },
        { "acos", -1, 1, 24 },
        { "sinh", -700, 700, 24 },
        { "sinh-small", -1, 1, 24 },
        { "cosh", -700, 700, 24 },
        { "exp2", -1000, 1000, 16 },
        { "exp10", -300, 300, 24 },
        { "log2", 1e-300, 1e300, 16 },
        { "log10", 1e-300, 1e300, 16 },
        { "cbrt", -1e300, 1e300, 4 },
        { "rootn5", 0, 1e300, 4 },
        { "rootn100", 0, 1e300, 64 },
        { "hypot", -1e10, 1e10, 4 },
        { "atan2", -10, 10, 24 },
        { "pow0.3", 0, 1e10, 64 },
        { "pow-large", 1e10, 1e11, 8192 },
    };

    private static Interval Apply(string name, double a, double b) => name switch
    {
        "exp" => Interval.Exp(a),
        "log" => Interval.Log(a),
        "sin" => Interval.Sin(a),
        "tan" => Interval.Tan(a),
        "atan" => Interval.Atan(a),
        "asin" => Interval.Asin(a),
        "acos" => Interval.Acos(a),
        "sinh" or "sinh-small" => Interval.Sinh(a),
        "cosh" => Interval.Cosh(a),
        "exp2" => Interval.Exp2(a),
        "exp10" => Interval.Exp10(a),
        "log2" => Interval.Log2(a),
        "log10" => Interval.Log10(a),
        "cbrt" => Interval.Cbrt(a),
        "rootn5" => Interval.Rootn(a, 5),
        "rootn100" => Interval.Rootn(a, 100),
        "hypot" => Interval.Hypot(a, b),
        "atan2" => Interval.Atan2(a, b),
        "pow0.3" => Interval.Pow(a, Interval.Point(0.3)),
        "pow-large" => Interval.Pow(a, Interval.Point(29.7)),
        _ => throw new ArgumentException(name),
    };

    [Theory]
    [MemberData(nameof(Functions))]
    public void PointEnclosures_AreWithinTheDocumentedUlps(string name, double lo, double hi, int bound)
    {
        var rng = new Random(1788 + name.Length);
        long worst = 0;
        double worstAt = double.NaN;
        bool logScale = lo > 0 && hi / lo > 1e6 || (lo < 0 && hi > 1e6);
        for (int i = 0; i < Samples; i++)
        {
            double a = logScale
                ? (lo < 0 && rng.Next(2) == 0 ? -1 : 1) * Math.Pow(10, (rng.NextDouble() * 600) - 300)
                : lo + ((hi - lo) * rng.NextDouble());
            if (lo >= 0)
            {
                a = Math.Abs(a);
            }

            double b = lo + ((hi - lo) * rng.NextDouble());
            Interval r = Apply(name, a, b);
            if (!r.IsBounded)
            {
                continue;
            }

            long u = Ulps(r);
            if (u > worst)
            {
                worst = u;
                worstAt = a;
            }
        }

        output.WriteLine($"TIGHTNESS {name}: at most {worst} ulps (worst at {worstAt:R})");
        Assert.True(worst <= bound, $"{name}: {worst} ulps at {worstAt:R}, documented bound {bound}");
    }
}
