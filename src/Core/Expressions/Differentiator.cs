namespace Certus.Core.Expressions;

/// <summary>
/// Symbolic differentiation of expressions with simplification of trivial terms (0 + x, 1·x, 0·x, x¹, x⁰,
/// −(−x) and products of exact constants), for Jacobians and Taylor coefficients.
/// </summary>
/// <remarks>
/// <para>|x| differentiates to sign(x); min and max through <c>min(a, b) = (a + b − |a − b|)/2</c>. These are
/// generalised (Clarke) derivatives: sound in mean-value forms of Lipschitz functions (the interval sign of an
/// interval containing 0 is [−1, 1]) but not in higher-order Taylor expansions; sign itself has derivative 0
/// away from 0 and is reported as not differentiable.</para>
/// </remarks>
public static class Differentiator
{
    private static readonly ConstantExpr Zero = Expr.Number(0);
    private static readonly ConstantExpr One = Expr.Number(1);
    private static readonly ConstantExpr Two = Expr.Number(2);

    /// <summary>The partial derivative of <paramref name="e"/> with respect to <paramref name="variable"/>.</summary>
    /// <param name="e">The expression.</param>
    /// <param name="variable">The variable name.</param>
    /// <returns>The simplified derivative.</returns>
    /// <exception cref="NotSupportedException">The expression uses <c>sign</c> of a term that depends on the variable.</exception>
    public static Expr Derivative(Expr e, string variable)
    {
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(variable);
        return D(e, variable);
    }

    /// <summary>The gradient with respect to several variables.</summary>
    /// <param name="e">The expression.</param>
    /// <param name="variables">The variables, in order.</param>
    /// <returns>One derivative per variable.</returns>
    public static Expr[] Gradient(Expr e, IReadOnlyList<string> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        return variables.Select(v => Derivative(e, v)).ToArray();
    }

    private static bool DependsOn(Expr e, string v) => e.Variables().Contains(v);

    // ln c as an expression (enclosed rigorously in interval arithmetic, not as a rounded constant).
    private static Expr LogOf(int c) => new UnaryExpr(UnaryOp.Log, Expr.Number(c));

    private static Expr D(Expr e, string v)
    {
        if (!DependsOn(e, v))
        {
            return Zero;
        }

        switch (e)
        {
            case VariableExpr:
                return One;
            case UnaryExpr u:
            {
                Expr a = u.Argument, da = D(a, v);
                Expr outer = u.Op switch
                {
                    UnaryOp.Negate => Expr.Number(-1),
                    UnaryOp.Sqrt => Div(One, Mul(Two, u)),
                    UnaryOp.Exp => u,
                    UnaryOp.Log => Div(One, a),
                    UnaryOp.Sin => new UnaryExpr(UnaryOp.Cos, a),
                    UnaryOp.Cos => Neg(new UnaryExpr(UnaryOp.Sin, a)),
                    UnaryOp.Tan => Add(One, new IntPowerExpr(u, 2)),
                    UnaryOp.Atan => Div(One, Add(One, new IntPowerExpr(a, 2))),
                    UnaryOp.Tanh => Sub(One, new IntPowerExpr(u, 2)),
                    UnaryOp.Sigmoid => Mul(u, Sub(One, u)),
                    UnaryOp.Abs => new UnaryExpr(UnaryOp.Sign, a),
                    UnaryOp.Asin => Div(One, new UnaryExpr(UnaryOp.Sqrt, Sub(One, new IntPowerExpr(a, 2)))),
                    UnaryOp.Acos => Neg(Div(One, new UnaryExpr(UnaryOp.Sqrt, Sub(One, new IntPowerExpr(a, 2))))),
                    UnaryOp.Sinh => new UnaryExpr(UnaryOp.Cosh, a),
                    UnaryOp.Cosh => new UnaryExpr(UnaryOp.Sinh, a),
                    UnaryOp.Cbrt => Div(One, Mul(Expr.Number(3), new IntPowerExpr(u, 2))),
                    UnaryOp.Exp2 => Mul(u, LogOf(2)),
                    UnaryOp.Exp10 => Mul(u, LogOf(10)),
                    UnaryOp.Log2 => Div(One, Mul(a, LogOf(2))),
                    UnaryOp.Log10 => Div(One, Mul(a, LogOf(10))),
                    _ => throw new NotSupportedException($"sign({a}) is not differentiable with respect to {v}."),
                };
                return u.Op == UnaryOp.Negate ? Neg(da) : Mul(outer, da);
            }

            case IntPowerExpr p:
            {
                Expr dBase = D(p.Base, v);
                Expr outer = p.Exponent switch
                {
                    1 => One,
                    2 => Mul(Two, p.Base),
                    _ => Mul(Expr.Number(p.Exponent), Pow(p.Base, p.Exponent - 1)),
                };
                return Mul(outer, dBase);
            }

            case BinaryExpr b:
            {
                Expr da = D(b.Left, v), db = D(b.Right, v);
                switch (b.Op)
                {
                    case BinaryOp.Add:
                        return Add(da, db);
                    case BinaryOp.Subtract:
                        return Sub(da, db);
                    case BinaryOp.Multiply:
                        return Add(Mul(da, b.Right), Mul(b.Left, db));
                    case BinaryOp.Divide:
                        // (a/b)' = a'/b − a b'/b²
                        return Sub(Div(da, b.Right), Div(Mul(b.Left, db), new IntPowerExpr(b.Right, 2)));
                    case BinaryOp.Power:
                        // (a^b)' = a^b (b' ln a + b a'/a)
                        return Mul(b, Add(Mul(db, new UnaryExpr(UnaryOp.Log, b.Left)), Div(Mul(b.Right, da), b.Left)));
                    case BinaryOp.Atan2:
                    {
                        // atan2(y, x)' = (x y' − y x') / (x² + y²)
                        Expr y = b.Left, x = b.Right;
                        return Div(Sub(Mul(x, da), Mul(y, db)), Add(new IntPowerExpr(x, 2), new IntPowerExpr(y, 2)));
                    }

                    case BinaryOp.Rootn:
                        // rootn(a, n)' = rootn(a, n) a' / (n a); the index is a constant.
                        return Div(Mul(b, da), Mul(b.Right, b.Left));
                    case BinaryOp.Hypot:
                        // hypot(x, y)' = (x x' + y y') / hypot(x, y)
                        return Div(Add(Mul(b.Left, da), Mul(b.Right, db)), b);
                    case BinaryOp.Min:
                    case BinaryOp.Max:
                    {
                        // min/max(a, b) = (a + b ∓ |a − b|)/2
                        Expr diff = Sub(b.Left, b.Right);
                        Expr absD = Mul(new UnaryExpr(UnaryOp.Sign, diff), Sub(da, db));
                        Expr sum = Add(da, db);
                        return Div(b.Op == BinaryOp.Min ? Sub(sum, absD) : Add(sum, absD), Two);
                    }

                    default:
                        throw new NotSupportedException(b.Op.ToString());
                }
            }

            default:
                return Zero;
        }
    }

    private static bool IsConst(Expr e, double x) => e is ConstantExpr c && c.Is(x);

    /// <summary>Sum with trivial terms removed.</summary>
    internal static Expr Add(Expr a, Expr b)
    {
        if (IsConst(a, 0))
        {
            return b;
        }

        if (IsConst(b, 0))
        {
            return a;
        }

        return Fold(BinaryOp.Add, a, b) ?? new BinaryExpr(BinaryOp.Add, a, b);
    }

    internal static Expr Sub(Expr a, Expr b)
    {
        if (IsConst(b, 0))
        {
            return a;
        }

        if (IsConst(a, 0))
        {
            return Neg(b);
        }

        return Fold(BinaryOp.Subtract, a, b) ?? new BinaryExpr(BinaryOp.Subtract, a, b);
    }

    internal static Expr Mul(Expr a, Expr b)
    {
        if (IsConst(a, 0) || IsConst(b, 0))
        {
            return Zero;
        }

        if (IsConst(a, 1))
        {
            return b;
        }

        if (IsConst(b, 1))
        {
            return a;
        }

        if (IsConst(a, -1))
        {
            return Neg(b);
        }

        if (IsConst(b, -1))
        {
            return Neg(a);
        }

        return Fold(BinaryOp.Multiply, a, b) ?? new BinaryExpr(BinaryOp.Multiply, a, b);
    }

    internal static Expr Div(Expr a, Expr b)
    {
        if (IsConst(a, 0))
        {
            return Zero;
        }

        if (IsConst(b, 1))
        {
            return a;
        }

        return Fold(BinaryOp.Divide, a, b) ?? new BinaryExpr(BinaryOp.Divide, a, b);
    }

    internal static Expr Neg(Expr a) => a switch
    {
        UnaryExpr { Op: UnaryOp.Negate } u => u.Argument,
        ConstantExpr c when c.IsExact => Expr.Number(-c.Approximation),
        _ => new UnaryExpr(UnaryOp.Negate, a),
    };

    private static Expr Pow(Expr a, int n) => n switch
    {
        0 => One,
        1 => a,
        _ => new IntPowerExpr(a, n),
    };

    // Folds two exact constants when the result is exact too (so folding never loses soundness).
    private static Expr? Fold(BinaryOp op, Expr a, Expr b)
    {
        if (a is not ConstantExpr ca || b is not ConstantExpr cb || !ca.IsExact || !cb.IsExact)
        {
            return null;
        }

        Numerics.Interval r = new IntervalArithmetic().Binary(op, ca.Value, cb.Value);
        return r.IsPoint && double.IsFinite(r.Lo) ? Expr.Number(r.Lo) : null;
    }
}
