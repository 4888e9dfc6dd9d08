using Certus.Core.Expressions;
using Certus.Core.Systems;

namespace Certus.Core.Navigation;

/// <summary>The family of an agent model; baselines that only support some families check it.</summary>
public enum AgentDynamicsKind
{
    /// <summary><c>ẋ = u_x, ẏ = u_y</c>: the control is the velocity, in a box.</summary>
    SingleIntegrator,

    /// <summary><c>ẋ = v_x, ẏ = v_y, v̇_x = a_x, v̇_y = a_y</c>: the control is the acceleration, in a box.</summary>
    DoubleIntegrator,

    /// <summary><c>ẋ = v cos θ, ẏ = v sin θ, θ̇ = ω</c>: the controls are speed and turn rate, in a box.</summary>
    Unicycle,

    /// <summary>Any other model written with the expression system.</summary>
    Custom,
}

/// <summary>
/// The dynamics shared by every agent of a world, written with the expression system (<see cref="OdeSystem"/>),
/// with the box of admissible controls and the states that hold the planar position.
/// </summary>
public sealed class AgentDynamics
{
    private readonly double[] _lower;
    private readonly double[] _upper;

    /// <summary>Creates a model and checks that the position states and the control box fit the system.</summary>
    /// <param name="kind">The family (<see cref="AgentDynamicsKind.Custom"/> for user models).</param>
    /// <param name="system">The per-agent ODE; its inputs are the controls; it has no disturbances.</param>
    /// <param name="positionX">The state holding the x coordinate.</param>
    /// <param name="positionY">The state holding the y coordinate.</param>
    /// <param name="controlLower">Lower bound of each control.</param>
    /// <param name="controlUpper">Upper bound of each control.</param>
    /// <exception cref="ArgumentException">A name is not a state, the bounds do not match the inputs, or a bound is not finite.</exception>
    public AgentDynamics(
        AgentDynamicsKind kind,
        OdeSystem system,
        string positionX,
        string positionY,
        IReadOnlyList<double> controlLower,
        IReadOnlyList<double> controlUpper)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(controlLower);
        ArgumentNullException.ThrowIfNull(controlUpper);
        int ix = NameLists.IndexOfName(system.States, positionX);
        int iy = NameLists.IndexOfName(system.States, positionY);
        if (ix < 0 || iy < 0 || ix == iy)
        {
            throw new ArgumentException($"The position states '{positionX}' and '{positionY}' must be two different states of the agent model (states: {string.Join(", ", system.States)}).", nameof(positionX));
        }

        if (system.Disturbances.Count != 0)
        {
            throw new ArgumentException("Agent models take no disturbances.", nameof(system));
        }

        int m = system.Inputs.Count;
        if (controlLower.Count != m || controlUpper.Count != m)
        {
            throw new ArgumentException($"The control box has {controlLower.Count} lower and {controlUpper.Count} upper bounds; the model has {m} inputs ({string.Join(", ", system.Inputs)}).", nameof(controlLower));
        }

        for (int j = 0; j < m; j++)
        {
            if (!double.IsFinite(controlLower[j]) || !double.IsFinite(controlUpper[j]) || controlLower[j] > controlUpper[j])
            {
                throw new ArgumentException($"Control '{system.Inputs[j]}' has the bounds [{controlLower[j]}, {controlUpper[j]}]; they must be finite with lower <= upper.", nameof(controlLower));
            }
        }

        Kind = kind;
        System = system;
        Plant = system.Compile();
        PositionXIndex = ix;
        PositionYIndex = iy;
        _lower = [.. controlLower];
        _upper = [.. controlUpper];
    }

    /// <summary>The family of the model.</summary>
    public AgentDynamicsKind Kind { get; }

    /// <summary>The per-agent ODE.</summary>
    public OdeSystem System { get; }

    /// <summary>The compiled right-hand side.</summary>
    public IClosedLoopPlant Plant { get; }

    /// <summary>Index of the x position among the states.</summary>
    public int PositionXIndex { get; }

    /// <summary>Index of the y position among the states.</summary>
    public int PositionYIndex { get; }

    /// <summary>Number of states per agent.</summary>
    public int StateCount => System.States.Count;

    /// <summary>Number of controls per agent.</summary>
    public int ControlCount => System.Inputs.Count;

    /// <summary>Lower bounds of the controls.</summary>
    public IReadOnlyList<double> ControlLower => _lower;

    /// <summary>Upper bounds of the controls.</summary>
    public IReadOnlyList<double> ControlUpper => _upper;

    /// <summary>The largest speed the model can reach in one direction (for the single integrator, the box's half-width).</summary>
    public double MaxSpeed { get; private init; } = double.PositiveInfinity;

    /// <summary>Single integrator <c>ẋ = u_x, ẏ = u_y</c> with <c>|u_x|, |u_y| ≤ maxSpeed</c>.</summary>
    /// <param name="maxSpeed">Bound on each velocity component; positive.</param>
    /// <returns>The model.</returns>
    public static AgentDynamics SingleIntegrator(double maxSpeed)
    {
        CheckPositive(maxSpeed, nameof(maxSpeed));
        var system = Build(["x", "y"], ["ux", "uy"], ("x", "ux"), ("y", "uy"));
        return new AgentDynamics(AgentDynamicsKind.SingleIntegrator, system, "x", "y", [-maxSpeed, -maxSpeed], [maxSpeed, maxSpeed]) { MaxSpeed = maxSpeed };
    }

    /// <summary>Double integrator <c>ẋ = v_x, v̇_x = a_x</c> (and y) with <c>|a_x|, |a_y| ≤ maxAcceleration</c> and a linear drag that limits the speed.</summary>
    /// <param name="maxAcceleration">Bound on each acceleration component; positive.</param>
    /// <param name="drag">Linear drag coefficient (<c>v̇ = a − drag·v</c>); zero for none; the terminal speed is <c>maxAcceleration / drag</c>.</param>
    /// <returns>The model.</returns>
    public static AgentDynamics DoubleIntegrator(double maxAcceleration, double drag = 0)
    {
        CheckPositive(maxAcceleration, nameof(maxAcceleration));
        if (!(drag >= 0) || !double.IsFinite(drag))
        {
            throw new ArgumentOutOfRangeException(nameof(drag), drag, "The drag must be a finite non-negative number.");
        }

        string d = drag.ToString("R", global::System.Globalization.CultureInfo.InvariantCulture);
        var system = Build(["x", "y", "vx", "vy"], ["ax", "ay"], ("x", "vx"), ("y", "vy"), ("vx", $"ax - {d}*vx"), ("vy", $"ay - {d}*vy"));
        return new AgentDynamics(AgentDynamicsKind.DoubleIntegrator, system, "x", "y", [-maxAcceleration, -maxAcceleration], [maxAcceleration, maxAcceleration])
        {
            MaxSpeed = drag > 0 ? maxAcceleration / drag : double.PositiveInfinity,
        };
    }

    /// <summary>Unicycle <c>ẋ = v cos θ, ẏ = v sin θ, θ̇ = ω</c> with <c>0 ≤ v ≤ maxSpeed</c>, <c>|ω| ≤ maxTurnRate</c>.</summary>
    /// <param name="maxSpeed">Largest forward speed; positive.</param>
    /// <param name="maxTurnRate">Largest turn rate in rad/s; positive.</param>
    /// <returns>The model.</returns>
    public static AgentDynamics Unicycle(double maxSpeed, double maxTurnRate)
    {
        CheckPositive(maxSpeed, nameof(maxSpeed));
        CheckPositive(maxTurnRate, nameof(maxTurnRate));
        var system = Build(["x", "y", "theta"], ["v", "omega"], ("x", "v*cos(theta)"), ("y", "v*sin(theta)"), ("theta", "omega"));
        return new AgentDynamics(AgentDynamicsKind.Unicycle, system, "x", "y", [0, -maxTurnRate], [maxSpeed, maxTurnRate]) { MaxSpeed = maxSpeed };
    }

    /// <summary>Clamps a control vector into the box, in place; NaN becomes the box's centre.</summary>
    /// <param name="control">The control of one agent.</param>
    public void Clamp(Span<double> control)
    {
        for (int j = 0; j < _lower.Length; j++)
        {
            double c = control[j];
            control[j] = double.IsNaN(c) ? 0.5 * (_lower[j] + _upper[j]) : Math.Clamp(c, _lower[j], _upper[j]);
        }
    }

    private static OdeSystem Build(string[] states, string[] inputs, params (string State, string Rhs)[] equations) =>
        new(states, inputs, [], new Dictionary<string, Expr>(), equations.ToDictionary(e => e.State, e => ExpressionParser.Parse(e.Rhs), StringComparer.Ordinal));

    private static void CheckPositive(double value, string name)
    {
        if (!(value > 0) || !double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(name, value, "Must be a finite positive number.");
        }
    }
}
