using Certus.Control.Navigation;
using Certus.Core.Navigation;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Certus.Control.Tests.Navigation;

public sealed class CbfSafetyFilterPolicyTests
{
    public static class Arbitraries
    {
        /// <summary>Three to six agents scattered without overlap around the ego agent at the origin.</summary>
        public static Arbitrary<double[]> Crowds() =>
            (from n in Gen.Choose(2, 6)
             from raw in Gen.Choose(-1500, 1500).ArrayOf(4 * n)
             select raw.Select(v => v / 1000.0).ToArray()).ToArbitrary();
    }

    /// <summary>Whenever no slack was needed, the filtered velocity satisfies every barrier constraint and the box.</summary>
    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = 200, Replay = "(47,49)")]
    public void FilteredVelocity_SatisfiesEveryBarrierConstraint(double[] raw)
    {
        int n = raw.Length / 4;
        var agents = new List<(double, double, double, double, double, double, double)> { (0, 0, 0, 0, raw[0] * 3, raw[1] * 3, 0.1) };
        for (int i = 1; i < n; i++)
        {
            double x = raw[4 * i], y = raw[(4 * i) + 1];
            if (agents.Any(a => Math.Sqrt(Math.Pow(a.Item1 - x, 2) + Math.Pow(a.Item2 - y, 2)) < 0.25))
            {
                continue;
            }

            agents.Add((x, y, 0, 0, raw[(4 * i) + 2], raw[(4 * i) + 3], 0.1));
        }

        NavigationSnapshot world = Worlds.Make(1, 0.05, [.. agents]);
        using var cbf = new CbfSafetyFilterPolicy();
        cbf.Reset(world.Scenario);
        double[] u = new double[2 * agents.Count];
        cbf.ComputeControls(world, u);
        double alpha = 0.5 / 0.05;
        if (cbf.SlackActivations == 0)
        {
            for (int i = 0; i < agents.Count; i++)
            {
                Assert.InRange(u[2 * i], -1 - 1e-9, 1 + 1e-9);
                Assert.InRange(u[(2 * i) + 1], -1 - 1e-9, 1 + 1e-9);
                for (int j = 0; j < agents.Count; j++)
                {
                    if (i == j)
                    {
                        continue;
                    }

                    double px = agents[i].Item1 - agents[j].Item1, py = agents[i].Item2 - agents[j].Item2;
                    double h = (px * px) + (py * py) - Math.Pow(0.2 + cbf.Margin, 2);
                    Assert.True((2 * ((px * u[2 * i]) + (py * u[(2 * i) + 1]))) >= (-0.5 * alpha * h) - 1e-6);
                }
            }
        }
    }

    [Fact]
    public void FreeSpace_LeavesTheNominalControlAlone()
    {
        NavigationSnapshot world = Worlds.Make(1, 0.05, (0, 0, 0, 0, 3, 1, 0.1), (0, 10, 0, 0, 0, 12, 0.1));
        using var cbf = new CbfSafetyFilterPolicy();
        cbf.Reset(world.Scenario);
        double[] u = new double[4];
        cbf.ComputeControls(world, u);
        double[] nominal = new double[2];
        GoToGoalPolicy.Nominal(world.View(0), nominal);
        Assert.Equal(nominal[0], u[0], 6);
        Assert.Equal(nominal[1], u[1], 6);
    }

    [Fact]
    public void WallAhead_SlowsTheApproachToTheBarrierRate()
    {
        // Agent 0.5 from a box obstacle, heading into it at full speed: n·u ≥ −α h with h = 0.5 − r − margin.
        NavigationSnapshot world = Worlds.Make(1, 0.05, [new BoxObstacle(0.5, -5, 1, 5)], null, (0, 0, 0, 0, 3, 0, 0.1));
        using var cbf = new CbfSafetyFilterPolicy { Alpha = 1 };
        cbf.Reset(world.Scenario);
        double[] u = new double[2];
        cbf.ComputeControls(world, u);
        Assert.Equal(0.5 - 0.1 - 0.01, u[0], 6);
    }
}
