using Certus.Core.Systems;
using Certus.Core.Expressions;
using Certus.Verify.Reports;

namespace Certus.Verify.Tests.Reports;

/// <summary>Simple bounds on one state are recognised (and drawn); anything else is left alone.</summary>
public sealed class ConstraintBoundTests
{
    private static readonly string[] States = ["x1", "x2"];

    private static ConstraintBound? Detect(string g) =>
        ConstraintBound.Detect(new StateProperty("p", PropertyKind.Always, ExpressionParser.Parse(g)), States);

    [Theory]
    [InlineData("1 - x1", 0, 1.0, true)]        // x1 <= 1
    [InlineData("x1 - 0", 0, 0.0, false)]       // x1 >= 0
    [InlineData("x2 + 0.9", 1, -0.9, false)]    // x2 >= -0.9
    [InlineData("-0.6 - x2", 1, -0.6, true)]    // x2 <= -0.6
    [InlineData("2*x1 + 3", 0, -1.5, false)]    // 2 x1 + 3 >= 0
    [InlineData("(5 - x2)/4", 1, 5.0, true)]
    public void Affine_InOneState_IsABound(string g, int state, double value, bool upper)
    {
        ConstraintBound b = Assert.IsType<ConstraintBound>(Detect(g));
        Assert.Equal(state, b.State);
        Assert.Equal(value, b.Value, 12);
        Assert.Equal(upper, b.IsUpper);
    }

    [Theory]
    [InlineData("1 - x1^2")]          // nonlinear
    [InlineData("x1 - x2")]           // two states
    [InlineData("x1 - t")]            // time-varying
    [InlineData("sqrt(x1)")]          // nonlinear, and undefined at some probes
    [InlineData("3")]                 // no state
    [InlineData("0*x1 + 1")]          // constant
    public void Other_Constraints_AreNotBounds(string g) => Assert.Null(Detect(g));

    [Fact]
    public void Describe_ShowsTheInequality()
    {
        Assert.Equal("x1 ≤ 1", Detect("1 - x1")!.Describe(States));
        Assert.Equal("x2 ≥ -0.9", Detect("x2 + 0.9")!.Describe(States));
    }
}
