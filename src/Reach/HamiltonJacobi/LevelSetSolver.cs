using System.Diagnostics;
using System.Globalization;

namespace Certus.Reach.HamiltonJacobi;

/// <summary>
/// The grid level-set solver: upwind derivatives (<see cref="Scheme"/>), the Lax-Friedrichs numerical Hamiltonian and
/// TVD Runge-Kutta time stepping (<see cref="Integrator"/>) with a CFL-limited step. The options are the record's
/// properties: <c>new LevelSetSolver { Scheme = SpatialScheme.Eno2, Cfl = 0.5 }.Solve(problem)</c>.
/// </summary>
/// <remarks>
/// <para><b>Numerical Hamiltonian.</b> With the left and right derivatives <c>p⁻_k, p⁺_k</c> of every axis,
/// <c>Ĥ = H(x, (p⁻ + p⁺)/2) + Σ_k α_k (p⁺_k − p⁻_k)/2</c> (global Lax-Friedrichs, Osher and Fedkiw ch. 5.3; the sign of
/// the dissipation term is + because the equation is <c>∂V/∂τ = H</c>: it adds <c>α_k Δx_k/2 · ∂²V/∂x_k²</c>, a diffusion).
/// <c>α_k</c> comes from <see cref="Hamiltonian.DissipationBounds"/> and must bound <c>|∂H/∂p_k|</c>.</para>
/// <para><b>Time step.</b> <c>Δτ ≤ CFL / Σ_k α_k / Δx_k</c>, constant, shortened evenly to land on the snapshot times.</para>
/// <para><b>Boundaries.</b> Periodic axes wrap. The other axes get three ghost points at each end by linear extrapolation
/// of the two outermost points (<c>V_{−m} = V₀ + m (V₀ − V₁)</c>), which is exact for values affine near the boundary and
/// lets characteristics leave the domain; information that should enter from outside the domain is not available, so
/// keep the sets of interest a few cells away from non-periodic boundaries.</para>
/// <para><b>Performance.</b> The values live in one flat array (last axis contiguous) padded with the ghost points;
/// derivative and Hamiltonian kernels work on whole rows of the last axis with <see cref="System.Numerics.Vector{T}"/>,
/// in parallel over blocks of the first axis, with buffers allocated once per solve.</para>
/// </remarks>
public sealed record LevelSetSolver
{
    private readonly double _cfl = 0.8;
    private readonly int _maxDegreeOfParallelism = -1;

    /// <summary>The upwind derivative approximation (default <see cref="SpatialScheme.Weno5"/>).</summary>
    public SpatialScheme Scheme { get; init; } = SpatialScheme.Weno5;

    /// <summary>The time integrator (default <see cref="TimeIntegrator.RungeKutta3"/>).</summary>
    public TimeIntegrator Integrator { get; init; } = TimeIntegrator.RungeKutta3;

    /// <summary>The CFL number (default 0.8; in (0, 1]).</summary>
    public double Cfl
    {
        get => _cfl;
        init
        {
            if (!(value > 0 && value <= 1))
            {
                throw new ArgumentOutOfRangeException(nameof(Cfl), value, "The CFL number must be in (0, 1].");
            }

            _cfl = value;
        }
    }

    /// <summary>The most threads (default −1: all cores; 1 runs sequentially).</summary>
    public int MaxDegreeOfParallelism
    {
        get => _maxDegreeOfParallelism;
        init
        {
            if (value is 0 or < -1)
            {
                throw new ArgumentOutOfRangeException(nameof(MaxDegreeOfParallelism), value, "Use -1 (all cores) or a positive count.");
            }

            _maxDegreeOfParallelism = value;
        }
    }

    /// <summary>A short description of the options.</summary>
    public string Name => string.Create(CultureInfo.InvariantCulture, $"level set ({Scheme.ToString().ToLowerInvariant()}, {Integrator.ToString().ToLowerInvariant()}, cfl {Cfl})");

    /// <summary>Solves the problem.</summary>
    /// <param name="problem">The problem.</param>
    /// <returns>The value at the horizon and the snapshots.</returns>
    /// <exception cref="ArgumentException">The Hamiltonian's dissipation bounds are negative or not finite.</exception>
    /// <exception cref="InvalidOperationException">The value stopped being finite (the message names the time; check the
    /// Hamiltonian and its dissipation bounds).</exception>
    public LevelSetSolution Solve(LevelSetProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        double[] alpha = new double[problem.Grid.Dimension];
        problem.Hamiltonian.DissipationBounds(problem.Grid, alpha);
        for (int k = 0; k < alpha.Length; k++)
        {
            if (!double.IsFinite(alpha[k]) || alpha[k] < 0)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{problem.Hamiltonian.Name} gives the dissipation bound {alpha[k]} for axis {k}; bounds must be finite and non-negative."), nameof(problem));
            }
        }

        var clock = Stopwatch.StartNew();
        var engine = new LevelSetEngine(problem, this, alpha);
        (List<ValueSnapshot> snapshots, int steps, double dtMax) = engine.Run();
        return new LevelSetSolution(problem, this, snapshots, steps, dtMax, alpha, clock.Elapsed);
    }
}
