using Certus.Core.Expressions;

namespace Certus.Reach.Flow;

/// <summary>
/// Taylor-mode arithmetic on <see cref="IntervalTaylorSeries"/>: evaluating an expression with
/// <see cref="ExpressionEvaluator"/> on the Taylor series of its arguments yields enclosures of the Taylor
/// coefficients of the composed function, by the standard recurrences (Cauchy product, quotient, exp, log, the
/// sin/cos pair, sqrt, integer powers by binary powering; tan, tanh and sigmoid through their Riccati equations
/// <c>y' = d(y) a'</c>; atan through <c>y' = a'/(1 + a²)</c>; real powers as <c>exp(b ln a)</c>; asin and acos through
/// <c>y' = ±a'/√(1 − a²)</c>; the sinh/cosh pair; cbrt through <c>a y' = y a'/3</c>; exp2, exp10, log2, log10 as
/// scaled exp and log; atan2 through <c>θ' = (x y' − y x')/(x² + y²)</c>; hypot as <c>√(x² + y²)</c>).
/// </summary>
/// <remarks>
/// <para>Every coefficient is computed with outward-rounded <see cref="Core.Numerics.Interval"/> operations, so
/// the result encloses the true coefficient for every member of the argument coefficients.</para>
/// <para>The arithmetic is strict about domains, unlike the set semantics of interval functions: the Taylor
/// expansion of an ODE flow needs the right-hand side defined and smooth on the whole set. A division by an
/// interval containing 0, a log of a non-positive member, a sqrt of a negative member (or of 0 above order 0), a real
/// power of a non-positive base, a tan that may meet a pole, an asin or acos of an interval not inside (−1, 1), a cbrt
/// whose argument may be 0, a log2 or log10 of a non-positive member, an atan2 whose box may hold the origin or cross
/// the branch cut (x &lt; 0, y = 0), and a hypot that may be 0 throw <see cref="ArithmeticException"/>
/// (above order 0 where the function is smooth only inside the domain).</para>
/// <para>|x|, sign, min and max are evaluated above order 0 only where the order-0 interval excludes the kink, or
/// where the arguments are constant in time (all higher coefficients exactly 0, as for held inputs); otherwise they
/// throw <see cref="NotSupportedException"/> with the reason.</para>
/// <para>Series of different orders combine to the lower order. <c>default</c> has <see cref="Order"/> 0.</para>
/// </remarks>
public readonly struct IntervalTaylorArithmetic : IArithmetic<IntervalTaylorSeries>
{
    /// <summary>Creates the arithmetic for series up to order <paramref name="order"/>.</summary>
    /// <param name="order">The order of the constants it creates, at least 0.</param>
    public IntervalTaylorArithmetic(int order)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(order);
        Order = order;
    }

    /// <summary>The order of the constant series this arithmetic creates.</summary>
    public int Order { get; }

    /// <inheritdoc/>
    public IntervalTaylorSeries Constant(ConstantExpr constant)
    {
        ArgumentNullException.ThrowIfNull(constant);
        return IntervalTaylorSeries.Constant(constant.Value, Order);
    }

    /// <inheritdoc/>
    public IntervalTaylorSeries Unary(UnaryOp op, IntervalTaylorSeries x)
    {
        ArgumentNullException.ThrowIfNull(x);
        Core.Numerics.Interval[] a = x.Raw;
        Core.Numerics.Interval[] r = op switch
        {
            UnaryOp.Negate => TaylorRecurrences.Negate(a),
            UnaryOp.Sqrt => TaylorRecurrences.Sqrt(a),
            UnaryOp.Exp => TaylorRecurrences.Exp(a),
            UnaryOp.Log => TaylorRecurrences.Log(a),
            UnaryOp.Sin => TaylorRecurrences.SinCos(a).Sin,
            UnaryOp.Cos => TaylorRecurrences.SinCos(a).Cos,
            UnaryOp.Tan => TaylorRecurrences.Tan(a),
            UnaryOp.Atan => TaylorRecurrences.Atan(a),
            UnaryOp.Tanh => TaylorRecurrences.Tanh(a),
            UnaryOp.Sigmoid => TaylorRecurrences.Sigmoid(a),
            UnaryOp.Abs => TaylorRecurrences.Abs(a),
            UnaryOp.Sign => TaylorRecurrences.Sign(a),
            UnaryOp.Asin => TaylorRecurrences.Asin(a),
            UnaryOp.Acos => TaylorRecurrences.Acos(a),
            UnaryOp.Sinh => TaylorRecurrences.SinhCosh(a).Sinh,
            UnaryOp.Cosh => TaylorRecurrences.SinhCosh(a).Cosh,
            UnaryOp.Cbrt => TaylorRecurrences.Cbrt(a),
            UnaryOp.Exp2 => TaylorRecurrences.Exp2(a),
            UnaryOp.Exp10 => TaylorRecurrences.Exp10(a),
            UnaryOp.Log2 => TaylorRecurrences.Log2(a),
            UnaryOp.Log10 => TaylorRecurrences.Log10(a),
            _ => throw new ArgumentOutOfRangeException(nameof(op), op, null),
        };
        return new IntervalTaylorSeries(r, true);
    }

    /// <inheritdoc/>
    public IntervalTaylorSeries Binary(BinaryOp op, IntervalTaylorSeries x, IntervalTaylorSeries y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        Core.Numerics.Interval[] a = x.Raw, b = y.Raw;
        Core.Numerics.Interval[] r = op switch
        {
            BinaryOp.Add => TaylorRecurrences.Add(a, b),
            BinaryOp.Subtract => TaylorRecurrences.Subtract(a, b),
            BinaryOp.Multiply => TaylorRecurrences.Multiply(a, b),
            BinaryOp.Divide => TaylorRecurrences.Divide(a, b),
            BinaryOp.Power => TaylorRecurrences.Power(a, b),
            BinaryOp.Min => TaylorRecurrences.MinMax(a, b, max: false),
            BinaryOp.Max => TaylorRecurrences.MinMax(a, b, max: true),
            BinaryOp.Atan2 => TaylorRecurrences.Atan2(a, b),
            BinaryOp.Hypot => TaylorRecurrences.Hypot(a, b),
            BinaryOp.Rootn => TaylorRecurrences.Rootn(a, b),
            _ => throw new ArgumentOutOfRangeException(nameof(op), op, null),
        };
        return new IntervalTaylorSeries(r, true);
    }

    /// <inheritdoc/>
    public IntervalTaylorSeries IntPower(IntervalTaylorSeries x, int n)
    {
        ArgumentNullException.ThrowIfNull(x);
        return new IntervalTaylorSeries(TaylorRecurrences.IntPower(x.Raw, n), true);
    }
}
