using Certus.Core.Navigation;

namespace Certus.Sim.MultiAgent;

/// <summary>The positions of every agent at one recorded time.</summary>
/// <param name="Time">The time.</param>
/// <param name="X">Positions x.</param>
/// <param name="Y">Positions y.</param>
public sealed record NavigationFrame(double Time, IReadOnlyList<double> X, IReadOnlyList<double> Y);

/// <summary>The outcome of one multi-agent run: metrics, per-agent metrics and the recorded frames.</summary>
/// <param name="Scenario">The scenario that was run.</param>
/// <param name="Policy">The policy's name.</param>
/// <param name="Metrics">The run's metrics.</param>
/// <param name="Agents">Per-agent metrics.</param>
/// <param name="Frames">Recorded positions (the first and the last step are always recorded).</param>
public sealed record NavigationResult(
    NavigationScenario Scenario,
    string Policy,
    NavigationMetrics Metrics,
    IReadOnlyList<AgentMetrics> Agents,
    IReadOnlyList<NavigationFrame> Frames);

/// <summary>Progress of a run.</summary>
/// <param name="Time">Simulated time.</param>
/// <param name="TimeLimit">The scenario's time limit.</param>
/// <param name="AtGoal">Agents at their goal now.</param>
/// <param name="Collided">Agents that have collided so far.</param>
public readonly record struct NavigationProgress(double Time, double TimeLimit, int AtGoal, int Collided);

/// <summary>Options of a run.</summary>
public sealed record NavigationOptions
{
    /// <summary>Record positions every this many steps (and always the first and the last). Default 1; 0 records only the first and last.</summary>
    public int RecordEvery { get; init; } = 1;

    /// <summary>Stop as soon as every agent is at its goal. Default true.</summary>
    public bool StopWhenAllArrived { get; init; } = true;

    /// <summary>Worker threads for the world's own work (integration, neighbour search); 0 for one per core.</summary>
    public int MaxDegreeOfParallelism { get; init; }

    /// <summary>Receives progress every 20 steps and at the end.</summary>
    public IProgress<NavigationProgress>? Progress { get; init; }
}
