using System.Globalization;
using Certus.Reach.HamiltonJacobi;
using Xunit.Abstractions;

namespace Certus.Reach.Tests.HamiltonJacobi;

/// <summary>
/// Known answers: the backward reachable tube of the disc <c>‖x‖ ≤ R</c> for <c>ẋ = u</c> in 2-D. Ball input
/// <c>‖u‖ ≤ v</c>: <c>V(τ, x) = max(‖x‖ − vτ, 0) − R</c>; box input <c>|u_k| ≤ v</c>: <c>V = ‖s(x)‖ − R</c> with
/// <c>s_k = sign(x_k) max(|x_k| − vτ, 0)</c>. The error is measured away from the kinks of the exact solution (where
/// every scheme smooths) and everywhere in the mean; both must shrink as the grid is refined.
/// </summary>
public sealed class SingleIntegratorClosedFormTests(ITestOutputHelper output)
{
    private const double Radius = 0.5, Speed = 1, Horizon = 0.5, Kink = 0.1;

    internal static double Exact(InputSetShape shape, ReadOnlySpan<double> x, double tau)
    {
        if (shape == InputSetShape.Ball)
        {
            return Math.Max(Math.Sqrt((x[0] * x[0]) + (x[1] * x[1])) - (Speed * tau), 0) - Radius;
        }

        double s0 = Math.Max(Math.Abs(x[0]) - (Speed * tau), 0), s1 = Math.Max(Math.Abs(x[1]) - (Speed * tau), 0);
        return Math.Sqrt((s0 * s0) + (s1 * s1)) - Radius;
    }

    private static bool NearKink(InputSetShape shape, ReadOnlySpan<double> x, double tau) => shape == InputSetShape.Ball
        ? Math.Abs(Math.Sqrt((x[0] * x[0]) + (x[1] * x[1])) - (Speed * tau)) < Kink
        : Math.Abs(Math.Abs(x[0]) - (Speed * tau)) < Kink || Math.Abs(Math.Abs(x[1]) - (Speed * tau)) < Kink;

    internal static (double Max, double Mean) Errors(InputSetShape shape, int points, SpatialScheme scheme)
    {
        var grid = new Grid(new GridAxis(-2, 2, points), new GridAxis(-2, 2, points));
        var problem = new LevelSetProblem(
            new SingleIntegratorHamiltonian(2, Speed, shape),
            GridFunction.Sample(grid, x => Math.Sqrt((x[0] * x[0]) + (x[1] * x[1])) - Radius),
            Horizon);
        GridFunction v = new LevelSetSolver { Scheme = scheme }.Solve(problem).Value;
        double max = 0, sum = 0;
        Span<double> x = stackalloc double[2];
        for (int i = 0; i < grid.Count; i++)
        {
            grid.Point(i, x);
            double e = Math.Abs(v[i] - Exact(shape, x, Horizon));
            sum += e;
            if (!NearKink(shape, x, Horizon))
            {
                max = Math.Max(max, e);
            }
        }

        return (max, sum / grid.Count);
    }

    [Theory]
    [InlineData(InputSetShape.Ball, SpatialScheme.Weno5, 0.003, 0.0005)]
    [InlineData(InputSetShape.Box, SpatialScheme.Weno5, 0.003, 0.0005)]
    [InlineData(InputSetShape.Ball, SpatialScheme.Eno2, 0.01, 0.001)]
    [InlineData(InputSetShape.Box, SpatialScheme.Eno2, 0.01, 0.001)]
    public void Tube_ConvergesToTheClosedForm(InputSetShape shape, SpatialScheme scheme, double maxBound, double meanBound)
    {
        (double Max, double Mean)[] errors = [.. new[] { 41, 81, 161 }.Select(n => Errors(shape, n, scheme))];
        for (int i = 0; i < errors.Length; i++)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{shape} {scheme} {(new[] { 41, 81, 161 })[i]}^2: max error away from kinks {errors[i].Max:E3}, mean error {errors[i].Mean:E3}"));
        }

        Assert.True(errors[0].Max < maxBound * 10 && errors[0].Mean < meanBound * 10, $"Coarse errors {errors[0]} too large.");
        Assert.True(errors[2].Max < maxBound && errors[2].Mean < meanBound, $"Fine errors {errors[2]} exceed ({maxBound}, {meanBound}).");
        for (int i = 1; i < errors.Length; i++)
        {
            Assert.True(errors[i].Max < errors[i - 1].Max, $"The max error did not shrink: {errors[i - 1].Max} -> {errors[i].Max}.");
            Assert.True(errors[i].Mean < errors[i - 1].Mean, $"The mean error did not shrink: {errors[i - 1].Mean} -> {errors[i].Mean}.");
        }
    }

    [Fact]
    public void OptimalControl_PointsAgainstTheGradient()
    {
        var grid = new Grid(new GridAxis(-2, 2, 41), new GridAxis(-2, 2, 41));
        GridFunction g = GridFunction.Sample(grid, x => Math.Sqrt((x[0] * x[0]) + (x[1] * x[1])) - Radius);
        var box = new SingleIntegratorHamiltonian(2, 0.6);
        var ball = new SingleIntegratorHamiltonian(2, 0.6, InputSetShape.Ball);
        Span<double> u = stackalloc double[2];
        box.OptimalControl(g, [1.3, -0.7], u);
        Assert.Equal(-0.6, u[0]);
        Assert.Equal(0.6, u[1]);
        ball.OptimalControl(g, [1.0, 1.0], u);
        Assert.Equal(-0.6 / Math.Sqrt(2), u[0], 2);
        Assert.Equal(-0.6 / Math.Sqrt(2), u[1], 2);
        new SingleIntegratorHamiltonian(2, 0.6, goal: PlayerGoal.Avoid).OptimalControl([2.0, -1.0], u);
        Assert.Equal([0.6, -0.6], u.ToArray());
        Assert.Throws<ArgumentException>(() => box.OptimalControl([double.NaN, 1], new double[2]));
    }

    [Fact]
    public void OptimalControl_DrivesIntoTheTarget()
    {
        // Closed loop with the box controller from the grid gradient: every start in {V(T) < -0.05} reaches the disc by T.
        var grid = new Grid(new GridAxis(-2, 2, 81), new GridAxis(-2, 2, 81));
        var h = new SingleIntegratorHamiltonian(2, Speed);
        LevelSetSolution s = new LevelSetSolver().Solve(new LevelSetProblem(h, GridFunction.Sample(grid, x => Math.Sqrt((x[0] * x[0]) + (x[1] * x[1])) - Radius), Horizon));
        double[] x = new double[2], u = new double[2];
        int tried = 0;
        for (int i = 0; i < grid.Count; i += 37)
        {
            grid.Point(i, x);
            if (s.Value[i] >= -0.05)
            {
                continue;
            }

            tried++;
            double best = double.MaxValue;
            for (double t = 0; t < Horizon; t += 0.001)
            {
                best = Math.Min(best, Math.Sqrt((x[0] * x[0]) + (x[1] * x[1])));
                h.OptimalControl(s.Value, x, u);
                x[0] += 0.001 * u[0];
                x[1] += 0.001 * u[1];
            }

            Assert.True(best <= Radius + 0.01, $"Start {i} did not reach the target (closest {best}).");
        }

        Assert.True(tried > 20);
    }
}
