using Certus.Core.Numerics;
using Certus.Core.Sets;

namespace Certus.Core.Systems;

/// <summary>
/// One sampled-data closed loop, checked once at construction: the plant and its controller (which knows the period),
/// optionally a controller with modes and environment choices, the initial set, the disturbance box, the horizon in
/// control periods and the properties. Simulation (<c>Certus.Sim.ClosedLoop.ClosedLoopProblem.From</c>) and
/// reachability (<c>Certus.Reach.ClosedLoop.ClosedLoopReachProblem</c>) are both built from it.
/// </summary>
public sealed record ClosedLoop
{
    /// <summary>Creates and checks a closed loop.</summary>
    /// <param name="controller">The controller; for a modal loop, <see cref="ModalController.Primary"/>.</param>
    /// <param name="initialSet">One interval per plant state.</param>
    /// <param name="horizon">The horizon in control periods (steps of a discrete-time plant), at least 1.</param>
    /// <param name="properties">The properties (may be empty).</param>
    /// <param name="disturbances">One interval per plant disturbance, or null when the plant has none.</param>
    /// <param name="modal">A controller with modes, or null.</param>
    /// <exception cref="ModelException">A part does not fit; every problem is listed.</exception>
    public ClosedLoop(NeuralController controller, Box initialSet, int horizon, IReadOnlyList<StateProperty> properties, Box? disturbances = null, ModalController? modal = null)
    {
        ArgumentNullException.ThrowIfNull(controller);
        ArgumentNullException.ThrowIfNull(initialSet);
        ArgumentNullException.ThrowIfNull(properties);
        OdeSystem plant = controller.System;
        var problems = new List<ModelProblem>();
        if (initialSet.Dimension != plant.States.Count || initialSet.Any(i => i.IsEmpty || !i.IsBounded))
        {
            problems.Add(new ModelProblem("initial", $"expected one bounded, non-empty interval per state ({plant.States.Count}), got {initialSet}."));
        }

        if (horizon < 1)
        {
            problems.Add(new ModelProblem("horizon", $"the horizon must be at least one period, got {horizon}."));
        }

        int w = plant.Disturbances.Count;
        if ((w == 0) != (disturbances is null) || (disturbances is not null && (disturbances.Dimension != w || disturbances.Any(i => i.IsEmpty || !i.IsBounded))))
        {
            problems.Add(new ModelProblem("disturbances", w == 0 ? "the plant has no disturbances." : $"expected one bounded interval per disturbance ({w})."));
        }

        if (modal is not null && !ReferenceEquals(modal.Primary, controller))
        {
            problems.Add(new ModelProblem("controller", "a modal loop's controller must be the modal controller's Primary."));
        }

        if (problems.Count > 0)
        {
            throw new ModelException(problems);
        }

        Controller = controller;
        InitialSet = initialSet;
        Horizon = horizon;
        Properties = properties;
        Disturbances = disturbances;
        Modal = modal;
    }

    /// <summary>The controller (for a modal loop, the modal controller's <see cref="ModalController.Primary"/>).</summary>
    public NeuralController Controller { get; }

    /// <summary>A controller with modes and environment choices, or null.</summary>
    public ModalController? Modal { get; }

    /// <summary>The plant.</summary>
    public OdeSystem Plant => Controller.System;

    /// <summary>The control period as a double.</summary>
    public double Period => Controller.Period;

    /// <summary>An interval that contains the exact control period.</summary>
    public Interval PeriodEnclosure => Controller.PeriodEnclosure;

    /// <summary>The initial states.</summary>
    public Box InitialSet { get; }

    /// <summary>The disturbance box (held over each period), or null.</summary>
    public Box? Disturbances { get; }

    /// <summary>The horizon in control periods.</summary>
    public int Horizon { get; }

    /// <summary>The properties.</summary>
    public IReadOnlyList<StateProperty> Properties { get; }

    /// <summary>The final time, <see cref="Horizon"/>·<see cref="Period"/>.</summary>
    public double EndTime => Horizon * Period;
}
