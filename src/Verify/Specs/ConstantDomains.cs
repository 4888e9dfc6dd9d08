using System.Globalization;
using Certus.Core.Expressions;
using Certus.Core.Numerics;

namespace Certus.Verify.Specs;

/// <summary>
/// Checks every constant subexpression of a spec expression (every subtree without variables), evaluated in interval
/// arithmetic: it must be a bounded, non-empty interval, and each operation must be defined on the whole of its
/// constant argument by the domain rules of <see cref="IntervalDomains"/> (no square root of a negative number, no
/// logarithm of a number at most 0, no division by an interval that contains 0, no asin of 2, ...); a real power of a
/// constant base at most 0 with a variable exponent is refused too. A constant such as <c>0/0</c> or <c>1e308*10</c>
/// would otherwise turn into an empty or unbounded set and a misleading verdict.
/// </summary>
internal static class ConstantDomains
{
    /// <summary>The first problem found, as a sentence, or null when every constant subexpression is well defined.</summary>
    public static string? FirstProblem(Expr expression)
    {
        string? problem = null;
        Walk(expression, ref problem);
        return problem;
    }

    // The value of a constant subtree, or null when the subtree reads a variable (or a problem was found).
    private static Interval? Walk(Expr e, ref string? problem)
    {
        if (problem is not null)
        {
            return null;
        }

        switch (e)
        {
            case ConstantExpr c:
                return Bounded(c, c.Value, ref problem);
            case UnaryExpr u:
            {
                Interval? a = Walk(u.Argument, ref problem);
                if (a is not { } x)
                {
                    return null;
                }

                string? domain = IntervalDomains.IsDefinedOn(u.Op, x) ? null : $"{u.Op.ToString().ToLowerInvariant()} needs {IntervalDomains.Requirement(u.Op)}, but its argument is {Format(x)}";
                return Checked(e, domain, u with { Argument = Constant(x) }, ref problem);
            }

            case BinaryExpr b:
            {
                Interval? l = Walk(b.Left, ref problem), r = Walk(b.Right, ref problem);
                if (l is not { } x || r is not { } y)
                {
                    if (problem is null && b.Op == BinaryOp.Divide && r is { } d && d.Contains(0))
                    {
                        problem = $"'{Show(e)}' is not defined: it divides by the constant {Show(b.Right)} = {Format(d)}, which contains 0.";
                    }
                    else if (problem is null && b.Op == BinaryOp.Power && l is { } basis && basis.Lo <= 0)
                    {
                        problem = $"'{Show(e)}' is not defined: it takes a real power of the constant base {Show(b.Left)} = {Format(basis)}, which is at most 0 in part (write an integer exponent for negative bases).";
                    }

                    return null;
                }

                string? domain = IntervalDomains.IsDefinedOn(b.Op, x, y) ? null : b.Op switch
                {
                    BinaryOp.Divide => $"a division needs {IntervalDomains.Requirement(b.Op)}, but the divisor is {Format(y)}, which contains 0",
                    BinaryOp.Power => $"a real power needs {IntervalDomains.Requirement(b.Op)}, but the base is {Format(x)} and the exponent {Format(y)}",
                    _ => $"{b.Op.ToString().ToLowerInvariant()} needs {IntervalDomains.Requirement(b.Op)}, but its operands are {Format(x)} and {Format(y)}",
                };
                return Checked(e, domain, b with { Left = Constant(x), Right = Constant(y) }, ref problem);
            }

            case IntPowerExpr p:
            {
                Interval? a = Walk(p.Base, ref problem);
                if (a is not { } x)
                {
                    return null;
                }

                string? domain = IntervalDomains.IsDefinedOn(p.Exponent, x) ? null : $"a negative power needs a base that is never 0, but its base is {Format(x)}";
                return Checked(e, domain, p with { Base = Constant(x) }, ref problem);
            }

            default:
                return null;
        }
    }

    private static Interval? Checked(Expr original, string? domain, Expr node, ref string? problem)
    {
        if (domain is not null)
        {
            problem = $"'{Show(original)}' is not defined: {domain}.";
            return null;
        }

        Interval v = ExpressionEvaluator.Evaluate<Interval, IntervalArithmetic>(node, default, _ => Interval.Zero);
        return Bounded(original, v, ref problem);
    }

    private static Interval? Bounded(Expr original, Interval v, ref string? problem)
    {
        if (v.IsEmpty || !v.IsBounded)
        {
            problem = $"the constant '{Show(original)}' is {(v.IsEmpty ? "not defined (empty)" : $"not a finite number ({Format(v)})")}; every constant must be finite.";
            return null;
        }

        return v;
    }

    private static ConstantExpr Constant(Interval v) => new(v, v.Midpoint, Format(v));

    private static string Format(Interval v) => v.IsEmpty ? "empty"
        : v.IsPoint ? v.Lo.ToString("G6", CultureInfo.InvariantCulture)
        : $"[{v.Lo.ToString("G6", CultureInfo.InvariantCulture)}, {v.Hi.ToString("G6", CultureInfo.InvariantCulture)}]";

    private static string Show(Expr e)
    {
        string s = e.ToString();
        return s.Length > 60 ? s[..60] + "..." : s;
    }
}
