using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Certus.Control.MadPinn;

/// <summary>
/// Sine and cosine of doubles, <see cref="Vector{T}"/> lanes at a time: the deployed network's activation, which
/// <see cref="Math.Sin"/> (one libm call per number, about 17 ns here) made the largest cost of a policy step.
/// </summary>
/// <remarks>
/// Cody-Waite reduction by π/2 in three 33-bit parts (each product <c>k·P</c> exact for <c>|k| &lt; 2²⁰</c>), then
/// the fdlibm/musl minimax kernels on <c>[−π/4, π/4]</c> chosen by the quadrant. Agrees with <see cref="Math.Sin"/>
/// to about 1 ulp (checked in tests: at most 2e-16 absolute on |x| ≤ 400). Lanes with <c>|x| &gt; 10⁵</c> (never met
/// by the shipped models: ω₀ times a pre-activation) fall back to <see cref="Math.Sin"/>/<see cref="Math.Cos"/>; so do
/// NaN and infinities. Not for interval bounds: these are plain floating-point values, like Math.Sin's.
/// </remarks>
internal static class VectorSine
{
    private const double TwoOverPi = 6.36619772367581382433e-01;
    private const double Pio2Part1 = 1.57079632673412561417e+00;  // first 33 bits of π/2
    private const double Pio2Part2 = 6.07710050630396597660e-11;  // next 33 bits
    private const double Pio2Part3 = 2.02226624879595063154e-21;  // π/2 − the two parts
    private const double Limit = 1e5;
    private const double S1 = -1.66666666666666324348e-01, S2 = 8.33333333332248946124e-03, S3 = -1.98412698298579493134e-04;
    private const double S4 = 2.75573137070700676789e-06, S5 = -2.50507602534068634195e-08, S6 = 1.58969099521155010221e-10;
    private const double C1 = 4.16666666666666019037e-02, C2 = -1.38888888888741095749e-03, C3 = 2.48015872894767294178e-05;
    private const double C4 = -2.75573143513906633035e-07, C5 = 2.08757232129817482790e-09, C6 = -1.13596475577881948265e-11;

    /// <summary>dst[i] = sin(src[i]) (cos with <paramref name="cosine"/>); the spans have the same length and may be the same.</summary>
    /// <param name="src">Arguments.</param>
    /// <param name="dst">Results.</param>
    /// <param name="cosine">Cosine instead of sine.</param>
    public static void Apply(ReadOnlySpan<double> src, Span<double> dst, bool cosine)
    {
        int n = src.Length, i = 0, vc = Vector<double>.Count;
        if (Vector.IsHardwareAccelerated)
        {
            ref double s = ref MemoryMarshal.GetReference(src);
            ref double d = ref MemoryMarshal.GetReference(dst);
            for (; i <= n - vc; i += vc)
            {
                Vector<double> x = Vector.LoadUnsafe(ref s, (nuint)i);
                Core(x, cosine).StoreUnsafe(ref d, (nuint)i);

                // Per lane, so that a number's result never depends on its neighbours in the vector.
                if (Vector.GreaterThanAny(Vector.Abs(x), new Vector<double>(Limit)) || !Vector.EqualsAll(x, x))
                {
                    for (int j = i; j < i + vc; j++)
                    {
                        double a = x[j - i]; // src may be dst
                        if (!(Math.Abs(a) <= Limit))
                        {
                            dst[j] = cosine ? Math.Cos(a) : Math.Sin(a);
                        }
                    }
                }
            }
        }

        for (; i < n; i++)
        {
            dst[i] = cosine ? Math.Cos(src[i]) : Math.Sin(src[i]);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<double> Core(Vector<double> x, bool cosine)
    {
        Vector<double> k = Vector.Round(x * new Vector<double>(TwoOverPi));
        Vector<double> r = x - (k * new Vector<double>(Pio2Part1));
        r -= k * new Vector<double>(Pio2Part2);
        r -= k * new Vector<double>(Pio2Part3);
        Vector<long> q = Vector.ConvertToInt64(k);
        if (cosine)
        {
            q += Vector<long>.One;
        }

        Vector<double> z = r * r, w = z * z;

        // musl __sin(r, 0, 0) and __cos(r, 0).
        Vector<double> sr = new Vector<double>(S2) + (z * (new Vector<double>(S3) + (z * new Vector<double>(S4)))) + (z * w * (new Vector<double>(S5) + (z * new Vector<double>(S6))));
        Vector<double> sin = r + (z * r * (new Vector<double>(S1) + (z * sr)));
        Vector<double> cr = (z * (new Vector<double>(C1) + (z * (new Vector<double>(C2) + (z * new Vector<double>(C3)))))) + (w * w * (new Vector<double>(C4) + (z * (new Vector<double>(C5) + (z * new Vector<double>(C6))))));
        Vector<double> hz = new Vector<double>(0.5) * z;
        Vector<double> one = Vector<double>.One, c = one - hz;
        Vector<double> cos = c + (((one - c) - hz) + (z * cr));

        Vector<long> odd = Vector.Equals(q & Vector<long>.One, Vector<long>.One);
        Vector<long> negative = Vector.Equals(q & new Vector<long>(2), new Vector<long>(2));
        Vector<double> v = Vector.ConditionalSelect(Vector.AsVectorDouble(odd), cos, sin);
        return Vector.ConditionalSelect(Vector.AsVectorDouble(negative), -v, v);
    }
}
