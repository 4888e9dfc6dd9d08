using System.Globalization;
using Certus.Core.Numerics;

namespace Certus.Core.Expressions;

/// <summary>Unary operations and elementary functions of the expression language.</summary>
public enum UnaryOp
{
    /// <summary>−x.</summary>
    Negate,

    /// <summary>√x.</summary>
    Sqrt,

    /// <summary>eˣ.</summary>
    Exp,

    /// <summary>ln x.</summary>
    Log,

    /// <summary>sin x.</summary>
    Sin,

    /// <summary>cos x.</summary>
    Cos,

    /// <summary>tan x.</summary>
    Tan,

    /// <summary>atan x.</summary>
    Atan,

    /// <summary>tanh x.</summary>
    Tanh,

    /// <summary>1 / (1 + e⁻ˣ).</summary>
    Sigmoid,

    /// <summary>|x|.</summary>
    Abs,

    /// <summary>sign x ∈ {−1, 0, 1}; the generalized derivative of |x| (an interval containing 0 maps to [−1, 1]).</summary>
    Sign,

    /// <summary>asin x, domain [−1, 1].</summary>
    Asin,

    /// <summary>acos x, domain [−1, 1].</summary>
    Acos,

    /// <summary>sinh x.</summary>
    Sinh,

    /// <summary>cosh x.</summary>
    Cosh,

    /// <summary>The real cube root ∛x (any sign).</summary>
    Cbrt,

    /// <summary>2ˣ.</summary>
    Exp2,

    /// <summary>10ˣ.</summary>
    Exp10,

    /// <summary>log₂ x, domain x &gt; 0.</summary>
    Log2,

    /// <summary>log₁₀ x, domain x &gt; 0.</summary>
    Log10,
}

/// <summary>Binary operations of the expression language.</summary>
public enum BinaryOp
{
    /// <summary>a + b.</summary>
    Add,

    /// <summary>a − b.</summary>
    Subtract,

    /// <summary>a · b.</summary>
    Multiply,

    /// <summary>a / b.</summary>
    Divide,

    /// <summary>aᵇ for a real exponent (defined for a &gt; 0).</summary>
    Power,

    /// <summary>min(a, b).</summary>
    Min,

    /// <summary>max(a, b).</summary>
    Max,

    /// <summary>atan2(a, b): the angle of the point (b, a) in (−π, π], a the ordinate; undefined at the origin.</summary>
    Atan2,

    /// <summary>hypot(a, b) = √(a² + b²).</summary>
    Hypot,

    /// <summary>rootn(a, n): the real n-th root for an integer literal n ≠ 0 (odd n: any sign of a; even n: a ≥ 0;
    /// negative n: the reciprocal, a ≠ 0).</summary>
    Rootn,
}

/// <summary>
/// An immutable expression tree over named variables, used for dynamics, controller input maps and constraints.
/// Parse one from text with <see cref="ExpressionParser"/>; evaluate it in any arithmetic with
/// <see cref="ExpressionEvaluator"/>; differentiate it with <see cref="Differentiator"/>; compile it for doubles
/// with <see cref="ExpressionCompiler"/>.
/// </summary>
public abstract record Expr
{
    /// <summary>The names of the variables the expression reads, without duplicates, in first-use order.</summary>
    /// <returns>The variable names.</returns>
    public IReadOnlyList<string> Variables()
    {
        var seen = new List<string>();
        void Walk(Expr e)
        {
            switch (e)
            {
                case VariableExpr v when !seen.Contains(v.Name):
                    seen.Add(v.Name);
                    break;
                case UnaryExpr u:
                    Walk(u.Argument);
                    break;
                case BinaryExpr b:
                    Walk(b.Left);
                    Walk(b.Right);
                    break;
                case IntPowerExpr p:
                    Walk(p.Base);
                    break;
            }
        }

        Walk(this);
        return seen;
    }

    /// <summary>Replaces variables by expressions (others are kept).</summary>
    /// <param name="replacement">The expression for a variable name, or <c>null</c> to keep the variable.</param>
    /// <returns>The substituted expression.</returns>
    public Expr Substitute(Func<string, Expr?> replacement)
    {
        ArgumentNullException.ThrowIfNull(replacement);
        return this switch
        {
            VariableExpr v => replacement(v.Name) ?? v,
            UnaryExpr u => u with { Argument = u.Argument.Substitute(replacement) },
            BinaryExpr b => b with { Left = b.Left.Substitute(replacement), Right = b.Right.Substitute(replacement) },
            IntPowerExpr p => p with { Base = p.Base.Substitute(replacement) },
            _ => this,
        };
    }

    /// <summary>Number of nodes (a size measure).</summary>
    public int Size => this switch
    {
        UnaryExpr u => 1 + u.Argument.Size,
        BinaryExpr b => 1 + b.Left.Size + b.Right.Size,
        IntPowerExpr p => 1 + p.Base.Size,
        _ => 1,
    };

    /// <summary>A constant expression from a double taken exactly.</summary>
    /// <param name="value">A finite double.</param>
    /// <returns>The constant.</returns>
    public static ConstantExpr Number(double value) => new(Interval.Point(value), value, value.ToString("R", CultureInfo.InvariantCulture));

    /// <summary>A variable reference.</summary>
    /// <param name="name">The variable name.</param>
    /// <returns>The variable.</returns>
    public static VariableExpr Var(string name) => new(name);

    /// <summary>Sum.</summary>
    /// <param name="a">Left.</param>
    /// <param name="b">Right.</param>
    /// <returns><c>a + b</c>.</returns>
    public static Expr operator +(Expr a, Expr b) => new BinaryExpr(BinaryOp.Add, a, b);

    /// <summary>Difference.</summary>
    /// <param name="a">Left.</param>
    /// <param name="b">Right.</param>
    /// <returns><c>a − b</c>.</returns>
    public static Expr operator -(Expr a, Expr b) => new BinaryExpr(BinaryOp.Subtract, a, b);

    /// <summary>Product.</summary>
    /// <param name="a">Left.</param>
    /// <param name="b">Right.</param>
    /// <returns><c>a · b</c>.</returns>
    public static Expr operator *(Expr a, Expr b) => new BinaryExpr(BinaryOp.Multiply, a, b);

    /// <summary>Quotient.</summary>
    /// <param name="a">Left.</param>
    /// <param name="b">Right.</param>
    /// <returns><c>a / b</c>.</returns>
    public static Expr operator /(Expr a, Expr b) => new BinaryExpr(BinaryOp.Divide, a, b);

    /// <summary>Negation.</summary>
    /// <param name="a">The operand.</param>
    /// <returns><c>−a</c>.</returns>
    public static Expr operator -(Expr a) => new UnaryExpr(UnaryOp.Negate, a);

    /// <summary>Formats as infix text that <see cref="ExpressionParser"/> reads back to an equal tree.</summary>
    /// <returns>The text.</returns>
    public sealed override string ToString() => ExpressionPrinter.Print(this);
}

/// <summary>
/// A constant: a sound enclosure of its exact value (a decimal such as 0.1 or pi is not a double), the double
/// used for simulation (the nearest one), and the text it was written as.
/// </summary>
/// <param name="Value">An interval containing the exact value.</param>
/// <param name="Approximation">The double used by simulation; inside <paramref name="Value"/>.</param>
/// <param name="Text">The source text (<c>0.1</c>, <c>pi</c>), printed back as written.</param>
public sealed record ConstantExpr(Interval Value, double Approximation, string Text) : Expr
{
    /// <summary>Whether the constant is a double exactly.</summary>
    public bool IsExact => Value.IsPoint;

    /// <summary>Whether the constant is exactly <paramref name="x"/>.</summary>
    /// <param name="x">A double.</param>
    /// <returns>Exact equality.</returns>
    public bool Is(double x) => Value.IsPoint && Value.Lo == x;
}

/// <summary>A reference to a named variable (state, input, disturbance, parameter, time or network output).</summary>
/// <param name="Name">The name, e.g. <c>x_ego</c> or <c>out[0]</c>.</param>
public sealed record VariableExpr(string Name) : Expr;

/// <summary>A unary operation or elementary function.</summary>
/// <param name="Op">The operation.</param>
/// <param name="Argument">Its argument.</param>
public sealed record UnaryExpr(UnaryOp Op, Expr Argument) : Expr;

/// <summary>A binary operation.</summary>
/// <param name="Op">The operation.</param>
/// <param name="Left">Left operand.</param>
/// <param name="Right">Right operand.</param>
public sealed record BinaryExpr(BinaryOp Op, Expr Left, Expr Right) : Expr;

/// <summary>An integer power <c>base^n</c> (any sign of the base; tight in interval arithmetic).</summary>
/// <param name="Base">The base.</param>
/// <param name="Exponent">The integer exponent.</param>
public sealed record IntPowerExpr(Expr Base, int Exponent) : Expr;
