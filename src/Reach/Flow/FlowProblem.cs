using Certus.Core.Sets;
using Certus.Core.Systems;

namespace Certus.Reach.Flow;

/// <summary>
/// The flow over one control period: an ODE plant, a box of initial states, a box of inputs held constant over the
/// period (each constant in time but unknown within its interval), a start time and a duration.
/// </summary>
/// <remarks>Validated on construction; the properties cannot be changed afterwards (a <c>with</c> copy keeps them).</remarks>
public sealed record FlowProblem
{
    /// <summary>Creates and validates a problem.</summary>
    /// <param name="system">The plant.</param>
    /// <param name="initialStates">The initial states <c>X₀</c>, one bounded non-empty interval per state, in the system's order.</param>
    /// <param name="inputs">The held inputs <c>V</c>: the controls, then the disturbances, in the system's order, bounded and
    /// non-empty; <c>null</c> exactly when the system has neither.</param>
    /// <param name="startTime">The start time <c>t₀</c> (finite; matters only for dynamics that read <c>t</c>).</param>
    /// <param name="duration">The duration <c>T &gt; 0</c> (finite), usually the control period.</param>
    /// <exception cref="ArgumentException">A dimension does not match, a box is empty or unbounded, or a time is not finite.</exception>
    public FlowProblem(OdeSystem system, Box initialStates, Box? inputs, double startTime, double duration)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(initialStates);
        int n = system.States.Count, m = system.Inputs.Count + system.Disturbances.Count;
        if (initialStates.Dimension != n)
        {
            throw new ArgumentException($"The initial box has {initialStates.Dimension} dimensions but the system has {n} states ({string.Join(", ", system.States)}).", nameof(initialStates));
        }

        CheckBox(initialStates, system.States, nameof(initialStates));
        if (m == 0 && inputs is not null)
        {
            throw new ArgumentException("The system has no inputs or disturbances, so the input box must be null.", nameof(inputs));
        }

        if (m > 0)
        {
            string[] names = [.. system.Inputs, .. system.Disturbances];
            if (inputs is null)
            {
                throw new ArgumentException($"The system has held inputs ({string.Join(", ", names)}); give a box for them (controls, then disturbances).", nameof(inputs));
            }

            if (inputs.Dimension != m)
            {
                throw new ArgumentException($"The input box has {inputs.Dimension} dimensions but the system has {m} inputs and disturbances ({string.Join(", ", names)}).", nameof(inputs));
            }

            CheckBox(inputs, names, nameof(inputs));
        }

        if (!double.IsFinite(startTime))
        {
            throw new ArgumentException($"The start time must be finite, got {startTime}.", nameof(startTime));
        }

        if (!double.IsFinite(duration) || !(duration > 0) || !double.IsFinite(startTime + duration))
        {
            throw new ArgumentException($"The duration must be finite and positive, got {duration}.", nameof(duration));
        }

        System = system;
        InitialStates = initialStates;
        Inputs = inputs;
        StartTime = startTime;
        Duration = duration;
    }

    private static void CheckBox(Box box, IReadOnlyList<string> names, string parameter)
    {
        for (int i = 0; i < box.Dimension; i++)
        {
            if (box[i].IsEmpty || !box[i].IsBounded)
            {
                throw new ArgumentException($"The interval of '{names[i]}' must be bounded and non-empty, got {box[i]}.", parameter);
            }
        }
    }

    /// <summary>The plant.</summary>
    public OdeSystem System { get; }

    /// <summary>The initial states <c>X₀</c>.</summary>
    public Box InitialStates { get; }

    /// <summary>The held inputs <c>V</c> (controls, then disturbances), or <c>null</c> when the system has none.</summary>
    public Box? Inputs { get; }

    /// <summary>The start time <c>t₀</c>.</summary>
    public double StartTime { get; }

    /// <summary>The duration <c>T</c>.</summary>
    public double Duration { get; }

    /// <summary>Stops the enclosure between steps (default: never); the run then fails with the reason "cancelled".</summary>
    public CancellationToken Cancellation { get; init; }

    /// <summary>A <see cref="System.Diagnostics.Stopwatch.GetTimestamp"/> value after which the enclosure stops between
    /// steps (default null: none); the run then fails with the reason "time budget exhausted".</summary>
    public long? Deadline { get; init; }
}
