using Certus.Core.Numerics;

namespace Certus.Core.Expressions;

/// <summary>
/// An expression is not defined on the whole set it was evaluated over: some operation's argument may leave the
/// operation's domain there (a sqrt of a possibly negative number, a division by a set containing 0), or a value
/// is empty. A proof over such a set would be about a smaller set, so the answer must be UNKNOWN with this reason.
/// </summary>
public sealed class UndefinedExpressionException : ArithmeticException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="expression">The subexpression whose operation leaves its domain.</param>
    /// <param name="arguments">The enclosures of its arguments over the set.</param>
    /// <param name="requirement">The domain in words (for example "a non-negative argument").</param>
    public UndefinedExpressionException(Expr expression, IReadOnlyList<Interval> arguments, string requirement)
        : base(Describe(expression, arguments, requirement))
    {
        Expression = expression;
        Arguments = arguments;
    }

    /// <summary>Creates the exception with a message only.</summary>
    public UndefinedExpressionException()
        : base("An expression is undefined on part of the set.")
    {
        Arguments = [];
    }

    /// <summary>Creates the exception with a message only.</summary>
    /// <param name="message">The message.</param>
    public UndefinedExpressionException(string message)
        : base(message)
    {
        Arguments = [];
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public UndefinedExpressionException(string message, Exception innerException)
        : base(message, innerException)
    {
        Arguments = [];
    }

    /// <summary>The subexpression that leaves its domain (null when built from a message only).</summary>
    public Expr? Expression { get; }

    /// <summary>The enclosures of its arguments over the set.</summary>
    public IReadOnlyList<Interval> Arguments { get; }

    private static string Describe(Expr e, IReadOnlyList<Interval> args, string requirement)
    {
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(args);
        string over = e switch
        {
            UnaryExpr u => $"its argument {u.Argument} ranges over {args[0]}",
            IntPowerExpr p => $"its base {p.Base} ranges over {args[0]}",
            BinaryExpr { Op: BinaryOp.Divide } b => $"the divisor {b.Right} ranges over {args[1]}",
            BinaryExpr { Op: BinaryOp.Rootn } b => $"its base {b.Left} ranges over {args[0]} (index {b.Right})",
            BinaryExpr b => $"{b.Left} ranges over {args[0]} and {b.Right} over {args[1]}",
            _ => $"its value is {(args.Count > 0 ? args[0] : Interval.Empty)}",
        };
        return $"{e} may be undefined on part of the set: {over}, and it needs {requirement}";
    }
}
