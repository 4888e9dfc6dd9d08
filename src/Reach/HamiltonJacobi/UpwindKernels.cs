using System.Numerics;

namespace Certus.Reach.HamiltonJacobi;

/// <summary>
/// Left and right derivatives at a point of a padded array along a stride (vector: lanes are consecutive entries).
/// Each writes the Lax-Friedrichs average <c>(p⁻ + p⁺)/2</c> and half-jump <c>(p⁺ − p⁻)/2</c>.
/// </summary>
internal static class UpwindKernels
{
    private const double Third = 1.0 / 3, Sixth = 1.0 / 6;

    public static void Weno5(ReadOnlySpan<double> f, int c, int s, double invDx, out Vector<double> average, out Vector<double> halfJump)
    {
        var inv = new Vector<double>(invDx);
        Vector<double> fm3 = Simd.Load(f, c - (3 * s)), fm2 = Simd.Load(f, c - (2 * s)), fm1 = Simd.Load(f, c - s);
        Vector<double> f0 = Simd.Load(f, c), f1 = Simd.Load(f, c + s), f2 = Simd.Load(f, c + (2 * s)), f3 = Simd.Load(f, c + (3 * s));
        Vector<double> d0 = (fm2 - fm3) * inv, d1 = (fm1 - fm2) * inv, d2 = (f0 - fm1) * inv;
        Vector<double> d3 = (f1 - f0) * inv, d4 = (f2 - f1) * inv, d5 = (f3 - f2) * inv;
        Vector<double> left = Combine(d0, d1, d2, d3, d4), right = Combine(d5, d4, d3, d2, d1);
        var half = new Vector<double>(0.5);
        average = (left + right) * half;
        halfJump = (right - left) * half;
    }

    public static void Weno5(ReadOnlySpan<double> f, int c, int s, double invDx, out double average, out double halfJump)
    {
        double d0 = (f[c - (2 * s)] - f[c - (3 * s)]) * invDx, d1 = (f[c - s] - f[c - (2 * s)]) * invDx, d2 = (f[c] - f[c - s]) * invDx;
        double d3 = (f[c + s] - f[c]) * invDx, d4 = (f[c + (2 * s)] - f[c + s]) * invDx, d5 = (f[c + (3 * s)] - f[c + (2 * s)]) * invDx;
        double left = Combine(d0, d1, d2, d3, d4), right = Combine(d5, d4, d3, d2, d1);
        average = 0.5 * (left + right);
        halfJump = 0.5 * (right - left);
    }

    public static void Eno2(ReadOnlySpan<double> f, int c, int s, double invDx, out Vector<double> average, out Vector<double> halfJump)
    {
        var inv = new Vector<double>(invDx);
        var halfInv = new Vector<double>(0.5 * invDx);
        Vector<double> fm2 = Simd.Load(f, c - (2 * s)), fm1 = Simd.Load(f, c - s), f0 = Simd.Load(f, c);
        Vector<double> f1 = Simd.Load(f, c + s), f2 = Simd.Load(f, c + (2 * s));
        Vector<double> a = f0 - fm1 - (fm1 - fm2), b = f1 - f0 - (f0 - fm1), e = f2 - f1 - (f1 - f0);
        Vector<double> left = ((f0 - fm1) * inv) + (halfInv * MinAbs(a, b));
        Vector<double> right = ((f1 - f0) * inv) - (halfInv * MinAbs(b, e));
        var half = new Vector<double>(0.5);
        average = (left + right) * half;
        halfJump = (right - left) * half;
    }

    public static void Eno2(ReadOnlySpan<double> f, int c, int s, double invDx, out double average, out double halfJump)
    {
        double fm2 = f[c - (2 * s)], fm1 = f[c - s], f0 = f[c], f1 = f[c + s], f2 = f[c + (2 * s)];
        double a = f0 - fm1 - (fm1 - fm2), b = f1 - f0 - (f0 - fm1), e = f2 - f1 - (f1 - f0);
        double left = ((f0 - fm1) * invDx) + (0.5 * invDx * MinAbs(a, b));
        double right = ((f1 - f0) * invDx) - (0.5 * invDx * MinAbs(b, e));
        average = 0.5 * (left + right);
        halfJump = 0.5 * (right - left);
    }

    public static void FirstOrder(ReadOnlySpan<double> f, int c, int s, double invDx, out Vector<double> average, out Vector<double> halfJump)
    {
        var inv = new Vector<double>(0.5 * invDx);
        Vector<double> fm1 = Simd.Load(f, c - s), f0 = Simd.Load(f, c), f1 = Simd.Load(f, c + s);
        average = (f1 - fm1) * inv;
        halfJump = (f1 - f0 - (f0 - fm1)) * inv;
    }

    public static void FirstOrder(ReadOnlySpan<double> f, int c, int s, double invDx, out double average, out double halfJump)
    {
        average = 0.5 * invDx * (f[c + s] - f[c - s]);
        halfJump = 0.5 * invDx * (f[c + s] - f[c] - (f[c] - f[c - s]));
    }

    // WENO5 from the five one-sided differences v1 … v5 (v3 the nearest on the upwind side). The weights
    // α_k = d_k / (S_k + ε)² are scaled by Π(S_j + ε)² so that one division remains.
    private static Vector<double> Combine(Vector<double> v1, Vector<double> v2, Vector<double> v3, Vector<double> v4, Vector<double> v5)
    {
        var third = new Vector<double>(Third);
        var sixth = new Vector<double>(Sixth);
        Vector<double> p1 = (third * v1) - (new Vector<double>(7 * Sixth) * v2) + (new Vector<double>(11 * Sixth) * v3);
        Vector<double> p2 = (-sixth * v2) + (new Vector<double>(5 * Sixth) * v3) + (third * v4);
        Vector<double> p3 = (third * v3) + (new Vector<double>(5 * Sixth) * v4) - (sixth * v5);
        var c13 = new Vector<double>(13.0 / 12);
        var c14 = new Vector<double>(0.25);
        Vector<double> a = v1 - v2 - v2 + v3, b = v1 - (new Vector<double>(4) * v2) + (new Vector<double>(3) * v3);
        Vector<double> s1 = (c13 * a * a) + (c14 * b * b);
        a = v2 - v3 - v3 + v4;
        b = v2 - v4;
        Vector<double> s2 = (c13 * a * a) + (c14 * b * b);
        a = v3 - v4 - v4 + v5;
        b = (new Vector<double>(3) * v3) - (new Vector<double>(4) * v4) + v5;
        Vector<double> s3 = (c13 * a * a) + (c14 * b * b);
        Vector<double> m = Vector.Max(Vector.Max(Vector.Max(v1 * v1, v2 * v2), Vector.Max(v3 * v3, v4 * v4)), v5 * v5);
        Vector<double> eps = (new Vector<double>(1e-6) * m) + new Vector<double>(1e-30);
        Vector<double> q1 = s1 + eps, q2 = s2 + eps, q3 = s3 + eps;
        q1 *= q1;
        q2 *= q2;
        q3 *= q3;
        Vector<double> w1 = new Vector<double>(0.1) * q2 * q3, w2 = new Vector<double>(0.6) * q1 * q3, w3 = new Vector<double>(0.3) * q1 * q2;
        return ((w1 * p1) + (w2 * p2) + (w3 * p3)) / (w1 + w2 + w3);
    }

    private static double Combine(double v1, double v2, double v3, double v4, double v5)
    {
        double p1 = (Third * v1) - (7 * Sixth * v2) + (11 * Sixth * v3);
        double p2 = (-Sixth * v2) + (5 * Sixth * v3) + (Third * v4);
        double p3 = (Third * v3) + (5 * Sixth * v4) - (Sixth * v5);
        double a = v1 - (2 * v2) + v3, b = v1 - (4 * v2) + (3 * v3);
        double s1 = (13.0 / 12 * a * a) + (0.25 * b * b);
        a = v2 - (2 * v3) + v4;
        b = v2 - v4;
        double s2 = (13.0 / 12 * a * a) + (0.25 * b * b);
        a = v3 - (2 * v4) + v5;
        b = (3 * v3) - (4 * v4) + v5;
        double s3 = (13.0 / 12 * a * a) + (0.25 * b * b);
        double m = Math.Max(Math.Max(Math.Max(v1 * v1, v2 * v2), Math.Max(v3 * v3, v4 * v4)), v5 * v5);
        double eps = (1e-6 * m) + 1e-30;
        double q1 = (s1 + eps) * (s1 + eps), q2 = (s2 + eps) * (s2 + eps), q3 = (s3 + eps) * (s3 + eps);
        double w1 = 0.1 * q2 * q3, w2 = 0.6 * q1 * q3, w3 = 0.3 * q1 * q2;
        return ((w1 * p1) + (w2 * p2) + (w3 * p3)) / (w1 + w2 + w3);
    }

    private static Vector<double> MinAbs(Vector<double> a, Vector<double> b) =>
        Vector.ConditionalSelect(Vector.LessThanOrEqual(Vector.Abs(a), Vector.Abs(b)), a, b);

    private static double MinAbs(double a, double b) => Math.Abs(a) <= Math.Abs(b) ? a : b;
}
