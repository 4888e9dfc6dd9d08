using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Certus.Reach.HamiltonJacobi;

/// <summary>
/// The Air3D pursuit-evasion game (Mitchell, Bayen and Tomlin 2005): two Dubins cars in the evader's frame, state
/// <c>(x, y, ψ)</c> = the pursuer's position relative to the evader (x along the evader's heading) and the relative heading.
/// </summary>
/// <remarks>
/// <para>Dynamics: <c>ẋ = −v_a + v_b cos ψ + ω_a y</c>, <c>ẏ = v_b sin ψ − ω_a x</c>, <c>ψ̇ = ω_b − ω_a</c>, with the
/// evader's turn rate <c>|ω_a| ≤ ω_a,max</c> (the control) and the pursuer's <c>|ω_b| ≤ ω_b,max</c> (the disturbance).
/// The target is the capture set, e.g. the disc <c>x² + y² ≤ R²</c> (<see cref="CaptureTarget"/>); <c>{V(τ) ≤ 0}</c> is the
/// set from which the pursuer can force capture within <c>τ</c> whatever the evader does.</para>
/// <para>In the convention of <see cref="Hamiltonian"/> (<c>∂V/∂τ = H(x, ∇V)</c>, time-to-go), the evader maximizes
/// <c>p · f</c> and the pursuer minimizes it:
/// <c>H(x, p) = p₁(−v_a + v_b cos ψ) + p₂ v_b sin ψ + ω_a,max |p₁ y − p₂ x − p₃| − ω_b,max |p₃|</c>.
/// The form printed as <c>… − ω_a|…| + ω_b|p₃|</c> is <c>−H(x, −p)</c>, the Hamiltonian of <c>−V</c> (the same game with the
/// capture set written <c>{V ≥ 0}</c>); the physics is the same. Dissipation bounds: <c>α₁ = max|−v_a + v_b cos ψ| + ω_a,max max|y|</c>,
/// <c>α₂ = max|v_b sin ψ| + ω_a,max max|x|</c>, <c>α₃ = ω_a,max + ω_b,max</c>, the maxima over the grid's points.</para>
/// <para>The axes must be in the order <c>(x, y, ψ)</c>, ψ periodic in practice.</para>
/// </remarks>
public sealed class Air3DHamiltonian : Hamiltonian
{
    private readonly ConditionalWeakTable<Grid, double[][]> _trig = [];

    /// <summary>Creates the game.</summary>
    /// <param name="evaderSpeed">The evader's speed <c>v_a</c> (default 0.75).</param>
    /// <param name="pursuerSpeed">The pursuer's speed <c>v_b</c> (default 0.75).</param>
    /// <param name="evaderTurnRate">The evader's largest turn rate <c>ω_a,max</c> (default 3).</param>
    /// <param name="pursuerTurnRate">The pursuer's largest turn rate <c>ω_b,max</c> (default 3).</param>
    /// <exception cref="ArgumentException">A parameter is negative or not finite.</exception>
    public Air3DHamiltonian(double evaderSpeed = 0.75, double pursuerSpeed = 0.75, double evaderTurnRate = 3, double pursuerTurnRate = 3)
    {
        foreach ((double v, string name) in new[] { (evaderSpeed, nameof(evaderSpeed)), (pursuerSpeed, nameof(pursuerSpeed)), (evaderTurnRate, nameof(evaderTurnRate)), (pursuerTurnRate, nameof(pursuerTurnRate)) })
        {
            if (!double.IsFinite(v) || v < 0)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{name} must be finite and non-negative, got {v}."), name);
            }
        }

        EvaderSpeed = evaderSpeed;
        PursuerSpeed = pursuerSpeed;
        EvaderTurnRate = evaderTurnRate;
        PursuerTurnRate = pursuerTurnRate;
    }

    /// <summary>The evader's speed <c>v_a</c>.</summary>
    public double EvaderSpeed { get; }

    /// <summary>The pursuer's speed <c>v_b</c>.</summary>
    public double PursuerSpeed { get; }

    /// <summary>The evader's largest turn rate <c>ω_a,max</c>.</summary>
    public double EvaderTurnRate { get; }

    /// <summary>The pursuer's largest turn rate <c>ω_b,max</c>.</summary>
    public double PursuerTurnRate { get; }

    /// <inheritdoc/>
    public override int Dimension => 3;

    /// <inheritdoc/>
    public override string Name => string.Create(CultureInfo.InvariantCulture, $"air3d (va {EvaderSpeed}, vb {PursuerSpeed}, wa {EvaderTurnRate}, wb {PursuerTurnRate})");

    /// <summary>The capture target <c>g(x, y, ψ) = √(x² + y²) − R</c> (signed distance to the disc of radius R).</summary>
    /// <param name="radius">The capture radius <c>R</c> (positive).</param>
    /// <returns>The target function.</returns>
    public static PointFunction CaptureTarget(double radius)
    {
        if (!double.IsFinite(radius) || !(radius > 0))
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The capture radius must be finite and positive, got {radius}."), nameof(radius));
        }

        return x => Math.Sqrt((x[0] * x[0]) + (x[1] * x[1])) - radius;
    }

    /// <summary>
    /// The grid of the tests and the benchmark: <c>x ∈ [−0.75, 1.25]</c>, <c>y ∈ [−1, 1]</c>, <c>ψ ∈ [−π, π)</c> periodic,
    /// <paramref name="points"/> points per axis. For the default game with <c>R = 0.25</c> and <c>T = 1.1</c> the capture set
    /// lies in <c>x ≥ −R</c> (the evader runs straight away) and, as computed, within <c>x ≤ 0.9</c>, <c>|y| ≤ 0.4</c>:
    /// ten cells or more from the non-periodic boundaries at 51 points.
    /// </summary>
    /// <param name="points">Points per axis (at least <see cref="GridAxis.MinPoints"/>).</param>
    /// <returns>The grid.</returns>
    public static Grid StandardGrid(int points) =>
        new(new GridAxis(-0.75, 1.25, points), new GridAxis(-1, 1, points), new GridAxis(-Math.PI, Math.PI, points, periodic: true));

    /// <summary>The capture problem on <see cref="StandardGrid"/>: target <see cref="CaptureTarget"/>, the tube by
    /// <see cref="TubeForm.MinWithTarget"/>.</summary>
    /// <param name="points">Points per axis.</param>
    /// <param name="horizon">The horizon (default 1.1).</param>
    /// <param name="radius">The capture radius (default 0.25).</param>
    /// <param name="snapshots">Saved times (default 1).</param>
    /// <returns>The problem, with this game's Hamiltonian.</returns>
    public LevelSetProblem CaptureProblem(int points, double horizon = 1.1, double radius = 0.25, int snapshots = 1) =>
        new(this, GridFunction.Sample(StandardGrid(points), CaptureTarget(radius)), horizon) { Snapshots = snapshots };

    /// <inheritdoc/>
    public override double Evaluate(ReadOnlySpan<double> x, ReadOnlySpan<double> p)
    {
        (double sin, double cos) = Math.SinCos(x[2]);
        return (p[0] * (-EvaderSpeed + (PursuerSpeed * cos))) + (p[1] * PursuerSpeed * sin)
            + (EvaderTurnRate * Math.Abs((p[0] * x[1]) - (p[1] * x[0]) - p[2])) - (PursuerTurnRate * Math.Abs(p[2]));
    }

    /// <inheritdoc/>
    public override void DissipationBounds(Grid grid, Span<double> alpha)
    {
        ArgumentNullException.ThrowIfNull(grid);
        CheckGrid(grid);
        double drift1 = 0, drift2 = 0;
        foreach (double psi in grid.Coordinates(2))
        {
            (double sin, double cos) = Math.SinCos(psi);
            drift1 = Math.Max(drift1, Math.Abs(-EvaderSpeed + (PursuerSpeed * cos)));
            drift2 = Math.Max(drift2, Math.Abs(PursuerSpeed * sin));
        }

        double maxX = Math.Max(Math.Abs(grid.Axes[0].Lower), Math.Abs(grid.Axes[0].Upper));
        double maxY = Math.Max(Math.Abs(grid.Axes[1].Lower), Math.Abs(grid.Axes[1].Upper));
        alpha[0] = drift1 + (EvaderTurnRate * maxY);
        alpha[1] = drift2 + (EvaderTurnRate * maxX);
        alpha[2] = EvaderTurnRate + PursuerTurnRate;
    }

    /// <inheritdoc/>
    public override void EvaluateRow(in HamiltonianRow row, Span<double> values)
    {
        int n = row.Count;
        if (n < Simd.Width)
        {
            base.EvaluateRow(row, values);
            return;
        }

        double[][] trig = _trig.GetValue(row.Grid, Tables);
        ReadOnlySpan<double> cos = trig[0], sin = trig[1];
        ReadOnlySpan<double> p0 = row.Costate(0), p1 = row.Costate(1), p2 = row.Costate(2);
        var x = new Vector<double>(row.Start[0]);
        var y = new Vector<double>(row.Start[1]);
        var va = new Vector<double>(-EvaderSpeed);
        var vb = new Vector<double>(PursuerSpeed);
        var wa = new Vector<double>(EvaderTurnRate);
        var wb = new Vector<double>(PursuerTurnRate);
        for (int c = 0, chunks = Simd.Chunks(n); c < chunks; c++)
        {
            int j = Simd.ChunkStart(c, n);
            Vector<double> a = Simd.Load(p0, j), b = Simd.Load(p1, j), d = Simd.Load(p2, j);
            Vector<double> h = (a * (va + (vb * Simd.Load(cos, j)))) + (b * vb * Simd.Load(sin, j))
                + (wa * Vector.Abs((a * y) - (b * x) - d)) - (wb * Vector.Abs(d));
            Simd.Store(values, j, h);
        }
    }

    /// <summary>The evader's optimal turn rate <c>ω_a = ω_a,max · sign(p₁ y − p₂ x − p₃)</c> (it maximizes <c>p · f</c>).</summary>
    /// <param name="x">The state <c>(x, y, ψ)</c>.</param>
    /// <param name="p">The costate <c>∇V</c> at the state.</param>
    /// <returns>The turn rate.</returns>
    public double EvaderControl(ReadOnlySpan<double> x, ReadOnlySpan<double> p)
    {
        CheckPoint(x, p);
        return EvaderTurnRate * Math.Sign((p[0] * x[1]) - (p[1] * x[0]) - p[2]);
    }

    /// <summary>The pursuer's optimal turn rate <c>ω_b = −ω_b,max · sign(p₃)</c> (it minimizes <c>p · f</c>).</summary>
    /// <param name="x">The state <c>(x, y, ψ)</c>.</param>
    /// <param name="p">The costate <c>∇V</c> at the state.</param>
    /// <returns>The turn rate.</returns>
    public double PursuerControl(ReadOnlySpan<double> x, ReadOnlySpan<double> p)
    {
        CheckPoint(x, p);
        return -PursuerTurnRate * Math.Sign(p[2]);
    }

    /// <summary>The dynamics <c>f(x, ω_a, ω_b)</c>, for simulating the game with the optimal controls.</summary>
    /// <param name="x">The state <c>(x, y, ψ)</c>.</param>
    /// <param name="evaderTurn">The evader's turn rate.</param>
    /// <param name="pursuerTurn">The pursuer's turn rate.</param>
    /// <param name="derivative">Receives <c>(ẋ, ẏ, ψ̇)</c>.</param>
    public void Dynamics(ReadOnlySpan<double> x, double evaderTurn, double pursuerTurn, Span<double> derivative)
    {
        (double sin, double cos) = Math.SinCos(x[2]);
        derivative[0] = -EvaderSpeed + (PursuerSpeed * cos) + (evaderTurn * x[1]);
        derivative[1] = (PursuerSpeed * sin) - (evaderTurn * x[0]);
        derivative[2] = pursuerTurn - evaderTurn;
    }

    private static void CheckPoint(ReadOnlySpan<double> x, ReadOnlySpan<double> p)
    {
        if (x.Length != 3 || p.Length != 3)
        {
            throw new ArgumentException("Air3D states and costates have 3 components.", nameof(x));
        }

        for (int k = 0; k < 3; k++)
        {
            if (double.IsNaN(x[k]) || double.IsNaN(p[k]))
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Component {k} of the state or costate is NaN."), nameof(x));
            }
        }
    }

    private static void CheckGrid(Grid grid)
    {
        if (grid.Dimension != 3)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Air3D needs a 3-D grid (x, y, psi), got {grid.Dimension} axes."), nameof(grid));
        }
    }

    private static double[][] Tables(Grid grid)
    {
        ReadOnlySpan<double> psi = grid.Coordinates(grid.Dimension - 1);
        double[] cos = new double[psi.Length], sin = new double[psi.Length];
        for (int j = 0; j < psi.Length; j++)
        {
            (sin[j], cos[j]) = Math.SinCos(psi[j]);
        }

        return [cos, sin];
    }
}
