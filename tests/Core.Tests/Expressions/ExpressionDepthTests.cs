using Certus.Core.Expressions;

namespace Certus.Core.Tests.Expressions;

public sealed class ExpressionDepthTests
{
    private static string Chain(string term, string op, int count) => string.Join(op, Enumerable.Repeat(term, count));

    [Fact]
    public void Parse_FlatSumOf60000Terms_IsRefusedWithTheLimit()
    {
        // Before the limit this parsed into a tree 60,000 deep, and every recursive walk overflowed the stack.
        var e = Assert.Throws<ExpressionParseException>(() => ExpressionParser.Parse(Chain("x", " + ", 60_000)));
        Assert.Contains($"at most {ExpressionParser.MaxTreeDepth}", e.Message, StringComparison.Ordinal);
        Assert.Contains("more than 1000 operations deep", e.Message, StringComparison.Ordinal);
        Assert.True(e.Message.Length < 400, "the message shortens the text");
    }

    [Fact]
    public void Parse_TreeDeeperThanItsLongestChain_IsMeasuredOnTheTree()
    {
        // A sum of 600 terms whose first term is a product of 600 factors: no chain passes the limit, the tree
        // (599 additions above 599 multiplications above a leaf) does.
        string text = Chain("x", "*", 600) + " + " + Chain("x", " + ", 599);
        var e = Assert.Throws<ExpressionParseException>(() => ExpressionParser.Parse(text));
        Assert.Contains("1199 operations deep", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_FlatProductAtTheLimit_IsAcceptedAndWalkable()
    {
        Expr e = ExpressionParser.Parse(Chain("x", "*", ExpressionParser.MaxTreeDepth / 2));
        Assert.Equal(ExpressionParser.MaxTreeDepth / 2, ExpressionDepth.Of(e));
        Assert.Equal(1.0, ExpressionEvaluator.Evaluate<double, DoubleArithmetic>(e, default, _ => 1.0));
        Assert.NotNull(Differentiator.Derivative(e, "x"));
        Assert.NotEmpty(e.ToString());
    }

    [Fact]
    public void Depth_CountsNodesOnTheLongestPath()
    {
        Assert.Equal(1, ExpressionDepth.Of(ExpressionParser.Parse("x")));
        Assert.Equal(3, ExpressionDepth.Of(ExpressionParser.Parse("x + y * z")));
        Assert.Equal(4, ExpressionDepth.Of(ExpressionParser.Parse("sin(x)^2 + 1")));
        Assert.Equal(60_001, ExpressionDepth.Of(Enumerable.Range(0, 60_000).Aggregate((Expr)Expr.Var("x"), (a, _) => a + Expr.Var("x"))));
    }
}
