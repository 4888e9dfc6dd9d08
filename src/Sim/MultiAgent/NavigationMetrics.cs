namespace Certus.Sim.MultiAgent;

/// <summary>What happened to one agent during a run.</summary>
/// <param name="Agent">The agent's index.</param>
/// <param name="Collided">Whether it ever came closer than allowed to another agent, an obstacle or the boundary.</param>
/// <param name="FirstCollisionTime">When it first did (NaN if never).</param>
/// <param name="FirstCollisionWith">With what: <c>agent 12</c>, <c>obstacle 0</c>, <c>boundary</c>; empty if never.</param>
/// <param name="AtGoal">Whether it is within the goal tolerance at the end of the run.</param>
/// <param name="TimeToGoal">When it last entered the goal region and stayed there (NaN if it is not at its goal at the end).</param>
/// <param name="PathLength">Length of its path (sum of the step displacements).</param>
/// <param name="CumulativeCost">The integral of the running cost (distance to the goal) over the run (trapezoidal rule over the steps).</param>
/// <param name="MinClearance">The smallest gap to another agent's body, an obstacle or the boundary (negative when overlapping).</param>
public sealed record AgentMetrics(
    int Agent,
    bool Collided,
    double FirstCollisionTime,
    string FirstCollisionWith,
    bool AtGoal,
    double TimeToGoal,
    double PathLength,
    double CumulativeCost,
    double MinClearance)
{
    /// <summary>Safe and at its goal.</summary>
    public bool Succeeded => !Collided && AtGoal;
}

/// <summary>
/// The field's metrics for one run. Safety rate: the share of agents never in collision (with the scenario's
/// tolerance); goal rate: the share at their goal at the end; success rate: the share both safe and at goal;
/// cumulative cost: the mean over agents of the integral of the distance to the goal; minimum separation: the
/// smallest gap between two agents' bodies (centre distance minus both radii; negative = overlap); makespan:
/// the time the last agent reached its goal (NaN if some never did).
/// </summary>
public sealed record NavigationMetrics
{
    /// <summary>Number of agents.</summary>
    public required int AgentCount { get; init; }

    /// <summary>Share of agents never in collision.</summary>
    public required double SafetyRate { get; init; }

    /// <summary>Share of agents at their goal at the end.</summary>
    public required double GoalRate { get; init; }

    /// <summary>Share of agents safe and at their goal.</summary>
    public required double SuccessRate { get; init; }

    /// <summary>Mean over agents of the integrated distance to the goal.</summary>
    public required double MeanCumulativeCost { get; init; }

    /// <summary>The smallest gap between two agents' bodies over the run (infinity with one agent).</summary>
    public required double MinSeparation { get; init; }

    /// <summary>The smallest gap between an agent's body and an obstacle or the boundary (infinity if there are none).</summary>
    public required double MinObstacleClearance { get; init; }

    /// <summary>Number of agent pairs that ever collided.</summary>
    public required int CollidingPairs { get; init; }

    /// <summary>When the last agent reached its goal; NaN if some agent is not at its goal at the end.</summary>
    public required double Makespan { get; init; }

    /// <summary>Mean path length.</summary>
    public required double MeanPathLength { get; init; }

    /// <summary>Simulated time at the end of the run.</summary>
    public required double SimulatedTime { get; init; }

    /// <summary>Number of control steps.</summary>
    public required int Steps { get; init; }

    /// <summary>Median wall time of the policy per step, in milliseconds (all agents).</summary>
    public required double PolicyMillisecondsPerStepMedian { get; init; }

    /// <summary>Mean wall time of the policy per step, in milliseconds.</summary>
    public required double PolicyMillisecondsPerStepMean { get; init; }

    /// <summary>Largest wall time of the policy in one step, in milliseconds.</summary>
    public required double PolicyMillisecondsPerStepMax { get; init; }

    /// <summary>Median wall time of a whole step (proximity graph, policy, integration, collision checks), in milliseconds.</summary>
    public required double StepMillisecondsMedian { get; init; }

    /// <summary>Controls the policy returned as NaN or infinite (replaced by the box centre, and counted here).</summary>
    public required long InvalidControls { get; init; }
}
