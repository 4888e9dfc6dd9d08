using System.Globalization;
using System.Text;

namespace Certus.Core.Expressions;

/// <summary>Prints expressions as infix text with the fewest parentheses that parse back to the same tree.</summary>
internal static class ExpressionPrinter
{
    public static string Print(Expr e)
    {
        var sb = new StringBuilder();
        Write(sb, e);
        return sb.ToString();
    }

    // Binding strength: sums 1, products 2, unary minus 3, powers 4, atoms 5.
    private static int Precedence(Expr e) => e switch
    {
        BinaryExpr { Op: BinaryOp.Add or BinaryOp.Subtract } => 1,
        BinaryExpr { Op: BinaryOp.Multiply or BinaryOp.Divide } => 2,
        UnaryExpr { Op: UnaryOp.Negate } => 3,
        ConstantExpr c when c.Text.StartsWith('-') => 3,
        IntPowerExpr or BinaryExpr { Op: BinaryOp.Power } => 4,
        _ => 5,
    };

    private static void Write(StringBuilder sb, Expr e)
    {
        switch (e)
        {
            case ConstantExpr c:
                sb.Append(c.Text);
                break;
            case VariableExpr v:
                sb.Append(v.Name);
                break;
            case UnaryExpr { Op: UnaryOp.Negate } u:
                sb.Append('-');
                Wrap(sb, u.Argument, Precedence(u.Argument) < 3);
                break;
            case UnaryExpr u:
                sb.Append(u.Op.ToString().ToLowerInvariant()).Append('(');
                Write(sb, u.Argument);
                sb.Append(')');
                break;
            case BinaryExpr { Op: BinaryOp.Min or BinaryOp.Max or BinaryOp.Atan2 or BinaryOp.Hypot or BinaryOp.Rootn } b:
                sb.Append(b.Op.ToString().ToLowerInvariant()).Append('(');
                Write(sb, b.Left);
                sb.Append(", ");
                Write(sb, b.Right);
                sb.Append(')');
                break;
            case BinaryExpr { Op: BinaryOp.Power } b:
                Wrap(sb, b.Left, Precedence(b.Left) <= 4);
                sb.Append('^');
                Wrap(sb, b.Right, Precedence(b.Right) < 5);
                break;
            case IntPowerExpr p:
                Wrap(sb, p.Base, Precedence(p.Base) <= 4);
                sb.Append('^');
                if (p.Exponent < 0)
                {
                    sb.Append('(').Append(p.Exponent.ToString(CultureInfo.InvariantCulture)).Append(')');
                }
                else
                {
                    sb.Append(p.Exponent.ToString(CultureInfo.InvariantCulture));
                }

                break;
            case BinaryExpr b:
                int prec = Precedence(b);
                Wrap(sb, b.Left, Precedence(b.Left) < prec);
                sb.Append(b.Op switch { BinaryOp.Add => " + ", BinaryOp.Subtract => " - ", BinaryOp.Multiply => "*", _ => "/" });
                Wrap(sb, b.Right, Precedence(b.Right) <= prec);
                break;
            default:
                throw new NotSupportedException(e.GetType().Name);
        }
    }

    private static void Wrap(StringBuilder sb, Expr e, bool parenthesize)
    {
        if (parenthesize)
        {
            sb.Append('(');
        }

        Write(sb, e);
        if (parenthesize)
        {
            sb.Append(')');
        }
    }
}
