namespace Certus.Core.Navigation;

/// <summary>
/// The world as it is at one control step: every agent's state, position, velocity (the displacement over the
/// last step divided by the step), goal and radius, and the proximity graph. The simulator owns the arrays and
/// updates them in place between steps: read a snapshot only during the call that receives it.
/// </summary>
/// <remarks>Policies should read other agents only through <see cref="AgentView"/> (which shows only sensed
/// neighbours), so that they stay decentralized; the whole snapshot is public for metrics, plots and tests.</remarks>
public sealed class NavigationSnapshot
{
    private readonly double[] _states;
    private readonly double[] _x;
    private readonly double[] _y;
    private readonly double[] _vx;
    private readonly double[] _vy;

    /// <summary>Wraps the simulator's arrays (kept, not copied).</summary>
    /// <param name="scenario">The scenario being run.</param>
    /// <param name="states">Agent states, agent-major (<c>agents × states</c>).</param>
    /// <param name="x">Positions x.</param>
    /// <param name="y">Positions y.</param>
    /// <param name="vx">Velocities x.</param>
    /// <param name="vy">Velocities y.</param>
    public NavigationSnapshot(NavigationScenario scenario, double[] states, double[] x, double[] y, double[] vx, double[] vy)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(states);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        ArgumentNullException.ThrowIfNull(vx);
        ArgumentNullException.ThrowIfNull(vy);
        int n = scenario.Agents.Count;
        if (states.Length != n * scenario.Dynamics.StateCount || x.Length != n || y.Length != n || vx.Length != n || vy.Length != n)
        {
            throw new ArgumentException("The arrays do not match the scenario's agents and states.", nameof(states));
        }

        Scenario = scenario;
        _states = states;
        _x = x;
        _y = y;
        _vx = vx;
        _vy = vy;
        Graph = new ProximityGraph(new int[n + 1], [], []);
    }

    /// <summary>The scenario.</summary>
    public NavigationScenario Scenario { get; }

    /// <summary>Number of agents.</summary>
    public int AgentCount => _x.Length;

    /// <summary>The time of this step.</summary>
    public double Time { get; set; }

    /// <summary>The index of this step (0 at the start).</summary>
    public int Step { get; set; }

    /// <summary>Who senses whom at this step.</summary>
    public ProximityGraph Graph { get; set; }

    /// <summary>The state of an agent.</summary>
    /// <param name="agent">The agent.</param>
    /// <returns>Its state.</returns>
    public ReadOnlySpan<double> State(int agent) => _states.AsSpan(agent * Scenario.Dynamics.StateCount, Scenario.Dynamics.StateCount);

    /// <summary>Positions x of all agents.</summary>
    public ReadOnlySpan<double> X => _x;

    /// <summary>Positions y of all agents.</summary>
    public ReadOnlySpan<double> Y => _y;

    /// <summary>Velocities x of all agents (displacement over the last step / step).</summary>
    public ReadOnlySpan<double> VelocityX => _vx;

    /// <summary>Velocities y of all agents.</summary>
    public ReadOnlySpan<double> VelocityY => _vy;

    /// <summary>The view of one agent: itself, its goal, its sensed neighbours and the static map.</summary>
    /// <param name="agent">The agent.</param>
    /// <returns>The view.</returns>
    public AgentView View(int agent) => new(this, agent);
}
