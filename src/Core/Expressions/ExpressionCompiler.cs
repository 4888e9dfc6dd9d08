using System.Linq.Expressions;
using System.Reflection;
using Linq = System.Linq.Expressions.Expression;

namespace Certus.Core.Expressions;

/// <summary>
/// Compiles expression trees to delegates on doubles (System.Linq.Expressions), so that simulation runs at native
/// speed. Variables are read from arrays by index, as given by a slot map.
/// </summary>
public static class ExpressionCompiler
{
    private static readonly MethodInfo MathPow = typeof(Math).GetMethod(nameof(Math.Pow), [typeof(double), typeof(double)])!;

    /// <summary>Compiles one expression over a single array of variables.</summary>
    /// <param name="expression">The expression.</param>
    /// <param name="slots">The array index of each variable name.</param>
    /// <returns>A delegate computing the expression from the variable array.</returns>
    /// <exception cref="KeyNotFoundException">A variable has no slot; the message names it.</exception>
    public static Func<double[], double> Compile(Expr expression, IReadOnlyDictionary<string, int> slots)
    {
        ArgumentNullException.ThrowIfNull(expression);
        ArgumentNullException.ThrowIfNull(slots);
        ParameterExpression values = Linq.Parameter(typeof(double[]), "values");
        Linq body = Build(expression, name => Linq.ArrayIndex(values, Linq.Constant(Slot(slots, name, expression))));
        return Linq.Lambda<Func<double[], double>>(body, values).Compile();
    }

    /// <summary>
    /// Compiles several expressions into one delegate <c>(values, results)</c> that writes expression <c>i</c>
    /// into <c>results[i]</c>, so that a whole vector field costs one call.
    /// </summary>
    /// <param name="expressions">The expressions.</param>
    /// <param name="slots">The array index of each variable name in <c>values</c>.</param>
    /// <returns>The compiled delegate.</returns>
    public static Action<double[], double[]> CompileVector(IReadOnlyList<Expr> expressions, IReadOnlyDictionary<string, int> slots)
    {
        ArgumentNullException.ThrowIfNull(expressions);
        ArgumentNullException.ThrowIfNull(slots);
        ParameterExpression values = Linq.Parameter(typeof(double[]), "values");
        ParameterExpression results = Linq.Parameter(typeof(double[]), "results");
        var statements = new List<Linq>(expressions.Count);
        for (int i = 0; i < expressions.Count; i++)
        {
            Expr e = expressions[i];
            Linq value = Build(e, name => Linq.ArrayIndex(values, Linq.Constant(Slot(slots, name, e))));
            statements.Add(Linq.Assign(Linq.ArrayAccess(results, Linq.Constant(i)), value));
        }

        statements.Add(Linq.Empty());
        return Linq.Lambda<Action<double[], double[]>>(Linq.Block(statements), values, results).Compile();
    }

    private static int Slot(IReadOnlyDictionary<string, int> slots, string name, Expr e) =>
        slots.TryGetValue(name, out int slot) ? slot : throw new KeyNotFoundException($"The variable '{name}' in {e} has no value slot.");

    private static Linq Build(Expr e, Func<string, Linq> variable) => e switch
    {
        ConstantExpr c => Linq.Constant(c.Approximation),
        VariableExpr v => variable(v.Name),
        UnaryExpr u => BuildUnary(u.Op, Build(u.Argument, variable)),
        BinaryExpr b => BuildBinary(b.Op, Build(b.Left, variable), Build(b.Right, variable)),
        IntPowerExpr p => BuildIntPower(Build(p.Base, variable), p.Exponent),
        _ => throw new NotSupportedException(e.GetType().Name),
    };

    private static Linq Call(string name, Linq x) => Linq.Call(typeof(Math).GetMethod(name, [typeof(double)])!, x);

    private static Linq DoubleCall(string name, Linq x) => Linq.Call(typeof(double).GetMethod(name, [typeof(double)])!, x);

    private static Linq BuildUnary(UnaryOp op, Linq x) => op switch
    {
        UnaryOp.Negate => Linq.Negate(x),
        UnaryOp.Sqrt => Call(nameof(Math.Sqrt), x),
        UnaryOp.Exp => Call(nameof(Math.Exp), x),
        UnaryOp.Log => Call(nameof(Math.Log), x),
        UnaryOp.Sin => Call(nameof(Math.Sin), x),
        UnaryOp.Cos => Call(nameof(Math.Cos), x),
        UnaryOp.Tan => Call(nameof(Math.Tan), x),
        UnaryOp.Atan => Call(nameof(Math.Atan), x),
        UnaryOp.Tanh => Call(nameof(Math.Tanh), x),
        UnaryOp.Sigmoid => Linq.Divide(Linq.Constant(1.0), Linq.Add(Linq.Constant(1.0), Call(nameof(Math.Exp), Linq.Negate(x)))),
        UnaryOp.Abs => Call(nameof(Math.Abs), x),
        UnaryOp.Sign => Linq.Call(typeof(DoubleArithmetic).GetMethod(nameof(DoubleArithmetic.Sign))!, x),
        UnaryOp.Asin => Call(nameof(Math.Asin), x),
        UnaryOp.Acos => Call(nameof(Math.Acos), x),
        UnaryOp.Sinh => Call(nameof(Math.Sinh), x),
        UnaryOp.Cosh => Call(nameof(Math.Cosh), x),
        UnaryOp.Cbrt => Call(nameof(Math.Cbrt), x),
        UnaryOp.Exp2 => DoubleCall(nameof(double.Exp2), x),
        UnaryOp.Exp10 => DoubleCall(nameof(double.Exp10), x),
        UnaryOp.Log2 => Call(nameof(Math.Log2), x),
        UnaryOp.Log10 => Call(nameof(Math.Log10), x),
        _ => throw new NotSupportedException(op.ToString()),
    };

    private static Linq BuildBinary(BinaryOp op, Linq a, Linq b) => op switch
    {
        BinaryOp.Add => Linq.Add(a, b),
        BinaryOp.Subtract => Linq.Subtract(a, b),
        BinaryOp.Multiply => Linq.Multiply(a, b),
        BinaryOp.Divide => Linq.Divide(a, b),
        BinaryOp.Power => Linq.Call(MathPow, a, b),
        BinaryOp.Min => Linq.Call(typeof(Math).GetMethod(nameof(Math.Min), [typeof(double), typeof(double)])!, a, b),
        BinaryOp.Max => Linq.Call(typeof(Math).GetMethod(nameof(Math.Max), [typeof(double), typeof(double)])!, a, b),
        BinaryOp.Atan2 => Linq.Call(typeof(Math).GetMethod(nameof(Math.Atan2), [typeof(double), typeof(double)])!, a, b),
        BinaryOp.Hypot => Linq.Call(typeof(double).GetMethod(nameof(double.Hypot), [typeof(double), typeof(double)])!, a, b),
        BinaryOp.Rootn => Linq.Call(typeof(DoubleArithmetic).GetMethod(nameof(DoubleArithmetic.Rootn))!, a, b),
        _ => throw new NotSupportedException(op.ToString()),
    };

    // Small integer powers as products of a temporary (x is evaluated once).
    private static Linq BuildIntPower(Linq x, int n)
    {
        if (n is < 0 or > 8)
        {
            return Linq.Call(MathPow, x, Linq.Constant((double)n));
        }

        if (n == 0)
        {
            return Linq.Constant(1.0);
        }

        ParameterExpression t = Linq.Variable(typeof(double), "t");
        Linq product = t;
        for (int i = 1; i < n; i++)
        {
            product = Linq.Multiply(product, t);
        }

        return Linq.Block([t], Linq.Assign(t, x), product);
    }
}
