using System.Globalization;
using Certus.Core.Navigation;

namespace Certus.Control.MadPinn;

/// <summary>
/// The reduced epigraph problem MAD-PINN learns: an ego agent and <see cref="Neighbours"/> other single-integrator
/// agents in ego-centred, goal-relative coordinates, plus the cost budget <c>z</c>.
/// </summary>
/// <remarks>
/// <para>State <c>s = (q₁ … q_K, e₀ … e_K)</c> with <c>q_j = p_j − p₀</c> (neighbour relative to the ego) and
/// <c>e_j = g_j − p_j</c> (each agent's goal relative to the agent), <c>4K + 2</c> numbers; the network input is
/// <c>(τ, s, z)</c>, τ the time to go. Dynamics <c>ṗ_j = u_j</c> give <c>q̇_j = u_j − u₀</c>, <c>ė_j = −u_j</c>, <c>ż = −l</c>.</para>
/// <para>Running cost <c>l(s) = mean_j ‖e_j‖</c>; terminal cost <c>φ = l</c>; constraint
/// <c>g(s) = max(max_j (R − ‖q_j‖), max_{i&lt;j} (R − ‖q_i − q_j‖), max_o (r_o − ‖−e₀ − c_o‖))</c> (obstacles are discs in the
/// ego's goal frame); terminal value <c>V(0, s, z) = max(g, φ − z)</c>.</para>
/// <para>Hamiltonian (the agents cooperate, all minimize): with <c>c₀ = −Σ_j ∂V/∂q_j − ∂V/∂e₀</c> and
/// <c>c_j = ∂V/∂q_j − ∂V/∂e_j</c>, <c>H = Σ_{j=0..K} min_{u∈U} c_j·u − (∂V/∂z) l</c>; for the box
/// <c>H = −u_max Σ_j ‖c_j‖₁ − V_z l</c>. Variational inequality in time to go: <c>min(∂V/∂τ − H, V − g) = 0</c>.</para>
/// <para>Default: an instance with the documented defaults (K = 2, box 0.6, R = 0.25, T = 2).</para>
/// </remarks>
public sealed record MadPinnProblem
{
    /// <summary>The number K of neighbours in the reduced system (0 to 6; default 2).</summary>
    public int Neighbours { get; init; } = 2;

    /// <summary>The control bound u_max of every agent (default 0.6).</summary>
    public double MaxSpeed { get; init; } = 0.6;

    /// <summary>The control set (default the box).</summary>
    public MadPinnInputSet InputSet { get; init; } = MadPinnInputSet.Box;

    /// <summary>The safety distance R between agent centres (default 0.25: two radii of 0.1 plus a margin).</summary>
    public double SafetyRadius { get; init; } = 0.25;

    /// <summary>The body radius of the agents the safety radius was chosen for (default 0.1; null when a model file
    /// does not record it). Deployment refuses agents larger than this: the learned value keeps centres
    /// <see cref="SafetyRadius"/> apart only approximately, and the margin over the bodies is what absorbs the error.</summary>
    public double? AgentRadius { get; init; } = 0.1;

    /// <summary>The horizon T, the largest time to go (default 2 s).</summary>
    public double Horizon { get; init; } = 2;

    /// <summary>The half-width L of the sampled neighbour offsets <c>q_j ∈ [−L, L]²</c> (default 2).</summary>
    public double PositionRange { get; init; } = 2;

    /// <summary>The half-width D of the sampled goal offsets <c>e_j ∈ [−D, D]²</c> (default 1.5).</summary>
    public double GoalRange { get; init; } = 1.5;

    /// <summary>The smallest budget sampled (default −0.5).</summary>
    public double BudgetMin { get; init; } = -0.5;

    /// <summary>The largest budget sampled (default: 0 means <c>(T + 1) · √2 · D</c>, the cost of standing still at the farthest goal).</summary>
    public double BudgetMax { get; init; }

    /// <summary>Static disc obstacles, centres in the ego's goal frame (the goal at the origin); default none.</summary>
    public IReadOnlyList<DiscObstacle> Obstacles { get; init; } = [];

    /// <summary>The budget upper bound used: <see cref="BudgetMax"/> or its default.</summary>
    public double EffectiveBudgetMax => BudgetMax > 0 ? BudgetMax : (Horizon + 1) * Math.Sqrt(2) * GoalRange;

    /// <summary>The number of state coordinates, <c>4K + 2</c>.</summary>
    public int StateDimension => (4 * Neighbours) + 2;

    /// <summary>The number of network inputs, <c>(τ, s, z)</c>: <c>4K + 4</c>.</summary>
    public int InputDimension => StateDimension + 2;

    /// <summary>Whether g is defined (some neighbour or obstacle); without it the VI is the plain HJ equation.</summary>
    public bool HasConstraint => Neighbours > 0 || Obstacles.Count > 0;

    /// <summary>The index of the first coordinate of <c>q_j</c> (j = 1..K) in the state.</summary>
    /// <param name="j">The neighbour, 1 to K.</param>
    /// <returns>The index.</returns>
    public static int OffsetIndex(int j) => 2 * (j - 1);

    /// <summary>The index of the first coordinate of <c>e_j</c> (j = 0..K) in the state.</summary>
    /// <param name="j">The agent, 0 (the ego) to K.</param>
    /// <returns>The index.</returns>
    public int GoalIndex(int j) => (2 * Neighbours) + (2 * j);

    /// <summary>A problem for the agents of a navigation scenario: single integrators with a symmetric box.</summary>
    /// <param name="dynamics">The agents' dynamics (from Core's expression system).</param>
    /// <param name="neighbours">K.</param>
    /// <returns>The problem with the dynamics' control bound and the other fields at their defaults.</returns>
    /// <exception cref="NotSupportedException">The dynamics are not single integrators with a symmetric box.</exception>
    public static MadPinnProblem For(AgentDynamics dynamics, int neighbours)
    {
        ArgumentNullException.ThrowIfNull(dynamics);
        CheckDynamics(dynamics, null);
        return new MadPinnProblem { Neighbours = neighbours, MaxSpeed = dynamics.ControlUpper[0] };
    }

    /// <summary>Checks that the problem's agent model matches the scenario's.</summary>
    /// <param name="dynamics">The scenario's dynamics.</param>
    /// <param name="maxSpeed">The bound to match, or null for any.</param>
    /// <exception cref="NotSupportedException">They do not match.</exception>
    public static void CheckDynamics(AgentDynamics dynamics, double? maxSpeed)
    {
        ArgumentNullException.ThrowIfNull(dynamics);
        bool symmetric = dynamics.ControlCount == 2 && dynamics.ControlLower[0] == -dynamics.ControlUpper[0] && dynamics.ControlLower[1] == -dynamics.ControlUpper[1] && dynamics.ControlUpper[0] == dynamics.ControlUpper[1];
        if (dynamics.Kind != AgentDynamicsKind.SingleIntegrator || !symmetric)
        {
            throw new NotSupportedException($"MAD-PINN is written for single-integrator agents with a symmetric box |u_x|, |u_y| <= u_max; this scenario uses {dynamics.Kind} ({string.Join(", ", dynamics.System.Inputs)}).");
        }

        if (maxSpeed is { } v && Math.Abs(dynamics.ControlUpper[0] - v) > 1e-9)
        {
            throw new NotSupportedException(string.Create(CultureInfo.InvariantCulture, $"The model was trained for u_max = {v}; the scenario's agents have u_max = {dynamics.ControlUpper[0]}. Train a model for this bound."));
        }
    }

    /// <summary>Checks every field; throws with the field's name and the accepted range.</summary>
    /// <exception cref="ArgumentException">A field is out of range.</exception>
    public void Validate()
    {
        Check(Neighbours is >= 0 and <= 6, $"neighbours must be 0 to 6, got {Neighbours}");
        Check(MaxSpeed > 0 && double.IsFinite(MaxSpeed), $"max_speed must be positive, got {MaxSpeed}");
        Check(SafetyRadius > 0 && double.IsFinite(SafetyRadius), $"safety_radius must be positive, got {SafetyRadius}");
        Check(AgentRadius is null || (AgentRadius > 0 && 2 * AgentRadius < SafetyRadius), $"agent_radius must be positive and two of them less than the safety radius {SafetyRadius}, got {AgentRadius}");
        Check(Horizon > 0 && double.IsFinite(Horizon), $"horizon must be positive, got {Horizon}");
        Check(PositionRange > SafetyRadius && double.IsFinite(PositionRange), $"position_range must exceed the safety radius {SafetyRadius}, got {PositionRange}");
        Check(GoalRange > 0 && double.IsFinite(GoalRange), $"goal_range must be positive, got {GoalRange}");
        Check(double.IsFinite(BudgetMin) && EffectiveBudgetMax > BudgetMin && double.IsFinite(BudgetMax), $"budget range [{BudgetMin}, {EffectiveBudgetMax}] must be finite and non-empty");
        Check(Obstacles.All(o => o.Radius > 0 && double.IsFinite(o.CenterX) && double.IsFinite(o.CenterY) && double.IsFinite(o.Radius)), "obstacles need finite centres and positive radii");
    }

    /// <summary>The running cost <c>l(s) = mean_j ‖e_j‖</c>.</summary>
    /// <param name="state">The state, <see cref="StateDimension"/> numbers.</param>
    /// <returns>l.</returns>
    public double RunningCost(ReadOnlySpan<double> state)
    {
        double sum = 0;
        for (int j = 0; j <= Neighbours; j++)
        {
            int k = GoalIndex(j);
            sum += Math.Sqrt((state[k] * state[k]) + (state[k + 1] * state[k + 1]));
        }

        return sum / (Neighbours + 1);
    }

    /// <summary>The constraint g (positive = violated); <see cref="double.NegativeInfinity"/> without neighbours or obstacles.</summary>
    /// <param name="state">The state.</param>
    /// <returns>g.</returns>
    public double Constraint(ReadOnlySpan<double> state)
    {
        double g = double.NegativeInfinity;
        for (int i = 1; i <= Neighbours; i++)
        {
            int a = OffsetIndex(i);
            g = Math.Max(g, SafetyRadius - Math.Sqrt((state[a] * state[a]) + (state[a + 1] * state[a + 1])));
            for (int j = i + 1; j <= Neighbours; j++)
            {
                int b = OffsetIndex(j);
                double dx = state[a] - state[b], dy = state[a + 1] - state[b + 1];
                g = Math.Max(g, SafetyRadius - Math.Sqrt((dx * dx) + (dy * dy)));
            }
        }

        int e0 = GoalIndex(0);
        foreach (DiscObstacle o in Obstacles)
        {
            double dx = -state[e0] - o.CenterX, dy = -state[e0 + 1] - o.CenterY;
            g = Math.Max(g, o.Radius - Math.Sqrt((dx * dx) + (dy * dy)));
        }

        return g;
    }

    /// <summary>The terminal value <c>max(g, φ − z)</c> with <c>φ = l</c>.</summary>
    /// <param name="state">The state.</param>
    /// <param name="budget">z.</param>
    /// <returns>V(0, s, z).</returns>
    public double TerminalValue(ReadOnlySpan<double> state, double budget) => Math.Max(Constraint(state), RunningCost(state) - budget);

    /// <summary>The Hamiltonian <c>H(s, ∇_s V, ∂V/∂z)</c> (see the remarks of the type).</summary>
    /// <param name="state">The state.</param>
    /// <param name="stateGradient">∂V/∂s.</param>
    /// <param name="budgetGradient">∂V/∂z.</param>
    /// <returns>H.</returns>
    public double Hamiltonian(ReadOnlySpan<double> state, ReadOnlySpan<double> stateGradient, double budgetGradient)
    {
        Span<double> c = stackalloc double[2];
        double h = 0;
        for (int j = 0; j <= Neighbours; j++)
        {
            ControlCoefficient(stateGradient, j, c);
            h += InputSet == MadPinnInputSet.Box ? -MaxSpeed * (Math.Abs(c[0]) + Math.Abs(c[1])) : -MaxSpeed * Math.Sqrt((c[0] * c[0]) + (c[1] * c[1]));
        }

        return h - (budgetGradient * RunningCost(state));
    }

    /// <summary>The coefficient <c>c_j</c> of agent j's control in <c>∇V·f</c>.</summary>
    /// <param name="stateGradient">∂V/∂s.</param>
    /// <param name="j">The agent, 0 (the ego) to K.</param>
    /// <param name="coefficient">Receives (c_x, c_y).</param>
    public void ControlCoefficient(ReadOnlySpan<double> stateGradient, int j, Span<double> coefficient)
    {
        int e = GoalIndex(j);
        if (j == 0)
        {
            double cx = -stateGradient[e], cy = -stateGradient[e + 1];
            for (int i = 1; i <= Neighbours; i++)
            {
                cx -= stateGradient[OffsetIndex(i)];
                cy -= stateGradient[OffsetIndex(i) + 1];
            }

            coefficient[0] = cx;
            coefficient[1] = cy;
        }
        else
        {
            coefficient[0] = stateGradient[OffsetIndex(j)] - stateGradient[e];
            coefficient[1] = stateGradient[OffsetIndex(j) + 1] - stateGradient[e + 1];
        }
    }

    /// <summary>The minimizer of <c>c·u</c> over the control set (zero where <c>c</c> vanishes).</summary>
    /// <param name="coefficient">c.</param>
    /// <param name="control">Receives u.</param>
    public void OptimalControl(ReadOnlySpan<double> coefficient, Span<double> control)
    {
        if (InputSet == MadPinnInputSet.Box)
        {
            control[0] = -MaxSpeed * Math.Sign(coefficient[0]);
            control[1] = -MaxSpeed * Math.Sign(coefficient[1]);
            return;
        }

        double n = Math.Sqrt((coefficient[0] * coefficient[0]) + (coefficient[1] * coefficient[1]));
        control[0] = n > 0 ? -MaxSpeed * coefficient[0] / n : 0;
        control[1] = n > 0 ? -MaxSpeed * coefficient[1] / n : 0;
    }

    /// <summary>The lower corner of the sampled input box <c>(τ, s, z)</c>.</summary>
    /// <returns>The lower bounds.</returns>
    public double[] InputLower()
    {
        double[] lo = new double[InputDimension];
        lo[0] = 0;
        for (int k = 0; k < 2 * Neighbours; k++)
        {
            lo[1 + k] = -PositionRange;
        }

        for (int k = 2 * Neighbours; k < StateDimension; k++)
        {
            lo[1 + k] = -GoalRange;
        }

        lo[^1] = BudgetMin;
        return lo;
    }

    /// <summary>The upper corner of the sampled input box <c>(τ, s, z)</c>.</summary>
    /// <returns>The upper bounds.</returns>
    public double[] InputUpper()
    {
        double[] hi = new double[InputDimension];
        hi[0] = Horizon;
        for (int k = 0; k < 2 * Neighbours; k++)
        {
            hi[1 + k] = PositionRange;
        }

        for (int k = 2 * Neighbours; k < StateDimension; k++)
        {
            hi[1 + k] = GoalRange;
        }

        hi[^1] = EffectiveBudgetMax;
        return hi;
    }

    private static void Check(bool ok, string message)
    {
        if (!ok)
        {
            throw new ArgumentException("MAD-PINN problem: " + message + ".");
        }
    }
}
