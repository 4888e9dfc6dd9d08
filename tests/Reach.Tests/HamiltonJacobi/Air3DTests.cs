using System.Globalization;
using Certus.Reach.HamiltonJacobi;
using Xunit.Abstractions;

namespace Certus.Reach.Tests.HamiltonJacobi;

/// <summary>The Air3D tubes at three resolutions, computed once for the class.</summary>
public sealed class Air3DFixture
{
    public static readonly int[] Resolutions = [21, 31, 41];

    public Air3DFixture()
    {
        var game = new Air3DHamiltonian();
        Solutions = [.. Resolutions.Select(n => new LevelSetSolver().Solve(game.CaptureProblem(n, snapshots: 4)))];
    }

    public IReadOnlyList<LevelSetSolution> Solutions { get; }

    public LevelSetSolution Finest => Solutions[^1];
}

/// <summary>
/// Air3D (v_a = v_b = 0.75, ω = 3, R = 0.25, T = 1.1) on <see cref="Air3DHamiltonian.StandardGrid"/>. Checked against facts
/// with a proof: the tube contains the capture disc and is non-decreasing in τ (V ≤ g, min with the target); the half-plane
/// <c>x ≤ −R</c> is safe whatever ψ (the evader runs straight ahead: the pursuer, at most v_b·t from its start, stays at least
/// |x₀| away); the tube lies in <c>‖(x, y)‖ ≤ R + (v_a + v_b)T</c>; a head-on pursuer at (0.5, 0, π) going straight captures
/// (the evader's position after 0.2 s is within [0.141, 0.15] × [−0.045, 0.045]); the game is symmetric under
/// <c>(x, y, ψ) → (x, −y, −ψ)</c>. The volume of the tube converges under refinement.
/// </summary>
public sealed class Air3DTests(Air3DFixture fixture, ITestOutputHelper output) : IClassFixture<Air3DFixture>
{
    private const double R = 0.25, T = 1.1;

    [Fact]
    public void Volume_ConvergesUnderRefinement()
    {
        // Each solution is interpolated at one common 40^3 lattice (cell centres), so that the volume estimates and the
        // value differences do not depend on where each grid's points fall.
        var lattice = new List<double[]>();
        for (int i = 0; i < 40; i++)
        {
            for (int j = 0; j < 40; j++)
            {
                for (int k = 0; k < 40; k++)
                {
                    lattice.Add([-0.75 + (2.0 * (i + 0.5) / 40), -1 + (2.0 * (j + 0.5) / 40), -Math.PI + (2 * Math.PI * (k + 0.5) / 40)]);
                }
            }
        }

        double[][] values = [.. fixture.Solutions.Select(s => lattice.Select(x => s.Value.Value(x)).ToArray())];
        double[] volume = [.. values.Select(v => v.Count(x => x <= 0) / (double)v.Length)];
        double[] change = [.. Enumerable.Range(1, values.Length - 1).Select(i => Math.Abs(volume[i] - volume[i - 1]))];
        double[] difference = [.. Enumerable.Range(1, values.Length - 1).Select(i => values[i].Zip(values[i - 1], (a, b) => Math.Abs(a - b)).Average())];
        for (int i = 0; i < values.Length; i++)
        {
            LevelSetSolution s = fixture.Solutions[i];
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{Air3DFixture.Resolutions[i]}^3: {s.Steps} steps, {s.Elapsed.TotalSeconds:F2} s, capture volume fraction {volume[i]:F5}{(i > 0 ? $", change {change[i - 1]:F5}, mean |dV| {difference[i - 1]:E3}" : string.Empty)}"));
        }

        Assert.True(change[1] < change[0], $"The capture volume changed by {change[0]} then {change[1]}.");
        Assert.True(difference[1] < 0.7 * difference[0], $"The value changed by {difference[0]} then {difference[1]} on average.");
        Assert.InRange(volume[^1], 0.08, 0.095);
    }

    [Fact]
    public void Tube_ContainsTheTargetAndGrowsInTime()
    {
        LevelSetSolution s = fixture.Finest;
        GridFunction g = s.Problem.Terminal;
        for (int i = 0; i < g.Grid.Count; i++)
        {
            Assert.True(s.Value[i] <= g[i], $"V > g at flat index {i}.");
        }

        for (int k = 1; k < s.Snapshots.Count; k++)
        {
            GridFunction before = s.Snapshots[k - 1].Value, after = s.Snapshots[k].Value;
            for (int i = 0; i < g.Grid.Count; i++)
            {
                Assert.False(before[i] <= 0 && after[i] > 0, $"Point {i} left the tube between tau = {s.Snapshots[k - 1].TimeToGo} and {s.Snapshots[k].TimeToGo}.");
            }

            output.WriteLine($"tau {s.Snapshots[k].TimeToGo}: fraction {after.SublevelFraction()}");
            Assert.True(after.SublevelFraction() >= before.SublevelFraction(), $"The tube shrank from {before.SublevelFraction()} to {after.SublevelFraction()}.");
        }

        // It grows at first and (with equal speeds) has converged by τ ≈ 0.8.
        Assert.True(s.Snapshots[1].Value.SublevelFraction() > s.Snapshots[0].Value.SublevelFraction());
    }

    [Fact]
    public void Tube_RespectsTheProvenBounds()
    {
        LevelSetSolution s = fixture.Finest;
        Grid grid = s.Problem.Grid;
        double dx = grid.Spacing(0);
        Span<double> x = stackalloc double[3];
        for (int i = 0; i < grid.Count; i++)
        {
            grid.Point(i, x);
            if (x[0] < -R - (2 * dx))
            {
                Assert.True(s.Value[i] > 0, $"({x[0]}, {x[1]}, {x[2]}) behind the evader is in the tube: V = {s.Value[i]}.");
            }

            if (s.Value[i] <= 0)
            {
                Assert.True(Math.Sqrt((x[0] * x[0]) + (x[1] * x[1])) <= R + (1.5 * T), "The tube reaches beyond R + (va + vb) T.");
            }
        }

        Assert.True(s.Value.Value([0.5, 0, Math.PI - 1e-12]) < 0, "A head-on pursuer at distance 0.5 captures.");
        Assert.True(s.Value.Value([-0.6, 0, 0]) > 0);
    }

    [Fact]
    public void Value_IsSymmetricUnderReflection()
    {
        LevelSetSolution s = fixture.Finest;
        Grid grid = s.Problem.Grid;
        int n = grid.Axes[0].Points;
        double worst = 0;
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                for (int k = 0; k < n; k++)
                {
                    int mirror = grid.Index(i, n - 1 - j, (n - k) % n);
                    worst = Math.Max(worst, Math.Abs(s.Value[grid.Index(i, j, k)] - s.Value[mirror]));
                }
            }
        }

        Assert.True(worst < 1e-9, $"Asymmetry {worst}.");
    }

    [Fact]
    public void PursuerControl_FromTheGrid_Captures()
    {
        // The pursuer turns with the control from the grid gradient, the evader with a constant turn rate; from the head-on
        // start the distance drops to the capture radius (with a grid tolerance) before the horizon.
        var game = new Air3DHamiltonian();
        GridFunction v = fixture.Finest.Value;
        foreach (double evaderTurn in new[] { -3.0, 0, 3.0 })
        {
            double[] x = [0.5, 0.05, Math.PI - 0.1], p = new double[3], f = new double[3];
            double closest = double.MaxValue;
            for (double t = 0; t < T; t += 0.001)
            {
                closest = Math.Min(closest, Math.Sqrt((x[0] * x[0]) + (x[1] * x[1])));
                if (!v.Contains(x))
                {
                    break;
                }

                v.Gradient(x, p);
                game.Dynamics(x, evaderTurn, game.PursuerControl(x, p), f);
                for (int k = 0; k < 3; k++)
                {
                    x[k] += 0.001 * f[k];
                }
            }

            Assert.True(closest <= R + 0.02, $"Evader turning at {evaderTurn} escaped: closest {closest}.");
        }
    }

    [Fact]
    public void Controls_HaveTheDocumentedSigns()
    {
        var game = new Air3DHamiltonian();
        // s = p1 y - p2 x - p3 = 1*0.5 - 0 - 0.2 > 0: the evader maximizes wa*s with wa = +3; the pursuer minimizes wb*p3 with wb = -3.
        Assert.Equal(3, game.EvaderControl([0, 0.5, 0], [1, 0, 0.2]));
        Assert.Equal(-3, game.PursuerControl([0, 0.5, 0], [1, 0, 0.2]));
        double[] x = [0.3, -0.2, 1.0], p = [0.7, -1.1, 0.4], f = new double[3];
        game.Dynamics(x, game.EvaderControl(x, p), game.PursuerControl(x, p), f);
        Assert.Equal(game.Evaluate(x, p), (p[0] * f[0]) + (p[1] * f[1]) + (p[2] * f[2]), 12);
    }
}
