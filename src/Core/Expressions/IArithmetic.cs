using Certus.Core.Numerics;

namespace Certus.Core.Expressions;

/// <summary>
/// The operations an arithmetic must provide for expressions to be evaluated in it (doubles, intervals, and later
/// affine forms or Taylor models). A new arithmetic needs only an implementation of this interface.
/// </summary>
/// <typeparam name="T">The number type.</typeparam>
public interface IArithmetic<T>
{
    /// <summary>A constant, given by its sound enclosure and its nearest double.</summary>
    /// <param name="constant">The constant node.</param>
    /// <returns>The value in this arithmetic.</returns>
    T Constant(ConstantExpr constant);

    /// <summary>Applies a unary operation.</summary>
    /// <param name="op">The operation.</param>
    /// <param name="x">The operand.</param>
    /// <returns>The result.</returns>
    T Unary(UnaryOp op, T x);

    /// <summary>Applies a binary operation.</summary>
    /// <param name="op">The operation.</param>
    /// <param name="x">Left operand.</param>
    /// <param name="y">Right operand.</param>
    /// <returns>The result.</returns>
    T Binary(BinaryOp op, T x, T y);

    /// <summary>Integer power.</summary>
    /// <param name="x">The base.</param>
    /// <param name="n">The exponent.</param>
    /// <returns><c>xⁿ</c>.</returns>
    T IntPower(T x, int n);
}

/// <summary>Plain double arithmetic (for simulation; no guarantee).</summary>
public readonly struct DoubleArithmetic : IArithmetic<double>
{
    /// <inheritdoc/>
    public double Constant(ConstantExpr constant) => constant.Approximation;

    /// <inheritdoc/>
    public double Unary(UnaryOp op, double x) => op switch
    {
        UnaryOp.Negate => -x,
        UnaryOp.Sqrt => Math.Sqrt(x),
        UnaryOp.Exp => Math.Exp(x),
        UnaryOp.Log => Math.Log(x),
        UnaryOp.Sin => Math.Sin(x),
        UnaryOp.Cos => Math.Cos(x),
        UnaryOp.Tan => Math.Tan(x),
        UnaryOp.Atan => Math.Atan(x),
        UnaryOp.Tanh => Math.Tanh(x),
        UnaryOp.Sigmoid => 1 / (1 + Math.Exp(-x)),
        UnaryOp.Abs => Math.Abs(x),
        UnaryOp.Sign => Sign(x),
        UnaryOp.Asin => Math.Asin(x),
        UnaryOp.Acos => Math.Acos(x),
        UnaryOp.Sinh => Math.Sinh(x),
        UnaryOp.Cosh => Math.Cosh(x),
        UnaryOp.Cbrt => Math.Cbrt(x),
        UnaryOp.Exp2 => double.Exp2(x),
        UnaryOp.Exp10 => double.Exp10(x),
        UnaryOp.Log2 => Math.Log2(x),
        UnaryOp.Log10 => Math.Log10(x),
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, null),
    };

    /// <summary>sign x as a double: −1, 0 or 1, and NaN for NaN (<see cref="Math.Sign(double)"/> throws there, which
    /// would turn an undefined simulation into a crash).</summary>
    /// <param name="x">The argument.</param>
    /// <returns>The sign.</returns>
    public static double Sign(double x) => double.IsNaN(x) ? double.NaN : Math.Sign(x);

    /// <inheritdoc/>
    public double Binary(BinaryOp op, double x, double y) => op switch
    {
        BinaryOp.Add => x + y,
        BinaryOp.Subtract => x - y,
        BinaryOp.Multiply => x * y,
        BinaryOp.Divide => x / y,
        BinaryOp.Power => Math.Pow(x, y),
        BinaryOp.Min => Math.Min(x, y),
        BinaryOp.Max => Math.Max(x, y),
        BinaryOp.Atan2 => Math.Atan2(x, y),
        BinaryOp.Hypot => double.Hypot(x, y),
        BinaryOp.Rootn => Rootn(x, y),
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, null),
    };

    /// <summary>The real n-th root in doubles: odd n keeps the sign of x, even n gives NaN for x &lt; 0.</summary>
    /// <param name="x">The radicand.</param>
    /// <param name="n">The index, an integer (NaN when it is not).</param>
    /// <returns><c>x^(1/n)</c> as far as <c>Math.Pow</c> gets it.</returns>
    public static double Rootn(double x, double n)
    {
        if (Math.Floor(n) != n || n == 0)
        {
            return double.NaN;
        }

        bool odd = Math.Abs(n % 2) == 1;
        if (x < 0)
        {
            return odd ? -Math.Pow(-x, 1 / n) : double.NaN;
        }

        return Math.Pow(x, 1 / n);
    }

    /// <inheritdoc/>
    public double IntPower(double x, int n)
    {
        // The same evaluation as compiled code: repeated products for 0..8, Math.Pow otherwise.
        if (n is < 0 or > 8)
        {
            return Math.Pow(x, n);
        }

        double p = n == 0 ? 1 : x;
        for (int i = 1; i < n; i++)
        {
            p *= x;
        }

        return p;
    }
}

/// <summary>Sound interval arithmetic (outward rounded, rigorous elementary functions).</summary>
public readonly struct IntervalArithmetic : IArithmetic<Interval>
{
    /// <inheritdoc/>
    public Interval Constant(ConstantExpr constant) => constant.Value;

    /// <inheritdoc/>
    public Interval Unary(UnaryOp op, Interval x) => op switch
    {
        UnaryOp.Negate => -x,
        UnaryOp.Sqrt => Interval.Sqrt(x),
        UnaryOp.Exp => Interval.Exp(x),
        UnaryOp.Log => Interval.Log(x),
        UnaryOp.Sin => Interval.Sin(x),
        UnaryOp.Cos => Interval.Cos(x),
        UnaryOp.Tan => Interval.Tan(x),
        UnaryOp.Atan => Interval.Atan(x),
        UnaryOp.Tanh => Interval.Tanh(x),
        UnaryOp.Sigmoid => Interval.Sigmoid(x),
        UnaryOp.Abs => Interval.Abs(x),
        UnaryOp.Sign => Sign(x),
        UnaryOp.Asin => Interval.Asin(x),
        UnaryOp.Acos => Interval.Acos(x),
        UnaryOp.Sinh => Interval.Sinh(x),
        UnaryOp.Cosh => Interval.Cosh(x),
        UnaryOp.Cbrt => Interval.Cbrt(x),
        UnaryOp.Exp2 => Interval.Exp2(x),
        UnaryOp.Exp10 => Interval.Exp10(x),
        UnaryOp.Log2 => Interval.Log2(x),
        UnaryOp.Log10 => Interval.Log10(x),
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, null),
    };

    private static Interval Sign(Interval x)
    {
        if (x.IsEmpty)
        {
            return Interval.Empty;
        }

        double lo = x.Lo > 0 ? 1 : x.Lo == 0 ? 0 : -1;
        double hi = x.Hi < 0 ? -1 : x.Hi == 0 ? 0 : 1;
        return new Interval(lo, hi);
    }

    /// <inheritdoc/>
    public Interval Binary(BinaryOp op, Interval x, Interval y) => op switch
    {
        BinaryOp.Add => x + y,
        BinaryOp.Subtract => x - y,
        BinaryOp.Multiply => x * y,
        BinaryOp.Divide => x / y,
        BinaryOp.Power => Interval.Pow(x, y),
        BinaryOp.Min => Interval.Min(x, y),
        BinaryOp.Max => Interval.Max(x, y),
        BinaryOp.Atan2 => Interval.Atan2(x, y),
        BinaryOp.Hypot => Interval.Hypot(x, y),
        BinaryOp.Rootn => Interval.Rootn(x, RootIndex(y)),
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, null),
    };

    /// <inheritdoc/>
    public Interval IntPower(Interval x, int n) => Interval.Pow(x, n);

    // The root index of rootn must be an integer point (the parser accepts only integer literals).
    internal static int RootIndex(Interval n) =>
        n.IsPoint && Math.Floor(n.Lo) == n.Lo && Math.Abs(n.Lo) <= int.MaxValue
            ? (int)n.Lo
            : throw new ArgumentException($"rootn needs an integer root index, got {n}.", nameof(n));
}
