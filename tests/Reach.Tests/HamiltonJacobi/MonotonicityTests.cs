using Certus.Reach.HamiltonJacobi;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Certus.Reach.Tests.HamiltonJacobi;

/// <summary>
/// The backward reachable tube with the minimum with the target never loses a point: its value is non-increasing in
/// time-to-go at every grid point. Exact for the monotone scheme (first order, Euler, CFL ≤ 1: from V(Δτ) ≤ V(0) = g,
/// monotonicity carries the order along); within a small tolerance for WENO5 with RK3, which is not monotone; exact by
/// construction for <see cref="TubeForm.NonIncreasing"/>.
/// </summary>
public sealed class MonotonicityTests
{
    public sealed record Case(double Cx, double Cy, double Radius, double Speed, InputSetShape Shape, double Obstacle)
    {
        public override string ToString() => $"target centre ({Cx}, {Cy}) radius {Radius}, speed {Speed} {Shape}, obstacle x0 {Obstacle}";
    }

    public static class Arbitraries
    {
        public static Arbitrary<Case> Cases() =>
            (from cx in Gen.Choose(-100, 100)
             from cy in Gen.Choose(-100, 100)
             from r in Gen.Choose(10, 80)
             from v in Gen.Choose(20, 200)
             from shape in Gen.Elements(InputSetShape.Box, InputSetShape.Ball)
             from obstacle in Gen.Choose(-150, 150)
             select new Case(cx / 100.0, cy / 100.0, r / 100.0, v / 100.0, shape, obstacle / 100.0)).ToArbitrary();
    }

    private static LevelSetSolution Solve(Case c, LevelSetSolver solver, TubeForm tube)
    {
        var grid = new Grid(new GridAxis(-2, 2, 31), new GridAxis(-2, 2, 31));
        GridFunction g = GridFunction.Sample(grid, x => Math.Sqrt(((x[0] - c.Cx) * (x[0] - c.Cx)) + ((x[1] - c.Cy) * (x[1] - c.Cy))) - c.Radius);
        // An obstacle: the vertical band |x - x0| <= 0.1 (away from the target's centre) is forbidden.
        GridFunction obstacle = GridFunction.Sample(grid, x => Math.Abs(c.Cx - c.Obstacle) > c.Radius + 0.2 ? 0.1 - Math.Abs(x[0] - c.Obstacle) : -1);
        var problem = new LevelSetProblem(new SingleIntegratorHamiltonian(2, c.Speed, c.Shape), g, 1) { Tube = tube, Constraint = obstacle, Snapshots = 10 };
        return solver.Solve(problem);
    }

    private static double WorstIncrease(LevelSetSolution s)
    {
        double worst = double.NegativeInfinity;
        for (int k = 1; k < s.Snapshots.Count; k++)
        {
            ReadOnlySpan<double> before = s.Snapshots[k - 1].Value.Values, after = s.Snapshots[k].Value.Values;
            for (int i = 0; i < before.Length; i++)
            {
                worst = Math.Max(worst, after[i] - before[i]);
            }
        }

        return worst;
    }

    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = 25, Replay = "(777,1001)")]
    public void MonotoneScheme_TubeValueNeverIncreases(Case c)
    {
        LevelSetSolution s = Solve(c, new LevelSetSolver { Scheme = SpatialScheme.FirstOrder, Integrator = TimeIntegrator.Euler }, TubeForm.MinWithTarget);
        Assert.True(WorstIncrease(s) <= 0, $"The value increased by {WorstIncrease(s)}.");
    }

    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = 25, Replay = "(778,1003)")]
    public void Weno5_TubeValueNeverIncreasesBeyondRoundOff(Case c)
    {
        LevelSetSolution s = Solve(c, new LevelSetSolver(), TubeForm.MinWithTarget);
        Assert.True(WorstIncrease(s) <= 1e-3, $"The value increased by {WorstIncrease(s)}.");
        LevelSetSolution clipped = Solve(c, new LevelSetSolver(), TubeForm.NonIncreasing);
        Assert.True(WorstIncrease(clipped) <= 0, $"The non-increasing form increased by {WorstIncrease(clipped)}.");
    }

    [Fact]
    public void Obstacle_KeepsItsCellsOutsideTheTube()
    {
        var c = new Case(-1, 0, 0.3, 1, InputSetShape.Ball, 0);
        LevelSetSolution s = Solve(c, new LevelSetSolver(), TubeForm.MinWithTarget);
        Grid grid = s.Problem.Grid;
        Span<double> x = stackalloc double[2];
        for (int i = 0; i < grid.Count; i++)
        {
            grid.Point(i, x);
            if (Math.Abs(x[0]) < 0.1)
            {
                Assert.True(s.Value[i] > 0, $"Obstacle point ({x[0]}, {x[1]}) is in the tube.");
            }

            if (x[0] > 0.2)
            {
                // The band spans the whole y range: nothing beyond it reaches the target.
                Assert.True(s.Value[i] > 0, $"({x[0]}, {x[1]}) beyond the wall reaches the target.");
            }
        }
    }
}
