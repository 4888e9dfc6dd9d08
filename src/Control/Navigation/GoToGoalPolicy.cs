using Certus.Core.Navigation;

namespace Certus.Control.Navigation;

/// <summary>
/// The nominal controller, with no regard for other agents: the single integrator flies straight at its goal at
/// full speed (slowing so as to land on it in the last step); the double integrator uses a saturated PD law; the
/// unicycle turns toward its goal and drives when roughly facing it.
/// </summary>
public sealed class GoToGoalPolicy : DecentralizedPolicy
{
    /// <inheritdoc/>
    public override string Name => "go-to-goal";

    /// <summary>The control of one agent (shared by the filters that wrap this nominal law).</summary>
    /// <param name="agent">The agent's view.</param>
    /// <param name="control">Receives the nominal control.</param>
    public static void Nominal(AgentView agent, Span<double> control)
    {
        AgentDynamics d = agent.Scenario.Dynamics;
        double dt = agent.Scenario.TimeStep;
        double ex = agent.GoalX - agent.X, ey = agent.GoalY - agent.Y;
        switch (d.Kind)
        {
            case AgentDynamicsKind.SingleIntegrator:
                {
                    (double vx, double vy) = PreferredVelocity(agent, d.MaxSpeed, box: true);
                    control[0] = vx;
                    control[1] = vy;
                    break;
                }

            case AgentDynamicsKind.DoubleIntegrator:
                {
                    // Critically damped PD whose natural frequency lets the acceleration bound hold near the goal.
                    double a = d.ControlUpper[0];
                    double omega = Math.Min(1.0 / (2 * dt), Math.Sqrt(a));
                    double vx = agent.State[2], vy = agent.State[3];
                    double ax = (omega * omega * ex) - (2 * omega * vx), ay = (omega * omega * ey) - (2 * omega * vy);
                    double scale = Math.Max(Math.Abs(ax), Math.Abs(ay)) / a;
                    control[0] = scale > 1 ? ax / scale : ax;
                    control[1] = scale > 1 ? ay / scale : ay;
                    break;
                }

            case AgentDynamicsKind.Unicycle:
                {
                    int theta = 2;
                    double heading = Math.Atan2(ey, ex), err = Math.IEEERemainder(heading - agent.State[theta], 2 * Math.PI);
                    double dist = Math.Sqrt((ex * ex) + (ey * ey));
                    double vmax = d.ControlUpper[0], wmax = d.ControlUpper[1];
                    control[0] = Math.Min(vmax, dist / dt) * Math.Max(0, Math.Cos(err));
                    control[1] = Math.Clamp(err / Math.Max(dt, 0.2), -wmax, wmax);
                    break;
                }

            default:
                throw new NotSupportedException($"go-to-goal has no law for custom dynamics ({string.Join(", ", d.System.States)}).");
        }
    }

    /// <summary>
    /// The velocity that takes a single-integrator agent straight to its goal: the direction to the goal at full
    /// speed, slower when the goal is less than one step away.
    /// </summary>
    /// <param name="agent">The agent.</param>
    /// <param name="maxSpeed">The speed bound.</param>
    /// <param name="box">True: the bound is on each component (the box); false: on the Euclidean norm (a disc).</param>
    /// <returns>The preferred velocity.</returns>
    public static (double X, double Y) PreferredVelocity(AgentView agent, double maxSpeed, bool box)
    {
        double dt = agent.Scenario.TimeStep;
        double ex = agent.GoalX - agent.X, ey = agent.GoalY - agent.Y;
        double vx = ex / dt, vy = ey / dt;
        double size = box ? Math.Max(Math.Abs(vx), Math.Abs(vy)) : Math.Sqrt((vx * vx) + (vy * vy));
        double scale = size > maxSpeed ? maxSpeed / size : 1;
        return (vx * scale, vy * scale);
    }

    /// <inheritdoc/>
    public override void Reset(NavigationScenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        if (scenario.Dynamics.Kind == AgentDynamicsKind.Custom)
        {
            throw new NotSupportedException("go-to-goal supports the single integrator, the double integrator and the unicycle, not custom dynamics.");
        }
    }

    /// <inheritdoc/>
    protected override void Act(AgentView agent, Span<double> control) => Nominal(agent, control);
}
