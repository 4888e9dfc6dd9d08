namespace Certus.Core.Expressions;

/// <summary>Evaluates expression trees in any <see cref="IArithmetic{T}"/> through one generic path.</summary>
public static partial class ExpressionEvaluator
{
    /// <summary>Evaluates an expression.</summary>
    /// <typeparam name="T">The number type.</typeparam>
    /// <typeparam name="TArith">The arithmetic (a struct, so calls are devirtualised).</typeparam>
    /// <param name="expression">The expression.</param>
    /// <param name="arithmetic">The arithmetic.</param>
    /// <param name="lookup">The value of each variable by name; throw <see cref="KeyNotFoundException"/> for an unknown one.</param>
    /// <returns>The value.</returns>
    public static T Evaluate<T, TArith>(Expr expression, TArith arithmetic, Func<string, T> lookup)
        where TArith : struct, IArithmetic<T>
    {
        ArgumentNullException.ThrowIfNull(expression);
        ArgumentNullException.ThrowIfNull(lookup);
        return Eval(expression);

        T Eval(Expr e) => e switch
        {
            ConstantExpr c => arithmetic.Constant(c),
            VariableExpr v => lookup(v.Name),
            UnaryExpr u => arithmetic.Unary(u.Op, Eval(u.Argument)),
            BinaryExpr b => arithmetic.Binary(b.Op, Eval(b.Left), Eval(b.Right)),
            IntPowerExpr p => arithmetic.IntPower(Eval(p.Base), p.Exponent),
            _ => throw new NotSupportedException($"Unknown expression node {e.GetType().Name}."),
        };
    }

    /// <summary>Evaluates an expression with variables given in a dictionary.</summary>
    /// <typeparam name="T">The number type.</typeparam>
    /// <typeparam name="TArith">The arithmetic.</typeparam>
    /// <param name="expression">The expression.</param>
    /// <param name="arithmetic">The arithmetic.</param>
    /// <param name="values">Variable values by name.</param>
    /// <returns>The value.</returns>
    /// <exception cref="KeyNotFoundException">A variable has no value; the message names it.</exception>
    public static T Evaluate<T, TArith>(Expr expression, TArith arithmetic, IReadOnlyDictionary<string, T> values)
        where TArith : struct, IArithmetic<T>
    {
        ArgumentNullException.ThrowIfNull(values);
        return Evaluate<T, TArith>(expression, arithmetic, name =>
            values.TryGetValue(name, out T? v) ? v : throw new KeyNotFoundException($"No value for the variable '{name}' in {expression}."));
    }
}
