using Certus.Core.Expressions;
using Certus.Core.Numerics;

namespace Certus.Reach.Flow;

/// <summary>
/// The recurrences of Taylor-mode automatic differentiation on interval coefficient arrays (Moore; Griewank and
/// Walther, <i>Evaluating Derivatives</i>, ch. 13). Every coefficient is computed with outward-rounded
/// <see cref="Interval"/> operations. Arrays are not modified; results are fresh arrays of the shorter length.
/// </summary>
internal static class TaylorRecurrences
{
    private static Interval Int(int k) => new(k);

    public static Interval[] Negate(Interval[] a)
    {
        var r = new Interval[a.Length];
        for (int k = 0; k < r.Length; k++)
        {
            r[k] = -a[k];
        }

        return r;
    }

    public static Interval[] Add(Interval[] a, Interval[] b)
    {
        var r = new Interval[Math.Min(a.Length, b.Length)];
        for (int k = 0; k < r.Length; k++)
        {
            r[k] = a[k] + b[k];
        }

        return r;
    }

    public static Interval[] Subtract(Interval[] a, Interval[] b)
    {
        var r = new Interval[Math.Min(a.Length, b.Length)];
        for (int k = 0; k < r.Length; k++)
        {
            r[k] = a[k] - b[k];
        }

        return r;
    }

    // Cauchy product: c_k = Σ_{j=0..k} a_j b_{k−j}.
    public static Interval[] Multiply(Interval[] a, Interval[] b)
    {
        int n = Math.Min(a.Length, b.Length);
        var r = new Interval[n];
        bool aConst = IsConstant(a, n), bConst = IsConstant(b, n);
        for (int k = 0; k < n; k++)
        {
            if (aConst)
            {
                r[k] = a[0] * b[k];
            }
            else if (bConst)
            {
                r[k] = a[k] * b[0];
            }
            else
            {
                Interval s = Interval.Zero;
                for (int j = 0; j <= k; j++)
                {
                    s += a[j] * b[k - j];
                }

                r[k] = s;
            }
        }

        return r;
    }

    // The k-th coefficient of a², using the symmetry of the Cauchy product and a tight square in the middle.
    public static Interval SquareCoefficient(Interval[] a, int k)
    {
        Interval s = Interval.Zero;
        for (int j = 0; j < k - j; j++)
        {
            s += a[j] * a[k - j];
        }

        s *= Int(2);
        if ((k & 1) == 0)
        {
            s += Interval.Sqr(a[k / 2]);
        }

        return s;
    }

    public static Interval[] Square(Interval[] a)
    {
        var r = new Interval[a.Length];
        for (int k = 0; k < r.Length; k++)
        {
            r[k] = SquareCoefficient(a, k);
        }

        return r;
    }

    // c = a / b: c_k = (a_k − Σ_{j=1..k} b_j c_{k−j}) / b_0.
    public static Interval[] Divide(Interval[] a, Interval[] b)
    {
        int n = Math.Min(a.Length, b.Length);
        Interval b0 = b[0];
        if (b0.Contains(0))
        {
            throw new ArithmeticException($"Division by an interval that contains 0 ({b0}): the right-hand side may be undefined on the set.");
        }

        var r = new Interval[n];
        for (int k = 0; k < n; k++)
        {
            Interval s = a[k];
            for (int j = 1; j <= k; j++)
            {
                s -= b[j] * r[k - j];
            }

            r[k] = s / b0;
        }

        return r;
    }

    // y = exp(a): y' = a' y, so y_k = (1/k) Σ_{j=1..k} j a_j y_{k−j}.
    public static Interval[] Exp(Interval[] a)
    {
        var r = new Interval[a.Length];
        r[0] = Interval.Exp(a[0]);
        for (int k = 1; k < r.Length; k++)
        {
            r[k] = WeightedSum(a, r, k) / Int(k);
        }

        return r;
    }

    // Σ_{j=1..k} j a_j d_{k−j}.
    private static Interval WeightedSum(Interval[] a, Interval[] d, int k)
    {
        Interval s = Interval.Zero;
        for (int j = 1; j <= k; j++)
        {
            s += (Int(j) * a[j]) * d[k - j];
        }

        return s;
    }

    // y = ln a: a y' = a', so y_k = (a_k − (1/k) Σ_{j=1..k−1} j y_j a_{k−j}) / a_0.
    public static Interval[] Log(Interval[] a)
    {
        Interval a0 = a[0];
        if (!(a0.Lo > 0))
        {
            throw new ArithmeticException($"log of an interval that is not strictly positive ({a0}): the right-hand side may be undefined on the set.");
        }

        var r = new Interval[a.Length];
        r[0] = Interval.Log(a0);
        for (int k = 1; k < r.Length; k++)
        {
            Interval s = Interval.Zero;
            for (int j = 1; j < k; j++)
            {
                s += (Int(j) * r[j]) * a[k - j];
            }

            r[k] = (a[k] - (s / Int(k))) / a0;
        }

        return r;
    }

    // y = √a: y² = a, so y_k = (a_k − Σ_{j=1..k−1} y_j y_{k−j}) / (2 y_0).
    public static Interval[] Sqrt(Interval[] a)
    {
        Interval a0 = a[0];
        if (a0.Lo < 0)
        {
            throw new ArithmeticException($"sqrt of an interval with negative members ({a0}): the right-hand side may be undefined on the set.");
        }

        var r = new Interval[a.Length];
        r[0] = Interval.Sqrt(a0);
        if (r.Length > 1 && !(r[0].Lo > 0))
        {
            throw new ArithmeticException($"sqrt is not differentiable at 0, and its argument may be 0 ({a0}).");
        }

        Interval twice = Int(2) * r[0];
        for (int k = 1; k < r.Length; k++)
        {
            Interval s = a[k];
            for (int j = 1; j < k; j++)
            {
                s -= r[j] * r[k - j];
            }

            r[k] = s / twice;
        }

        return r;
    }

    // s = sin a, c = cos a: s' = c a', c' = −s a'.
    public static (Interval[] Sin, Interval[] Cos) SinCos(Interval[] a)
    {
        var s = new Interval[a.Length];
        var c = new Interval[a.Length];
        s[0] = Interval.Sin(a[0]);
        c[0] = Interval.Cos(a[0]);
        for (int k = 1; k < a.Length; k++)
        {
            s[k] = WeightedSum(a, c, k) / Int(k);
            c[k] = -(WeightedSum(a, s, k) / Int(k));
        }

        return (s, c);
    }

    // The functions with y' = d(y) a' for a polynomial d: tan (1 + y²), tanh (1 − y²), sigmoid (y − y²).
    private enum RiccatiKind
    {
        Tan,
        Tanh,
        Sigmoid,
    }

    public static Interval[] Tan(Interval[] a)
    {
        Interval y0 = Interval.Tan(a[0]);
        if (!y0.IsBounded)
        {
            throw new ArithmeticException($"tan may have a pole in {a[0]}: the right-hand side may be undefined on the set.");
        }

        return Riccati(a, y0, RiccatiKind.Tan);
    }

    public static Interval[] Tanh(Interval[] a) => Riccati(a, Interval.Tanh(a[0]), RiccatiKind.Tanh);

    public static Interval[] Sigmoid(Interval[] a) => Riccati(a, Interval.Sigmoid(a[0]), RiccatiKind.Sigmoid);

    private static Interval[] Riccati(Interval[] a, Interval y0, RiccatiKind kind)
    {
        var y = new Interval[a.Length];
        var d = new Interval[a.Length];
        y[0] = y0;
        d[0] = kind switch
        {
            RiccatiKind.Tan => Interval.One + Interval.Sqr(y0),
            RiccatiKind.Tanh => Interval.One - Interval.Sqr(y0),
            _ => y0 * (Interval.One - y0),
        };
        for (int k = 1; k < a.Length; k++)
        {
            y[k] = WeightedSum(a, d, k) / Int(k);
            Interval sq = SquareCoefficient(y, k);
            d[k] = kind switch
            {
                RiccatiKind.Tan => sq,
                RiccatiKind.Tanh => -sq,
                _ => y[k] - sq,
            };
        }

        return y;
    }

    // y = atan a: y' = a' g with g = 1 / (1 + a²).
    public static Interval[] Atan(Interval[] a)
    {
        var y = new Interval[a.Length];
        y[0] = Interval.Atan(a[0]);
        if (a.Length == 1)
        {
            return y;
        }

        Interval[] onePlusSquare = Square(a);
        onePlusSquare[0] += Interval.One;
        var one = new Interval[a.Length];
        one[0] = Interval.One;
        Interval[] g = Divide(one, onePlusSquare);
        for (int k = 1; k < a.Length; k++)
        {
            y[k] = WeightedSum(a, g, k) / Int(k);
        }

        return y;
    }

    public static Interval[] IntPower(Interval[] a, int n)
    {
        if (n == 0)
        {
            var one = new Interval[a.Length];
            one[0] = Interval.One;
            return one;
        }

        if (n == 1)
        {
            return (Interval[])a.Clone();
        }

        if (n < 0)
        {
            if (n == int.MinValue)
            {
                throw new NotSupportedException("The exponent int.MinValue is not supported in Taylor arithmetic.");
            }

            var one = new Interval[a.Length];
            one[0] = Interval.One;
            return Divide(one, IntPower(a, -n));
        }

        if (a.Length == 1)
        {
            return [Interval.Pow(a[0], n)];
        }

        // Binary powering; the order-0 coefficient is then replaced by the tight power (both enclose aⁿ).
        Interval[]? result = null;
        Interval[] power = a;
        int e = n;
        while (e > 0)
        {
            if ((e & 1) == 1)
            {
                result = result is null ? power : Multiply(result, power);
            }

            e >>= 1;
            if (e > 0)
            {
                power = Square(power);
            }
        }

        Interval[] r = result == a ? (Interval[])a.Clone() : result!;
        r[0] = Interval.Pow(a[0], n);
        return r;
    }

    public static Interval[] Power(Interval[] a, Interval[] b)
    {
        int n = Math.Min(a.Length, b.Length);
        if (IsConstant(b, n) && b[0].IsPoint)
        {
            double e = b[0].Lo;
            if (Math.Floor(e) == e && Math.Abs(e) <= int.MaxValue - 1)
            {
                return IntPower(a[..n], (int)e);
            }

            if (e == 0.5)
            {
                return Sqrt(a[..n]);
            }
        }

        // a^b = exp(b ln a); Log rejects bases that are not strictly positive.
        return Exp(Multiply(b, Log(a)));
    }

    public static Interval[] Abs(Interval[] a)
    {
        Interval a0 = a[0];
        if (a0.Lo > 0)
        {
            return (Interval[])a.Clone();
        }

        if (a0.Hi < 0)
        {
            return Negate(a);
        }

        if (a.Length == 1 || IsConstant(a, a.Length))
        {
            var r = new Interval[a.Length];
            r[0] = Interval.Abs(a0);
            return r;
        }

        throw new NotSupportedException(
            $"|x| has a kink at 0 and its argument may be 0 ({a0}) while varying in time: Taylor coefficients of order " +
            $"{a.Length - 1} do not exist there. Split the set so that the argument keeps one sign, or use a smooth model.");
    }

    public static Interval[] Sign(Interval[] a)
    {
        Interval a0 = a[0];
        var r = new Interval[a.Length];
        if (a0.Lo > 0)
        {
            r[0] = Interval.One;
            return r;
        }

        if (a0.Hi < 0)
        {
            r[0] = -Interval.One;
            return r;
        }

        if (a.Length == 1 || IsConstant(a, a.Length))
        {
            r[0] = new IntervalArithmetic().Unary(UnaryOp.Sign, a0);
            return r;
        }

        throw new NotSupportedException(
            $"sign(x) jumps at 0 and its argument may be 0 ({a0}) while varying in time: Taylor coefficients of order " +
            $"{a.Length - 1} do not exist there. Split the set so that the argument keeps one sign.");
    }

    public static Interval[] MinMax(Interval[] a, Interval[] b, bool max)
    {
        int n = Math.Min(a.Length, b.Length);
        Interval a0 = a[0], b0 = b[0];
        if (a0.Hi < b0.Lo)
        {
            return max ? b[..n] : a[..n];
        }

        if (b0.Hi < a0.Lo)
        {
            return max ? a[..n] : b[..n];
        }

        if (n == 1 || (IsConstant(a, n) && IsConstant(b, n)))
        {
            var r = new Interval[n];
            r[0] = max ? Interval.Max(a0, b0) : Interval.Min(a0, b0);
            return r;
        }

        string name = max ? "max" : "min";
        throw new NotSupportedException(
            $"{name}(a, b) has a kink where a = b, and the arguments may be equal ({a0} and {b0}) while varying in time: " +
            $"Taylor coefficients of order {n - 1} do not exist there. Split the set so that one argument stays the {name}imum.");
    }

    public static bool IsConstant(Interval[] a, int n)
    {
        for (int k = 1; k < n; k++)
        {
            if (!IntervalTaylorSeries.IsExactZero(a[k]))
            {
                return false;
            }
        }

        return true;
    }

    // y = asin a: y' = a' g with g = 1 / √(1 − a²); strict: a_0 inside (−1, 1), where asin is smooth.
    public static Interval[] Asin(Interval[] a) => ArcSine(a, acos: false);

    // y = acos a: y' = −a' g.
    public static Interval[] Acos(Interval[] a) => ArcSine(a, acos: true);

    private static Interval[] ArcSine(Interval[] a, bool acos)
    {
        Interval a0 = a[0];
        string name = acos ? "acos" : "asin";
        if (!(a0.Lo > -1 && a0.Hi < 1))
        {
            throw new ArithmeticException($"{name} of an interval not inside (-1, 1) ({a0}): the right-hand side may be undefined on the set.");
        }

        var y = new Interval[a.Length];
        y[0] = acos ? Interval.Acos(a0) : Interval.Asin(a0);
        if (a.Length == 1)
        {
            return y;
        }

        Interval[] oneMinusSquare = Negate(Square(a));
        oneMinusSquare[0] += Interval.One;
        var one = new Interval[a.Length];
        one[0] = Interval.One;
        Interval[] g = Divide(one, Sqrt(oneMinusSquare));
        for (int k = 1; k < a.Length; k++)
        {
            Interval t = WeightedSum(a, g, k) / Int(k);
            y[k] = acos ? -t : t;
        }

        return y;
    }

    // s = sinh a, c = cosh a: s' = c a', c' = s a'.
    public static (Interval[] Sinh, Interval[] Cosh) SinhCosh(Interval[] a)
    {
        var s = new Interval[a.Length];
        var c = new Interval[a.Length];
        s[0] = Interval.Sinh(a[0]);
        c[0] = Interval.Cosh(a[0]);
        for (int k = 1; k < a.Length; k++)
        {
            s[k] = WeightedSum(a, c, k) / Int(k);
            c[k] = WeightedSum(a, s, k) / Int(k);
        }

        return (s, c);
    }

    // y = ∛a = rootn(a, 3).
    public static Interval[] Cbrt(Interval[] a) => RootRecurrence(a, 3, "cbrt");

    // y = rootn(a, n) for a constant integer index n (the coefficients of b above order 0 are 0).
    public static Interval[] Rootn(Interval[] a, Interval[] b)
    {
        Interval n = b[0];
        if (!IsConstant(b, Math.Min(a.Length, b.Length)) || !n.IsPoint || Math.Floor(n.Lo) != n.Lo || n.Lo == 0 || Math.Abs(n.Lo) > int.MaxValue)
        {
            throw new ArithmeticException($"rootn needs a constant non-zero integer root index, got {n}.");
        }

        return RootRecurrence(a[..Math.Min(a.Length, b.Length)], (int)n.Lo, "rootn");
    }

    // y = a^(1/n): a y' = (1/n) y a', so y_k = (1/(k a_0)) Σ_{j=1..k} (j/n − (k − j)) a_j y_{k−j}.
    // Strict: 0 ∉ a_0 above order 0 (not differentiable there; a pole for n < 0), a_0 ≥ 0 for even n.
    private static Interval[] RootRecurrence(Interval[] a, int n, string name)
    {
        Interval a0 = a[0];
        if ((n & 1) == 0 && a0.Lo < 0)
        {
            throw new ArithmeticException($"{name} with an even index of an interval with negative members ({a0}): the right-hand side may be undefined on the set.");
        }

        if ((a.Length > 1 || n < 0) && a0.Contains(0))
        {
            throw new ArithmeticException($"{name} is not differentiable at 0, and its argument may be 0 ({a0}).");
        }

        var y = new Interval[a.Length];
        y[0] = Interval.Rootn(a0, n);
        Interval p = Interval.One / Int(n);
        for (int k = 1; k < a.Length; k++)
        {
            Interval s = Interval.Zero;
            for (int j = 1; j <= k; j++)
            {
                s += (((Int(j) * p) - Int(k - j)) * a[j]) * y[k - j];
            }

            y[k] = s / (Int(k) * a0);
        }

        return y;
    }

    // y = 2^a = exp(a ln 2) with y_0 = exp2(a_0) (tighter than exp of the product); likewise 10^a.
    public static Interval[] Exp2(Interval[] a) => ScaledExp(a, Interval.Log(Int(2)), Interval.Exp2(a[0]));

    public static Interval[] Exp10(Interval[] a) => ScaledExp(a, Interval.Log(Int(10)), Interval.Exp10(a[0]));

    private static Interval[] ScaledExp(Interval[] a, Interval ln, Interval y0)
    {
        var b = new Interval[a.Length];
        for (int k = 0; k < a.Length; k++)
        {
            b[k] = a[k] * ln;
        }

        var r = new Interval[a.Length];
        r[0] = y0;
        for (int k = 1; k < r.Length; k++)
        {
            r[k] = WeightedSum(b, r, k) / Int(k);
        }

        return r;
    }

    // y = log2 a = ln a / ln 2 (strict domain a_0 > 0, named in the message); likewise log10.
    public static Interval[] Log2(Interval[] a) => ScaledLog(a, Interval.Log(Int(2)), "log2", Interval.Log2);

    public static Interval[] Log10(Interval[] a) => ScaledLog(a, Interval.Log(Int(10)), "log10", Interval.Log10);

    private static Interval[] ScaledLog(Interval[] a, Interval ln, string name, Func<Interval, Interval> f)
    {
        Interval a0 = a[0];
        if (!(a0.Lo > 0))
        {
            throw new ArithmeticException($"{name} of an interval that is not strictly positive ({a0}): the right-hand side may be undefined on the set.");
        }

        Interval[] l = Log(a);
        for (int k = 0; k < l.Length; k++)
        {
            l[k] /= ln;
        }

        l[0] = Interval.Intersect(l[0], f(a0)) is { IsEmpty: false } tight ? tight : l[0];
        return l;
    }

    // θ = atan2(y, x): θ' = (x y' − y x') / (x² + y²); strict: the box may neither hold the origin nor cross the
    // branch cut on the negative x axis (atan2 jumps there).
    public static Interval[] Atan2(Interval[] y, Interval[] x)
    {
        int n = Math.Min(y.Length, x.Length);
        Interval y0 = y[0], x0 = x[0];
        if (y0.Contains(0) && (x0.Lo < 0 || x0.Contains(0)))
        {
            throw new ArithmeticException($"atan2 of y in {y0}, x in {x0}: the box may hold the origin or cross the branch cut (x < 0, y = 0), where atan2 is undefined or jumps.");
        }

        var r = new Interval[n];
        r[0] = Interval.Atan2(y0, x0);
        if (n == 1)
        {
            return r;
        }

        Interval[] dy = Derivative(y, n), dx = Derivative(x, n);
        Interval[] yt = y[..(n - 1)], xt = x[..(n - 1)];
        Interval[] num = Subtract(Multiply(xt, dy), Multiply(yt, dx));
        Interval[] den = Add(Square(xt), Square(yt));
        Interval[] q = Divide(num, den);
        for (int k = 1; k < n; k++)
        {
            r[k] = q[k - 1] / Int(k);
        }

        return r;
    }

    // The coefficients of a' from those of a (one order fewer): (a')_m = (m + 1) a_{m+1}.
    private static Interval[] Derivative(Interval[] a, int n)
    {
        var d = new Interval[n - 1];
        for (int m = 0; m < n - 1; m++)
        {
            d[m] = Int(m + 1) * a[m + 1];
        }

        return d;
    }

    // h = √(x² + y²); strict above order 0: 0 must not be a value (Sqrt names it).
    public static Interval[] Hypot(Interval[] x, Interval[] y)
    {
        int n = Math.Min(x.Length, y.Length);
        Interval[] s = Add(Square(x[..n]), Square(y[..n]));
        if (n > 1 && !(s[0].Lo > 0))
        {
            throw new ArithmeticException($"hypot is not differentiable where both arguments are 0, and they may be ({x[0]}, {y[0]}).");
        }

        Interval[] h = Sqrt(s);
        h[0] = Interval.Hypot(x[0], y[0]);
        return h;
    }
}
