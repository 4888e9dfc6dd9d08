using System.Globalization;
using Certus.Reach.HamiltonJacobi;
using Xunit.Abstractions;

namespace Certus.Reach.Tests.HamiltonJacobi;

/// <summary>
/// <c>ẋ = u</c>, <c>|u| ≤ 1</c>, running cost <c>l(x) = |x|</c>, no terminal cost, constraint <c>g(x) = |x| − 1.8</c>, horizon 1.
/// The cheapest control runs to 0 at full speed: <c>C(x) = x²/2</c> for <c>|x| ≤ 1</c>, <c>|x| − 1/2</c> beyond, and it also
/// keeps <c>g</c> largest at the start, so <c>V(x, z) = max(C(x) − z, g(x))</c> exactly.
/// </summary>
public sealed class EpigraphTests(ITestOutputHelper output)
{
    private const double T = 1;

    private static double Cost(double x) => Math.Abs(x) <= T ? x * x / 2 : (T * Math.Abs(x)) - (T * T / 2);

    private static LevelSetSolution Solve(int points)
    {
        var grid = new Grid(new GridAxis(-2, 2, points), new GridAxis(-0.5, 2, points));
        var h = new EpigraphHamiltonian((x, p) => -Math.Abs(p[0]), [1.0], x => Math.Abs(x[0]), 2.0);
        return new LevelSetSolver().Solve(Epigraph.Problem(grid, h, _ => 0, x => Math.Abs(x[0]) - 1.8, T));
    }

    [Fact]
    public void Value_MatchesTheClosedForm_AndConverges()
    {
        double previous = double.MaxValue;
        foreach (int n in new[] { 41, 81, 161 })
        {
            LevelSetSolution s = Solve(n);
            Grid grid = s.Problem.Grid;
            double max = 0, sum = 0;
            double[] x = new double[2];
            for (int i = 0; i < grid.Count; i++)
            {
                grid.Point(i, x);
                double e = Math.Abs(s.Value[i] - Math.Max(Cost(x[0]) - x[1], Math.Abs(x[0]) - 1.8));
                sum += e;
                max = Math.Max(max, e);
            }

            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{n}^2: max error {max:E3}, mean {sum / grid.Count:E3}, {s.Steps} steps"));
            Assert.True(sum / grid.Count < previous, "The mean error did not shrink.");
            previous = sum / grid.Count;
        }

        Assert.True(previous < 2e-3, $"Mean error {previous} at 161^2.");
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.5)]
    [InlineData(-0.8)]
    [InlineData(1.3)]
    [InlineData(-1.7)]
    public void MinimalBudget_IsTheOptimalCost(double x)
    {
        LevelSetSolution s = Solve(161);
        Assert.True(Epigraph.TryMinimalBudget(s.Value, [x], out double z));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"x = {x}: budget {z:F4}, optimal cost {Cost(x):F4}"));
        Assert.Equal(Math.Max(Cost(x), -0.5), z, 0.02);
    }

    [Fact]
    public void MinimalBudget_InfeasibleOutsideTheConstraint()
    {
        LevelSetSolution s = Solve(81);
        Assert.False(Epigraph.TryMinimalBudget(s.Value, [1.95], out double z));
        Assert.Equal(double.PositiveInfinity, z);
    }
}
