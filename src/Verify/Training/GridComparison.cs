using System.Diagnostics;
using Certus.Control.MadPinn;
using Certus.Core.Navigation;
using Certus.Reach.HamiltonJacobi;

namespace Certus.Verify.Training;

/// <summary>Figures of a learned value function against the grid solver's on the same single-agent epigraph problem.</summary>
/// <param name="MeanError">Mean |V_learned − V_grid| over the compared nodes.</param>
/// <param name="MaxError">Largest |V_learned − V_grid|.</param>
/// <param name="IntersectionOverUnion">|{V_l ≤ 0} ∩ {V_g ≤ 0}| / |{V_l ≤ 0} ∪ {V_g ≤ 0}| over the nodes.</param>
/// <param name="Nodes">The nodes compared (the grid without its outer two layers, where the boundary extrapolation acts).</param>
/// <param name="GridPoints">Points per axis of the grid.</param>
/// <param name="GridSeconds">Time the grid solve took.</param>
public sealed record GridComparisonResult(double MeanError, double MaxError, double IntersectionOverUnion, int Nodes, int GridPoints, double GridSeconds);

/// <summary>
/// Compares a MAD-PINN model of the single-agent problem (no neighbours; state e₀ = goal − position, and z) with the
/// grid level-set solver (<see cref="Epigraph"/>) on the state (x, y, z), x = −e₀ (the goal at the origin), at τ = T.
/// </summary>
public static class GridComparison
{
    /// <summary>Solves the problem on a grid and compares.</summary>
    /// <param name="model">A model with <c>Neighbours = 0</c>.</param>
    /// <param name="points">Grid points per axis (default 41).</param>
    /// <returns>The figures.</returns>
    /// <exception cref="ArgumentException">The model has neighbours.</exception>
    public static GridComparisonResult Compare(MadPinnModel model, int points = 41)
    {
        ArgumentNullException.ThrowIfNull(model);
        MadPinnProblem p = model.Problem;
        if (p.Neighbours != 0)
        {
            throw new ArgumentException($"The grid comparison needs a single-agent model (neighbours: 0); this one has {p.Neighbours}.", nameof(model));
        }

        double d = p.GoalRange, u = p.MaxSpeed;
        var grid = new Grid(new GridAxis(-d, d, points), new GridAxis(-d, d, points), new GridAxis(p.BudgetMin, p.EffectiveBudgetMax, points));
        HamiltonianFunction state = p.InputSet == MadPinnInputSet.Box
            ? (x, q) => -u * (Math.Abs(q[0]) + Math.Abs(q[1]))
            : (x, q) => -u * Math.Sqrt((q[0] * q[0]) + (q[1] * q[1]));
        var h = new EpigraphHamiltonian(state, [u, u], x => Math.Sqrt((x[0] * x[0]) + (x[1] * x[1])), d * Math.Sqrt(2));
        PointFunction constraint = x =>
        {
            double g = -10;
            foreach (DiscObstacle o in p.Obstacles)
            {
                g = Math.Max(g, o.Radius - Math.Sqrt(((x[0] - o.CenterX) * (x[0] - o.CenterX)) + ((x[1] - o.CenterY) * (x[1] - o.CenterY))));
            }

            return g;
        };
        var watch = Stopwatch.StartNew();
        LevelSetSolution solution = new LevelSetSolver().Solve(Epigraph.Problem(grid, h, x => Math.Sqrt((x[0] * x[0]) + (x[1] * x[1])), constraint, p.Horizon));
        double seconds = watch.Elapsed.TotalSeconds;

        int count = 0, inter = 0, union = 0;
        double sum = 0, max = 0;
        double[] node = new double[3];
        double[] input = new double[p.InputDimension];
        for (int i = 2; i < points - 2; i++)
        {
            for (int j = 2; j < points - 2; j++)
            {
                for (int k = 2; k < points - 2; k++)
                {
                    int index = grid.Index(i, j, k);
                    grid.Point(index, node);
                    input[0] = p.Horizon;
                    input[1] = -node[0];
                    input[2] = -node[1];
                    input[3] = node[2];
                    double learned = model.Value(input), truth = solution.Value[index];
                    double e = Math.Abs(learned - truth);
                    sum += e;
                    max = Math.Max(max, e);
                    count++;
                    bool a = learned <= 0, b = truth <= 0;
                    inter += a && b ? 1 : 0;
                    union += a || b ? 1 : 0;
                }
            }
        }

        return new GridComparisonResult(sum / count, max, union == 0 ? 1 : (double)inter / union, count, points, seconds);
    }
}
