using Certus.Core.Numerics;

namespace Certus.Core.Expressions;

/// <summary>
/// The domains of the operations of the expression language, and whether an operation is defined on every member
/// of an interval argument (the "defined on the whole set" half of an IEEE 1788 decoration).
/// </summary>
/// <remarks>
/// <para>Interval functions follow set semantics: <c>Sqrt([-1, 4]) = [0, 2]</c> encloses the results at the members
/// where sqrt is defined and silently drops the others. A proof over a set needs more: the expression must be defined
/// at every point of the set, or the claim is about a different set. These predicates decide that, soundly: they
/// answer true only when every member lies in the domain.</para>
/// <para>Domains: sqrt needs x ≥ 0; log, log2, log10 x &gt; 0; asin, acos −1 ≤ x ≤ 1; atan2(y, x) not the origin;
/// rootn(x, n) a non-zero integer n, x ≥ 0 for even n, x ≠ 0 for negative n; tan no pole (decided from the enclosure: a bounded tan enclosure
/// proves no pole lies inside); division a divisor without 0; a negative integer power a base without 0; a real power
/// xʸ x &gt; 0, or x ≥ 0 with y &gt; 0 (the pow domain of IEEE 1788), while a point integer exponent is an integer
/// power; every other operation is total. An empty argument is never "defined".</para>
/// </remarks>
public static class IntervalDomains
{
    /// <summary>Whether a unary operation is defined at every member of <paramref name="x"/>.</summary>
    /// <param name="op">The operation.</param>
    /// <param name="x">The argument's enclosure.</param>
    /// <returns>True when every member lies in the domain; false when some may not (or <paramref name="x"/> is empty).</returns>
    /// <exception cref="NotSupportedException">The operation has no domain rule (a new operation must get one here).</exception>
    public static bool IsDefinedOn(UnaryOp op, Interval x)
    {
        if (x.IsEmpty)
        {
            return false;
        }

        return op switch
        {
            UnaryOp.Sqrt => x.Lo >= 0,
            UnaryOp.Log => x.Lo > 0,
            UnaryOp.Log2 or UnaryOp.Log10 => x.Lo > 0,
            UnaryOp.Tan => x.IsBounded && Interval.Tan(x).IsBounded,
            UnaryOp.Asin or UnaryOp.Acos => x.Lo >= -1 && x.Hi <= 1,
            UnaryOp.Negate or UnaryOp.Exp or UnaryOp.Sin or UnaryOp.Cos or UnaryOp.Atan or UnaryOp.Tanh
                or UnaryOp.Sigmoid or UnaryOp.Abs or UnaryOp.Sign or UnaryOp.Sinh or UnaryOp.Cosh or UnaryOp.Cbrt
                or UnaryOp.Exp2 or UnaryOp.Exp10 => true,
            _ => throw new NotSupportedException($"Internal error: the operation {op} has no domain rule in {nameof(IntervalDomains)}."),
        };
    }

    /// <summary>Whether a binary operation is defined at every pair of members.</summary>
    /// <param name="op">The operation.</param>
    /// <param name="x">Left operand's enclosure.</param>
    /// <param name="y">Right operand's enclosure.</param>
    /// <returns>True when every pair lies in the domain.</returns>
    /// <exception cref="NotSupportedException">The operation has no domain rule.</exception>
    public static bool IsDefinedOn(BinaryOp op, Interval x, Interval y)
    {
        if (x.IsEmpty || y.IsEmpty)
        {
            return false;
        }

        return op switch
        {
            BinaryOp.Divide => y.Lo > 0 || y.Hi < 0,
            BinaryOp.Power => y.IsIntegerPoint ? IsDefinedOn((int)y.Lo, x) : x.Lo > 0 || (x.Lo >= 0 && y.Lo > 0),
            BinaryOp.Atan2 => !(x.Contains(0) && y.Contains(0)), // atan2(y, x): undefined only at the origin
            BinaryOp.Rootn => y.IsIntegerPoint && y.Lo != 0 && RootnDefined((int)y.Lo, x),
            BinaryOp.Add or BinaryOp.Subtract or BinaryOp.Multiply or BinaryOp.Min or BinaryOp.Max or BinaryOp.Hypot => true,
            _ => throw new NotSupportedException($"Internal error: the operation {op} has no domain rule in {nameof(IntervalDomains)}."),
        };
    }

    /// <summary>Whether the integer power <c>xⁿ</c> is defined at every member.</summary>
    /// <param name="n">The exponent.</param>
    /// <param name="x">The base's enclosure.</param>
    /// <returns>True unless <paramref name="n"/> is negative and <paramref name="x"/> may contain 0 (or it is empty).</returns>
    public static bool IsDefinedOn(int n, Interval x) => !x.IsEmpty && (n >= 0 || x.Lo > 0 || x.Hi < 0);

    /// <summary>The domain of a unary operation, in words, for messages.</summary>
    /// <param name="op">The operation.</param>
    /// <returns>For example "a non-negative argument".</returns>
    public static string Requirement(UnaryOp op) => op switch
    {
        UnaryOp.Sqrt => "a non-negative argument",
        UnaryOp.Log or UnaryOp.Log2 or UnaryOp.Log10 => "a positive argument",
        UnaryOp.Asin or UnaryOp.Acos => "an argument in [-1, 1]",
        UnaryOp.Tan => "an argument away from the poles π/2 + kπ",
        _ => "a non-empty argument",
    };

    /// <summary>The domain of a binary operation, in words, for messages.</summary>
    /// <param name="op">The operation.</param>
    /// <returns>For example "a divisor that is never 0".</returns>
    public static string Requirement(BinaryOp op) => op switch
    {
        BinaryOp.Divide => "a divisor that is never 0",
        BinaryOp.Atan2 => "a point (x, y) that is never the origin",
        BinaryOp.Rootn => "a non-zero integer index, a non-negative base for an even index, and a base that is never 0 for a negative one",
        BinaryOp.Power => "a positive base (or a non-negative base with a positive exponent; any base for an integer exponent, except 0 for a negative one)",
        _ => "non-empty operands",
    };

    // rootn(x, n): odd n takes every real (n < 0: not 0), even n a non-negative base (n < 0: a positive one).
    private static bool RootnDefined(int n, Interval x) => (n % 2 != 0 ? true : x.Lo >= 0) && (n > 0 || x.Lo > 0 || x.Hi < 0);

    /// <summary>
    /// Whether an expression may jump (be discontinuous) somewhere on a set although it is defined there: atan2 across its
    /// branch cut (x &lt; 0 with y = 0 possible) and sign at 0. Forms that rest on the mean value theorem
    /// (<c>f(v) ∈ f(v̂) + ∇f(V)·(v − v̂)</c>) are unsound across a jump; callers fall back to the plain range.
    /// </summary>
    /// <param name="expression">The expression.</param>
    /// <param name="lookup">The enclosure of each variable over the set.</param>
    /// <returns>True when a jump cannot be ruled out (also when a subexpression cannot be enclosed).</returns>
    public static bool MayJumpOn(Expr expression, Func<string, Interval> lookup)
    {
        ArgumentNullException.ThrowIfNull(expression);
        ArgumentNullException.ThrowIfNull(lookup);
        bool Walk(Expr e)
        {
            switch (e)
            {
                case UnaryExpr u:
                    if (u.Op == UnaryOp.Sign && (Enclose(u.Argument) is not { } a || a.Contains(0)))
                    {
                        return true;
                    }

                    return Walk(u.Argument);
                case BinaryExpr b:
                    if (b.Op == BinaryOp.Atan2)
                    {
                        // atan2(y, x): the cut is the negative x axis.
                        if (Enclose(b.Left) is not { } y || Enclose(b.Right) is not { } x || (y.Contains(0) && x.Lo < 0))
                        {
                            return true;
                        }
                    }

                    return Walk(b.Left) || Walk(b.Right);
                case IntPowerExpr p:
                    return Walk(p.Base);
                default:
                    return false;
            }
        }

        Interval? Enclose(Expr e) => ExpressionEvaluator.TryEvaluateDefined(e, lookup, out Interval v, out _) ? v : null;
        return Walk(expression);
    }

}
