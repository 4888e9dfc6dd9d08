using Certus.Core.Navigation;
using Certus.Sim.MultiAgent;

namespace Certus.Verify.Reports.Documents;

/// <summary>The run metrics of a navigation simulation (null where a value does not exist, e.g. no makespan when an agent never arrived).</summary>
/// <param name="SafetyRate">Share of agents never in collision.</param>
/// <param name="GoalRate">Share of agents at their goal at the end.</param>
/// <param name="SuccessRate">Share both safe and at goal.</param>
/// <param name="MeanCumulativeCost">Mean over agents of the integrated distance to the goal.</param>
/// <param name="MinSeparation">Smallest gap between two bodies (negative: overlap); null with one agent.</param>
/// <param name="MinObstacleClearance">Smallest gap to an obstacle or the boundary; null when there are none.</param>
/// <param name="CollidingPairs">Agent pairs that ever collided.</param>
/// <param name="Makespan">When the last agent arrived (s); null when some never did.</param>
/// <param name="MeanPathLength">Mean path length.</param>
/// <param name="SimulatedTime">Simulated time (s).</param>
/// <param name="Steps">Steps simulated.</param>
/// <param name="PolicyMsPerStepMedian">Median policy time per step (ms).</param>
/// <param name="PolicyMsPerStepMean">Mean policy time per step (ms).</param>
/// <param name="PolicyMsPerStepMax">Largest policy time of a step (ms).</param>
/// <param name="StepMsMedian">Median whole-step time (ms).</param>
/// <param name="InvalidControls">Non-finite controls the policy returned (held at the box centre).</param>
public sealed record NavigationMetricsDocument(
    double SafetyRate, double GoalRate, double SuccessRate, double? MeanCumulativeCost, double? MinSeparation, double? MinObstacleClearance,
    int CollidingPairs, double? Makespan, double MeanPathLength, double SimulatedTime, int Steps,
    double PolicyMsPerStepMedian, double PolicyMsPerStepMean, double PolicyMsPerStepMax, double StepMsMedian, long InvalidControls)
{
    /// <summary>The document of a run's metrics.</summary>
    /// <param name="m">The metrics.</param>
    /// <returns>The document.</returns>
    public static NavigationMetricsDocument From(NavigationMetrics m)
    {
        ArgumentNullException.ThrowIfNull(m);
        return new(m.SafetyRate, m.GoalRate, m.SuccessRate, Finite(m.MeanCumulativeCost), Finite(m.MinSeparation), Finite(m.MinObstacleClearance),
            m.CollidingPairs, Finite(m.Makespan), m.MeanPathLength, m.SimulatedTime, m.Steps,
            m.PolicyMillisecondsPerStepMedian, m.PolicyMillisecondsPerStepMean, m.PolicyMillisecondsPerStepMax, m.StepMillisecondsMedian, m.InvalidControls);
    }

    internal static double? Finite(double v) => double.IsFinite(v) ? v : null;
}

/// <summary>One agent's outcome in a navigation simulation.</summary>
/// <param name="Agent">The 0-based agent index.</param>
/// <param name="Collided">Whether it ever collided.</param>
/// <param name="FirstCollisionTime">When it first collided (s), or null.</param>
/// <param name="FirstCollisionWith">What it first collided with (an agent index, an obstacle, the boundary), or null.</param>
/// <param name="AtGoal">Whether it was at its goal at the end.</param>
/// <param name="TimeToGoal">When it arrived (s), or null.</param>
/// <param name="PathLength">Its path length.</param>
/// <param name="CumulativeCost">Its integrated distance to the goal.</param>
/// <param name="MinClearance">Its smallest gap to anything, or null when there was nothing.</param>
public sealed record AgentOutcomeDocument(int Agent, bool Collided, double? FirstCollisionTime, string? FirstCollisionWith, bool AtGoal, double? TimeToGoal, double PathLength, double CumulativeCost, double? MinClearance);

/// <summary>The <c>simulate --json</c> document (also <c>metrics.json</c> of <c>simulate --out</c>).</summary>
public sealed record SimulateDocument : CertusDocument
{
    /// <inheritdoc/>
    public override string Kind => "simulate";

    /// <summary>The scenario's name.</summary>
    public required string Scenario { get; init; }

    /// <summary>The policy simulated.</summary>
    public required string Policy { get; init; }

    /// <summary>Number of agents.</summary>
    public required int Agents { get; init; }

    /// <summary>The scenario's seed.</summary>
    public required int Seed { get; init; }

    /// <summary>The agents' dynamics (SingleIntegrator, Unicycle, DoubleIntegrator, ...).</summary>
    public required string Dynamics { get; init; }

    /// <summary>The simulation step (s).</summary>
    public required double TimeStep { get; init; }

    /// <summary>The time limit (s).</summary>
    public required double TimeLimit { get; init; }

    /// <summary>Overlap tolerated before two bodies count as colliding.</summary>
    public required double CollisionTolerance { get; init; }

    /// <summary>Distance to the goal that counts as arrived.</summary>
    public required double GoalTolerance { get; init; }

    /// <summary>The run's metrics.</summary>
    public required NavigationMetricsDocument Metrics { get; init; }

    /// <summary>Every agent's outcome (empty when left out).</summary>
    public IReadOnlyList<AgentOutcomeDocument> PerAgent { get; init; } = [];

    /// <summary>The document of a run.</summary>
    /// <param name="result">The run.</param>
    /// <param name="inputs">The input files (scenario, model) with hashes.</param>
    /// <param name="options">The run's options by command-line name.</param>
    /// <param name="includeAgents">Whether to list every agent.</param>
    /// <returns>The document.</returns>
    public static SimulateDocument From(NavigationResult result, IReadOnlyList<InputFileHash>? inputs = null, IReadOnlyDictionary<string, string?>? options = null, bool includeAgents = true)
    {
        ArgumentNullException.ThrowIfNull(result);
        NavigationScenario s = result.Scenario;
        return new SimulateDocument
        {
            Inputs = inputs ?? [],
            Options = DocumentOptions.WithValues(options),
            Scenario = s.Name,
            Policy = result.Policy,
            Agents = result.Metrics.AgentCount,
            Seed = s.Seed,
            Dynamics = s.Dynamics.Kind.ToString(),
            TimeStep = s.TimeStep,
            TimeLimit = s.TimeLimit,
            CollisionTolerance = s.CollisionTolerance,
            GoalTolerance = s.GoalTolerance,
            Metrics = NavigationMetricsDocument.From(result.Metrics),
            PerAgent = includeAgents
                ? [.. result.Agents.Select(a => new AgentOutcomeDocument(
                    a.Agent, a.Collided, NavigationMetricsDocument.Finite(a.FirstCollisionTime), a.Collided ? a.FirstCollisionWith : null, a.AtGoal,
                    NavigationMetricsDocument.Finite(a.TimeToGoal), a.PathLength, a.CumulativeCost, NavigationMetricsDocument.Finite(a.MinClearance)))]
                : [],
        };
    }
}
