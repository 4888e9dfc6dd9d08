using Certus.Core.Numerics;

namespace Certus.Core.Expressions;

/// <content>Interval evaluation that also proves the expression defined on the whole set.</content>
public static partial class ExpressionEvaluator
{
    /// <summary>
    /// Encloses an expression over a set in interval arithmetic and checks, operation by operation, that the
    /// expression is defined at every point of the set (see <see cref="IntervalDomains"/>). Use this, not the
    /// set-semantics <see cref="IntervalArithmetic"/>, wherever a bound is part of a proof.
    /// </summary>
    /// <param name="expression">The expression.</param>
    /// <param name="lookup">The enclosure of each variable over the set.</param>
    /// <returns>A non-empty interval that contains the value at every point of the set.</returns>
    /// <exception cref="UndefinedExpressionException">Some operation may leave its domain on the set, or a
    /// variable's enclosure is empty; the message names the subexpression and the set of its argument.</exception>
    public static Interval EvaluateDefined(Expr expression, Func<string, Interval> lookup)
    {
        ArgumentNullException.ThrowIfNull(expression);
        ArgumentNullException.ThrowIfNull(lookup);
        return Eval(expression);

        Interval Eval(Expr e)
        {
            switch (e)
            {
                case ConstantExpr c:
                    return c.Value.IsEmpty ? throw new UndefinedExpressionException(e, [c.Value], "a non-empty value") : c.Value;
                case VariableExpr v:
                    Interval value = lookup(v.Name);
                    return value.IsEmpty ? throw new UndefinedExpressionException(e, [value], "a non-empty set of values") : value;
                case UnaryExpr u:
                {
                    Interval x = Eval(u.Argument);
                    if (!IntervalDomains.IsDefinedOn(u.Op, x))
                    {
                        throw new UndefinedExpressionException(e, [x], IntervalDomains.Requirement(u.Op));
                    }

                    return NonEmpty(e, default(IntervalArithmetic).Unary(u.Op, x), x);
                }

                case BinaryExpr b:
                {
                    Interval x = Eval(b.Left), y = Eval(b.Right);
                    if (!IntervalDomains.IsDefinedOn(b.Op, x, y))
                    {
                        throw new UndefinedExpressionException(e, [x, y], IntervalDomains.Requirement(b.Op));
                    }

                    return NonEmpty(e, default(IntervalArithmetic).Binary(b.Op, x, y), x, y);
                }

                case IntPowerExpr p:
                {
                    Interval x = Eval(p.Base);
                    if (!IntervalDomains.IsDefinedOn(p.Exponent, x))
                    {
                        throw new UndefinedExpressionException(e, [x], "a base that is never 0 (negative exponent)");
                    }

                    return NonEmpty(e, Interval.Pow(x, p.Exponent), x);
                }

                default:
                    throw new NotSupportedException($"Unknown expression node {e.GetType().Name}.");
            }
        }

        // An operation defined on a non-empty set has a non-empty image; an empty result is a defect of the
        // arithmetic, and it must never reach a proof (an empty margin would "prove" anything).
        static Interval NonEmpty(Expr e, Interval r, params Interval[] args) =>
            r.IsEmpty ? throw new UndefinedExpressionException(e, args, "arguments on which the arithmetic gives a non-empty result") : r;
    }

    /// <summary>Like <see cref="EvaluateDefined"/>, without throwing.</summary>
    /// <param name="expression">The expression.</param>
    /// <param name="lookup">The enclosure of each variable over the set.</param>
    /// <param name="value">The enclosure when defined.</param>
    /// <param name="problem">Why not, when undefined.</param>
    /// <returns>Whether the expression is defined on the whole set.</returns>
    public static bool TryEvaluateDefined(Expr expression, Func<string, Interval> lookup, out Interval value, out UndefinedExpressionException? problem)
    {
        try
        {
            value = EvaluateDefined(expression, lookup);
            problem = null;
            return true;
        }
        catch (UndefinedExpressionException e)
        {
            value = Interval.Empty;
            problem = e;
            return false;
        }
    }
}
