namespace Certus.Core.Expressions;

/// <summary>
/// The depth of an expression tree, computed without recursion, so that it is safe on any tree. Every recursive walk
/// of the project (evaluation, derivatives, printing, compilation, Taylor coefficients) needs stack in proportion
/// to the depth; readers refuse trees deeper than <see cref="ExpressionParser.MaxTreeDepth"/>.
/// </summary>
public static class ExpressionDepth
{
    /// <summary>The number of nodes on the longest path from the root to a leaf (a leaf alone has depth 1).</summary>
    /// <param name="expression">The tree.</param>
    /// <returns>The depth.</returns>
    public static int Of(Expr expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        int deepest = 0;
        var pending = new Stack<(Expr Node, int Depth)>();
        pending.Push((expression, 1));
        while (pending.Count > 0)
        {
            (Expr node, int depth) = pending.Pop();
            deepest = Math.Max(deepest, depth);
            switch (node)
            {
                case UnaryExpr u:
                    pending.Push((u.Argument, depth + 1));
                    break;
                case BinaryExpr b:
                    pending.Push((b.Left, depth + 1));
                    pending.Push((b.Right, depth + 1));
                    break;
                case IntPowerExpr p:
                    pending.Push((p.Base, depth + 1));
                    break;
            }
        }

        return deepest;
    }
}
