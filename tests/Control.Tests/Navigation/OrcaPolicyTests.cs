using Certus.Control.Navigation;
using Certus.Core.Navigation;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Certus.Control.Tests.Navigation;

public sealed class OrcaPolicyTests
{
    public static class Arbitraries
    {
        /// <summary>An agent at the origin and another body around it, both moving.</summary>
        public static Arbitrary<(double Px, double Py, double Vx, double Vy, double Wx, double Wy, double R)> Encounters() =>
            (from px in Gen.Choose(-3000, 3000)
             from py in Gen.Choose(-3000, 3000)
             from vx in Gen.Choose(-1000, 1000)
             from vy in Gen.Choose(-1000, 1000)
             from wx in Gen.Choose(-1000, 1000)
             from wy in Gen.Choose(-1000, 1000)
             from r in Gen.Choose(50, 400)
             select (px / 1000.0, py / 1000.0, vx / 1000.0, vy / 1000.0, wx / 1000.0, wy / 1000.0, r / 1000.0)).ToArbitrary();

        /// <summary>Sets of random half-planes and an optimum.</summary>
        public static Arbitrary<(double[] Planes, double Ox, double Oy)> Programs() =>
            (from n in Gen.Choose(0, 8)
             from raw in Gen.Choose(-1000, 1000).ArrayOf(4 * n)
             from ox in Gen.Choose(-2000, 2000)
             from oy in Gen.Choose(-2000, 2000)
             select (raw.Select(v => v / 1000.0).ToArray(), ox / 1000.0, oy / 1000.0)).ToArbitrary();
    }

    /// <summary>
    /// The half-plane with all the responsibility (share 1) excludes the truncated velocity obstacle: any velocity
    /// in it, held against a body moving at constant velocity, keeps the bodies apart for the time horizon.
    /// </summary>
    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = 400, Replay = "(41,43)")]
    public void FullResponsibilityPlane_ExcludesEveryCollidingVelocity((double Px, double Py, double Vx, double Vy, double Wx, double Wy, double R) e)
    {
        double dist = Math.Sqrt((e.Px * e.Px) + (e.Py * e.Py));
        if (dist <= 2 * e.R + 1e-6)
        {
            return; // overlapping: a different rule (separate within one step)
        }

        NavigationSnapshot world = Worlds.Make(2, 0.05, (0, 0, e.Vx, e.Vy, 1, 0, e.R), (e.Px, e.Py, e.Wx, e.Wy, 0, 0, e.R));
        var orca = new OrcaPolicy { TimeHorizon = 2 };
        OrcaPolicy.HalfPlane plane = orca.VelocityObstaclePlane(world.View(0), world.View(0).Neighbour(0), 0.05, 2, share: 1.0);
        var rng = new Random(7);
        for (int k = 0; k < 200; k++)
        {
            double ux = (rng.NextDouble() * 4) - 2, uy = (rng.NextDouble() * 4) - 2;
            if (plane.Violation(ux, uy) > -1e-9)
            {
                continue;
            }

            // Relative motion p(t) = p − (u − w) t; its distance stays ≥ 2R on [0, τ].
            double rx = ux - e.Wx, ry = uy - e.Wy;
            double rr = (rx * rx) + (ry * ry);
            double s = rr > 0 ? Math.Clamp(((e.Px * rx) + (e.Py * ry)) / rr, 0, 2) : 0;
            double cx = e.Px - (rx * s), cy = e.Py - (ry * s);
            Assert.True(Math.Sqrt((cx * cx) + (cy * cy)) >= 2 * e.R - 1e-9, $"velocity ({ux}, {uy}) in the ORCA half-plane collides");
        }
    }

    /// <summary>The 2-D program returns a point in the disc and every half-plane when it says it succeeded, and no sampled feasible point is nearer the optimum.</summary>
    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = 400, Replay = "(43,45)")]
    public void Solve2_IsFeasibleAndOptimal((double[] Planes, double Ox, double Oy) program)
    {
        int n = program.Planes.Length / 4;
        var planes = new OrcaPolicy.HalfPlane[n];
        for (int i = 0; i < n; i++)
        {
            double dx = program.Planes[(4 * i) + 2], dy = program.Planes[(4 * i) + 3];
            double len = Math.Sqrt((dx * dx) + (dy * dy));
            (dx, dy) = len < 1e-3 ? (1.0, 0.0) : (dx / len, dy / len);
            planes[i] = new OrcaPolicy.HalfPlane(program.Planes[4 * i], program.Planes[(4 * i) + 1], dx, dy);
        }

        double x = 0, y = 0;
        const double Radius = 1.0;
        int failed = OrcaPolicy.Solve2(planes, Radius, program.Ox, program.Oy, direction: false, ref x, ref y);
        var rng = new Random(3);
        if (failed == n)
        {
            Assert.True((x * x) + (y * y) <= (Radius * Radius) + 1e-9);
            Assert.All(planes, p => Assert.True(p.Violation(x, y) <= 1e-9));
            double best = Math.Pow(x - program.Ox, 2) + Math.Pow(y - program.Oy, 2);
            for (int k = 0; k < 3000; k++)
            {
                double a = rng.NextDouble() * 2 * Math.PI, r = Math.Sqrt(rng.NextDouble()) * Radius;
                double sx = r * Math.Cos(a), sy = r * Math.Sin(a);
                if (planes.All(p => p.Violation(sx, sy) <= 0))
                {
                    Assert.True(Math.Pow(sx - program.Ox, 2) + Math.Pow(sy - program.Oy, 2) >= best - 1e-9);
                }
            }
        }
        else
        {
            // Infeasible: no sampled point of the disc satisfies every plane.
            for (int k = 0; k < 3000; k++)
            {
                double a = rng.NextDouble() * 2 * Math.PI, r = Math.Sqrt(rng.NextDouble()) * Radius;
                double sx = r * Math.Cos(a), sy = r * Math.Sin(a);
                Assert.False(planes.All(p => p.Violation(sx, sy) < -1e-6), "Solve2 gave up on a feasible program");
            }

            // The fallback minimises the largest violation: no sampled point does clearly better.
            OrcaPolicy.Solve3(planes, 0, failed, Radius, ref x, ref y);
            double worst = planes.Max(p => p.Violation(x, y));
            for (int k = 0; k < 3000; k++)
            {
                double a = rng.NextDouble() * 2 * Math.PI, r = Math.Sqrt(rng.NextDouble()) * Radius;
                double sx = r * Math.Cos(a), sy = r * Math.Sin(a);
                Assert.True(planes.Max(p => p.Violation(sx, sy)) >= worst - 1e-6);
            }
        }
    }

    [Fact]
    public void HeadOn_BothAgentsSwerveToTheSameSide()
    {
        // Reciprocity: mirror-image encounters give mirror-image answers, so the two agents pass each other.
        NavigationSnapshot world = Worlds.Make(1, 0.05, (-1, 0, 1, 0, 5, 0, 0.2), (1, 0, -1, 0, -5, 0, 0.2));
        var orca = new OrcaPolicy();
        orca.Reset(world.Scenario);
        double[] u = new double[4];
        orca.ComputeControls(world, u);
        Assert.True(Math.Abs(u[1]) > 0.05, "agent 0 does not swerve");
        Assert.Equal(u[0], -u[2], 9);
        Assert.Equal(u[1], -u[3], 9);
    }

    [Fact]
    public void Reset_RefusesOtherDynamics()
    {
        var scenario = new NavigationScenario { Dynamics = AgentDynamics.Unicycle(1, 1), Agents = [new AgentSpec([0, 0, 0], 1, 1, 0.1)] };
        var e = Assert.Throws<NotSupportedException>(() => new OrcaPolicy().Reset(scenario));
        Assert.Contains("single-integrator", e.Message, StringComparison.Ordinal);
    }
}
