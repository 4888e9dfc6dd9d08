using Certus.Core.Sets;
using Certus.Core.Systems;

namespace Certus.Reach.ClosedLoop;

/// <summary>
/// The closed-loop reachability problem: a plant driven by a neural controller sampled every period (zero-order
/// hold), a box of initial states, optional disturbances held in a box over each period, a horizon in periods and
/// the properties to prove.
/// </summary>
public sealed record ClosedLoopReachProblem
{
    /// <summary>Creates and checks a problem.</summary>
    /// <param name="controller">The controller (it knows its plant and period).</param>
    /// <param name="initialSet">One interval per state.</param>
    /// <param name="periods">The horizon in control periods (at least 1).</param>
    /// <param name="properties">The properties to prove (may be empty: then only the reach set is computed).</param>
    /// <param name="disturbances">One interval per disturbance of the plant, or <c>null</c> when it has none.</param>
    public ClosedLoopReachProblem(NeuralController controller, Box initialSet, int periods, IReadOnlyList<StateProperty> properties, Box? disturbances = null)
    {
        ArgumentNullException.ThrowIfNull(controller);
        ArgumentNullException.ThrowIfNull(initialSet);
        ArgumentNullException.ThrowIfNull(properties);
        OdeSystem system = controller.System;
        if (initialSet.Dimension != system.States.Count)
        {
            throw new ArgumentException($"The initial set has {initialSet.Dimension} intervals but the plant has {system.States.Count} states.", nameof(initialSet));
        }

        if (periods < 1)
        {
            throw new ArgumentException($"The horizon must be at least one period, got {periods}.", nameof(periods));
        }

        int w = system.Disturbances.Count;
        if ((w == 0) != (disturbances is null) || (disturbances is not null && disturbances.Dimension != w))
        {
            throw new ArgumentException($"The plant has {w} disturbance(s); give {(w == 0 ? "no disturbance box" : $"a box of {w} intervals")}.", nameof(disturbances));
        }

        Controller = controller;
        InitialSet = initialSet;
        Periods = periods;
        Properties = properties;
        Disturbances = disturbances;
    }

    /// <summary>The controller.</summary>
    public NeuralController Controller { get; }

    /// <summary>The plant.</summary>
    public OdeSystem System => Controller.System;

    /// <summary>The initial states.</summary>
    public Box InitialSet { get; }

    /// <summary>The horizon in periods.</summary>
    public int Periods { get; }

    /// <summary>The properties.</summary>
    public IReadOnlyList<StateProperty> Properties { get; }

    /// <summary>The disturbance box (held over each period), or <c>null</c>.</summary>
    public Box? Disturbances { get; }

    /// <summary>The final time.</summary>
    public double EndTime => Periods * Controller.Period;
}
