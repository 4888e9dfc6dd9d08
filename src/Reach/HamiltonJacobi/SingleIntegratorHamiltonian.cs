using System.Globalization;
using System.Numerics;

namespace Certus.Reach.HamiltonJacobi;

/// <summary>
/// The single integrator <c>ẋ = u</c> with a box (<c>|u_k| ≤ u_max</c>) or ball (<c>‖u‖₂ ≤ u_max</c>) input set, in
/// 2 to 4 dimensions.
/// </summary>
/// <remarks>
/// <para>With <see cref="PlayerGoal.Reach"/> (the control wants <c>{V ≤ 0}</c>, see <see cref="Hamiltonian"/> for the
/// convention <c>∂V/∂τ = H(x, ∇V)</c>): <c>H(x, p) = −u_max · Σ_k |p_k|</c> for the box, <c>−u_max · ‖p‖₂</c> for the
/// ball; <see cref="PlayerGoal.Avoid"/> flips the sign. The dissipation bound is <c>α_k = u_max</c> (exact).</para>
/// <para>Closed forms from <c>V(0, x) = ‖x‖₂ − R</c> (reach, backward reachable tube): ball,
/// <c>V(τ, x) = max(‖x‖₂ − u_max τ, 0) − R</c>; box, <c>V(τ, x) = ‖s(x)‖₂ − R</c> with
/// <c>s_k = sign(x_k) · max(|x_k| − u_max τ, 0)</c>.</para>
/// </remarks>
public sealed class SingleIntegratorHamiltonian : Hamiltonian
{
    private readonly int _dimension;

    /// <summary>Creates the Hamiltonian.</summary>
    /// <param name="dimension">The state dimension, 2 to 4.</param>
    /// <param name="maxSpeed">The input bound <c>u_max</c> (finite, positive).</param>
    /// <param name="shape">The input set (default <see cref="InputSetShape.Box"/>).</param>
    /// <param name="goal">What the input wants (default <see cref="PlayerGoal.Reach"/>).</param>
    /// <exception cref="ArgumentException">The dimension or the bound is out of range.</exception>
    public SingleIntegratorHamiltonian(int dimension, double maxSpeed, InputSetShape shape = InputSetShape.Box, PlayerGoal goal = PlayerGoal.Reach)
    {
        if (dimension is < Grid.MinDimension or > Grid.MaxDimension)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The dimension must be 2 to 4, got {dimension}."), nameof(dimension));
        }

        if (!double.IsFinite(maxSpeed) || !(maxSpeed > 0))
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The input bound must be finite and positive, got {maxSpeed}."), nameof(maxSpeed));
        }

        _dimension = dimension;
        MaxSpeed = maxSpeed;
        Shape = shape;
        Goal = goal;
    }

    /// <summary>The input bound <c>u_max</c>.</summary>
    public double MaxSpeed { get; }

    /// <summary>The input set's shape.</summary>
    public InputSetShape Shape { get; }

    /// <summary>What the input wants.</summary>
    public PlayerGoal Goal { get; }

    /// <inheritdoc/>
    public override int Dimension => _dimension;

    /// <inheritdoc/>
    public override string Name => string.Create(CultureInfo.InvariantCulture, $"single integrator ({Shape.ToString().ToLowerInvariant()} |u| <= {MaxSpeed}, {Goal.ToString().ToLowerInvariant()})");

    private double Sign => Goal == PlayerGoal.Reach ? -MaxSpeed : MaxSpeed;

    /// <inheritdoc/>
    public override double Evaluate(ReadOnlySpan<double> x, ReadOnlySpan<double> p)
    {
        double s = 0;
        for (int k = 0; k < _dimension; k++)
        {
            s += Shape == InputSetShape.Box ? Math.Abs(p[k]) : p[k] * p[k];
        }

        return Sign * (Shape == InputSetShape.Box ? s : Math.Sqrt(s));
    }

    /// <inheritdoc/>
    public override void DissipationBounds(Grid grid, Span<double> alpha) => alpha[.._dimension].Fill(MaxSpeed);

    /// <inheritdoc/>
    public override void EvaluateRow(in HamiltonianRow row, Span<double> values)
    {
        int n = row.Count;
        if (n < Simd.Width)
        {
            base.EvaluateRow(row, values);
            return;
        }

        var sign = new Vector<double>(Sign);
        bool box = Shape == InputSetShape.Box;
        for (int c = 0, chunks = Simd.Chunks(n); c < chunks; c++)
        {
            int j = Simd.ChunkStart(c, n);
            Vector<double> s = Vector<double>.Zero;
            for (int k = 0; k < _dimension; k++)
            {
                Vector<double> p = Simd.Load(row.Costate(k), j);
                s += box ? Vector.Abs(p) : p * p;
            }

            Simd.Store(values, j, sign * (box ? s : Vector.SquareRoot(s)));
        }
    }

    /// <summary>
    /// The optimal input for the costate <paramref name="p"/> (the gradient of the value, e.g. from
    /// <see cref="GridFunction.Gradient"/>): for <see cref="PlayerGoal.Reach"/> with a box, <c>u_k = −u_max · sign(p_k)</c>;
    /// with a ball, <c>u = −u_max · p / ‖p‖₂</c> (0 where <c>p = 0</c>); the opposite for <see cref="PlayerGoal.Avoid"/>.
    /// </summary>
    /// <param name="p">The costate, <see cref="Dimension"/> components.</param>
    /// <param name="u">Receives the input, <see cref="Dimension"/> components.</param>
    /// <exception cref="ArgumentException">A span has the wrong length or the costate has a NaN.</exception>
    public void OptimalControl(ReadOnlySpan<double> p, Span<double> u)
    {
        if (p.Length != _dimension || u.Length != _dimension)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The costate and the input need {_dimension} components."), nameof(p));
        }

        double norm = 0;
        for (int k = 0; k < _dimension; k++)
        {
            if (double.IsNaN(p[k]))
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Costate component {k} is NaN."), nameof(p));
            }

            norm += p[k] * p[k];
        }

        norm = Math.Sqrt(norm);
        for (int k = 0; k < _dimension; k++)
        {
            u[k] = Shape == InputSetShape.Box ? Sign * Math.Sign(p[k]) : norm > 0 ? Sign * p[k] / norm : 0;
        }
    }

    /// <summary>The optimal input at <paramref name="x"/> from the interpolated gradient of <paramref name="value"/>.</summary>
    /// <param name="value">The value function.</param>
    /// <param name="x">The state (inside the grid's domain).</param>
    /// <param name="u">Receives the input.</param>
    public void OptimalControl(GridFunction value, ReadOnlySpan<double> x, Span<double> u)
    {
        ArgumentNullException.ThrowIfNull(value);
        Span<double> p = stackalloc double[value.Grid.Dimension];
        value.Gradient(x, p);
        OptimalControl(p, u);
    }
}
