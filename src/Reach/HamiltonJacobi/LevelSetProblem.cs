using System.Globalization;

namespace Certus.Reach.HamiltonJacobi;

/// <summary>
/// A Hamilton-Jacobi reachability problem on a grid: <c>∂V/∂τ = H(x, ∇V)</c> in time-to-go <c>τ ∈ [0, T]</c> from
/// <c>V(0, ·) = </c><see cref="Terminal"/>, with an optional target (tube) and state constraint.
/// </summary>
/// <remarks>
/// <para>After every time step (and at <c>τ = 0</c>) the solver applies, in this order: the tube form
/// (<see cref="TubeForm.MinWithTarget"/>: <c>V ← min(V, g)</c> with <c>g = </c><see cref="Target"/>, which defaults to the
/// terminal value), then the constraint <c>V ← max(V, c)</c> with <c>c = </c><see cref="Constraint"/> (states with
/// <c>c(x) &gt; 0</c> are forbidden: an obstacle, or the complement of a state constraint). With both, <c>{V ≤ 0}</c> is the
/// reach-avoid set: the minimizing player reaches <c>{g ≤ 0}</c> within τ while staying in <c>{c ≤ 0}</c>.</para>
/// <para>Validated on construction; immutable.</para>
/// </remarks>
public sealed record LevelSetProblem
{
    private readonly GridFunction? _target;
    private readonly GridFunction? _constraint;
    private readonly int _snapshots = 1;

    /// <summary>Creates and validates a problem.</summary>
    /// <param name="hamiltonian">The Hamiltonian (its dimension is the grid's).</param>
    /// <param name="terminal">The terminal value <c>V(0, ·)</c> on the grid the problem is solved on.</param>
    /// <param name="horizon">The horizon <c>T</c> (finite, positive).</param>
    /// <exception cref="ArgumentException">The dimensions differ or the horizon is not finite and positive.</exception>
    public LevelSetProblem(Hamiltonian hamiltonian, GridFunction terminal, double horizon)
    {
        ArgumentNullException.ThrowIfNull(hamiltonian);
        ArgumentNullException.ThrowIfNull(terminal);
        if (hamiltonian.Dimension != terminal.Grid.Dimension)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The Hamiltonian has dimension {hamiltonian.Dimension} but the grid has {terminal.Grid.Dimension} axes."), nameof(hamiltonian));
        }

        if (!double.IsFinite(horizon) || !(horizon > 0))
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The horizon must be finite and positive, got {horizon}."), nameof(horizon));
        }

        Hamiltonian = hamiltonian;
        Terminal = terminal;
        Horizon = horizon;
    }

    /// <summary>The Hamiltonian.</summary>
    public Hamiltonian Hamiltonian { get; }

    /// <summary>The terminal value <c>V(0, ·)</c>.</summary>
    public GridFunction Terminal { get; }

    /// <summary>The grid (the terminal value's).</summary>
    public Grid Grid => Terminal.Grid;

    /// <summary>The horizon <c>T</c>.</summary>
    public double Horizon { get; }

    /// <summary>How the target enters (default <see cref="TubeForm.MinWithTarget"/>).</summary>
    public TubeForm Tube { get; init; } = TubeForm.MinWithTarget;

    /// <summary>The target <c>g</c> of <see cref="TubeForm.MinWithTarget"/> (default <c>null</c>: the terminal value), on the
    /// same grid.</summary>
    public GridFunction? Target
    {
        get => _target;
        init => _target = SameGrid(value, nameof(Target));
    }

    /// <summary>The constraint <c>c</c> (default <c>null</c>: none), on the same grid; <c>V ← max(V, c)</c> after every step.</summary>
    public GridFunction? Constraint
    {
        get => _constraint;
        init => _constraint = SameGrid(value, nameof(Constraint));
    }

    /// <summary>The number of equally spaced times-to-go <c>T·k/n</c>, <c>k = 1 … n</c>, at which the value is saved
    /// (default 1: the horizon only; at least 1, at most 10,000).</summary>
    public int Snapshots
    {
        get => _snapshots;
        init
        {
            if (value is < 1 or > 10_000)
            {
                throw new ArgumentOutOfRangeException(nameof(Snapshots), value, "Save between 1 and 10,000 snapshots.");
            }

            _snapshots = value;
        }
    }

    private GridFunction? SameGrid(GridFunction? f, string name)
    {
        if (f is not null && !ReferenceEquals(f.Grid, Terminal.Grid))
        {
            throw new ArgumentException($"The {name.ToLowerInvariant()} must be sampled on the terminal value's grid (the same Grid instance).", name);
        }

        return f;
    }
}
