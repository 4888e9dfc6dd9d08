using Certus.Core.Sets;
using Certus.Core.Systems;

namespace Certus.Reach.Flow;

/// <summary>
/// The flow over one period from an initial set in affine form over the states and the held inputs together:
/// <c>(x₀, v) ∈ { c + G·e : e ∈ E }</c>, so that the held inputs (controls, then disturbances) may depend on the
/// initial state (a linear feedback with a bounded error, for instance) and the states may be correlated.
/// </summary>
/// <remarks>Validated on construction through <see cref="Hull"/>, the <see cref="FlowProblem"/> of the set's box hull
/// (which every enclosure also solves: the affine answer is a refinement of the box one).</remarks>
public sealed record AffineFlowProblem
{
    /// <summary>Creates and validates a problem.</summary>
    /// <param name="system">The plant.</param>
    /// <param name="initial">The joint initial set: one row per state, then one per control input and per disturbance.</param>
    /// <param name="startTime">The start time (finite).</param>
    /// <param name="duration">The duration (finite, positive).</param>
    /// <exception cref="ArgumentException">The set's dimension is not states + inputs + disturbances, or the times are invalid.</exception>
    public AffineFlowProblem(OdeSystem system, AffineSet initial, double startTime, double duration)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(initial);
        int n = system.States.Count, m = system.Inputs.Count + system.Disturbances.Count;
        if (initial.Dimension != n + m)
        {
            throw new ArgumentException($"The initial set has {initial.Dimension} rows but the system has {n} states and {m} inputs and disturbances.", nameof(initial));
        }

        Box hull = initial.Hull();
        Hull = new FlowProblem(system, new Box(hull.Take(n)), m == 0 ? null : new Box(hull.Skip(n)), startTime, duration);
        Initial = initial;
    }

    /// <summary>The joint initial set of states and held inputs.</summary>
    public AffineSet Initial { get; }

    /// <summary>The same flow from the box hull of <see cref="Initial"/>.</summary>
    public FlowProblem Hull { get; private set; }

    /// <summary>Stops the enclosure between steps (default: never), as <see cref="FlowProblem.Cancellation"/> does.</summary>
    public CancellationToken Cancellation
    {
        get => Hull.Cancellation;
        init => Hull = Hull with { Cancellation = value };
    }

    /// <summary>A timestamp after which the enclosure stops between steps, as <see cref="FlowProblem.Deadline"/> does.</summary>
    public long? Deadline
    {
        get => Hull.Deadline;
        init => Hull = Hull with { Deadline = value };
    }

    /// <summary>The plant.</summary>
    public OdeSystem System => Hull.System;

    /// <summary>The start time.</summary>
    public double StartTime => Hull.StartTime;

    /// <summary>The duration.</summary>
    public double Duration => Hull.Duration;

    /// <summary>The box hull of the initial states (the first rows of <see cref="Initial"/>).</summary>
    public Box InitialStates => Hull.InitialStates;

}
