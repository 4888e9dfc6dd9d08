namespace Certus.Core.Navigation;

/// <summary>One sensed neighbour as an agent sees it.</summary>
/// <param name="Index">The neighbour's agent index.</param>
/// <param name="X">Its position x.</param>
/// <param name="Y">Its position y.</param>
/// <param name="VelocityX">Its velocity x.</param>
/// <param name="VelocityY">Its velocity y.</param>
/// <param name="Radius">Its radius.</param>
/// <param name="Distance">The centre distance to the observing agent.</param>
public readonly record struct NeighbourObservation(int Index, double X, double Y, double VelocityX, double VelocityY, double Radius, double Distance);

/// <summary>
/// What one agent observes at a step: its own state and goal, the agents within its sensing radius (nearest first)
/// and the static map. Decentralized policies decide from this alone.
/// </summary>
public readonly struct AgentView : IEquatable<AgentView>
{
    private readonly NavigationSnapshot _world;

    internal AgentView(NavigationSnapshot world, int agent)
    {
        _world = world;
        Index = agent;
    }

    /// <summary>The agent's index.</summary>
    public int Index { get; }

    /// <summary>The scenario (dynamics, obstacles, workspace, step).</summary>
    public NavigationScenario Scenario => _world.Scenario;

    /// <summary>The time.</summary>
    public double Time => _world.Time;

    /// <summary>The agent's full state.</summary>
    public ReadOnlySpan<double> State => _world.State(Index);

    /// <summary>Position x.</summary>
    public double X => _world.X[Index];

    /// <summary>Position y.</summary>
    public double Y => _world.Y[Index];

    /// <summary>Velocity x.</summary>
    public double VelocityX => _world.VelocityX[Index];

    /// <summary>Velocity y.</summary>
    public double VelocityY => _world.VelocityY[Index];

    /// <summary>Goal x.</summary>
    public double GoalX => _world.Scenario.Agents[Index].GoalX;

    /// <summary>Goal y.</summary>
    public double GoalY => _world.Scenario.Agents[Index].GoalY;

    /// <summary>The agent's radius.</summary>
    public double Radius => _world.Scenario.Agents[Index].Radius;

    /// <summary>Number of sensed neighbours.</summary>
    public int NeighbourCount => _world.Graph.Degree(Index);

    /// <summary>The k-th nearest sensed neighbour.</summary>
    /// <param name="k">0 for the nearest.</param>
    /// <returns>Its observation.</returns>
    public NeighbourObservation Neighbour(int k)
    {
        int j = _world.Graph.Neighbours(Index)[k];
        return new NeighbourObservation(j, _world.X[j], _world.Y[j], _world.VelocityX[j], _world.VelocityY[j], _world.Scenario.Agents[j].Radius, _world.Graph.Distances(Index)[k]);
    }

    /// <inheritdoc/>
    public bool Equals(AgentView other) => ReferenceEquals(_world, other._world) && Index == other.Index;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is AgentView v && Equals(v);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(_world, Index);

    /// <summary>Equality.</summary>
    /// <param name="left">Left.</param>
    /// <param name="right">Right.</param>
    /// <returns>Whether both view the same agent of the same world.</returns>
    public static bool operator ==(AgentView left, AgentView right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    /// <param name="left">Left.</param>
    /// <param name="right">Right.</param>
    /// <returns>Whether they differ.</returns>
    public static bool operator !=(AgentView left, AgentView right) => !left.Equals(right);
}
