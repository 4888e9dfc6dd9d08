namespace Certus.Core.Navigation;

/// <summary>One agent of a scenario: its initial state, its goal and its radius.</summary>
/// <param name="InitialState">The initial state (length <see cref="AgentDynamics.StateCount"/>).</param>
/// <param name="GoalX">Goal x.</param>
/// <param name="GoalY">Goal y.</param>
/// <param name="Radius">The agent's radius (its body is a disc).</param>
public sealed record AgentSpec(IReadOnlyList<double> InitialState, double GoalX, double GoalY, double Radius);

/// <summary>
/// A multi-agent navigation problem: the agents with their goals, the shared dynamics, static obstacles, the
/// workspace, and the parameters of the run (step, time limit, sensing radius, tolerances).
/// </summary>
public sealed record NavigationScenario
{
    /// <summary>A short name for reports.</summary>
    public string Name { get; init; } = "scenario";

    /// <summary>The dynamics of every agent.</summary>
    public required AgentDynamics Dynamics { get; init; }

    /// <summary>The agents.</summary>
    public required IReadOnlyList<AgentSpec> Agents { get; init; }

    /// <summary>Static obstacles (may be empty).</summary>
    public IReadOnlyList<Obstacle> Obstacles { get; init; } = [];

    /// <summary>The workspace boundary, or null for the unbounded plane.</summary>
    public Workspace? Workspace { get; init; }

    /// <summary>The control period: every policy is evaluated once per step and its control is held over it. Default 0.05.</summary>
    public double TimeStep { get; init; } = 0.05;

    /// <summary>The run stops at this time if not every agent has arrived. Default 30.</summary>
    public double TimeLimit { get; init; } = 30;

    /// <summary>Agents within this centre distance of an agent are its neighbours (what it observes). Default 2.</summary>
    public double SensingRadius { get; init; } = 2;

    /// <summary>An agent is at its goal when its centre is within this distance of it. Default 0.1.</summary>
    public double GoalTolerance { get; init; } = 0.1;

    /// <summary>
    /// Two agents collide when their centres come closer than the sum of their radii minus this tolerance (an
    /// obstacle or the boundary: closer than the radius minus it). Default 0: any overlap counts.
    /// </summary>
    public double CollisionTolerance { get; init; }

    /// <summary>Integration sub-steps (RK4) per control period. Default 1 (exact for the integrators).</summary>
    public int SubSteps { get; init; } = 1;

    /// <summary>The seed used to make the scenario (reported; the run itself is deterministic).</summary>
    public int Seed { get; init; }

    /// <summary>Checks the scenario and throws with a message naming the first problem.</summary>
    /// <exception cref="ArgumentException">A parameter is out of range or an agent does not fit the dynamics.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Dynamics);
        ArgumentNullException.ThrowIfNull(Agents);
        Check(Agents.Count >= 1, "A scenario needs at least one agent.");
        Check(TimeStep > 0 && double.IsFinite(TimeStep), $"The time step must be positive (got {TimeStep}).");
        Check(TimeLimit > 0 && double.IsFinite(TimeLimit), $"The time limit must be positive (got {TimeLimit}).");
        Check(SensingRadius > 0, $"The sensing radius must be positive (got {SensingRadius}).");
        Check(GoalTolerance > 0, $"The goal tolerance must be positive (got {GoalTolerance}).");
        Check(CollisionTolerance >= 0 && double.IsFinite(CollisionTolerance), $"The collision tolerance must be finite and non-negative (got {CollisionTolerance}).");
        Check(SubSteps >= 1, $"Sub-steps must be at least 1 (got {SubSteps}).");
        for (int i = 0; i < Agents.Count; i++)
        {
            AgentSpec a = Agents[i];
            Check(a.InitialState.Count == Dynamics.StateCount, $"Agent {i} has {a.InitialState.Count} initial values; the model has {Dynamics.StateCount} states ({string.Join(", ", Dynamics.System.States)}).");
            Check(a.InitialState.All(double.IsFinite) && double.IsFinite(a.GoalX) && double.IsFinite(a.GoalY), $"Agent {i} has a non-finite initial state or goal.");
            Check(a.Radius > 0 && double.IsFinite(a.Radius), $"Agent {i} has the radius {a.Radius}; it must be positive.");
        }
    }

    private static void Check(bool condition, string message)
    {
        if (!condition)
        {
            throw new ArgumentException(message);
        }
    }
}
