using Certus.Core.Expressions;
using Certus.Core.Numerics;
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
    /// <summary>The reachability problem of a closed loop (its controller, modes, initial set, horizon, properties and
    /// disturbances).</summary>
    /// <param name="loop">The loop.</param>
    public ClosedLoopReachProblem(Core.Systems.ClosedLoop loop)
        : this((loop ?? throw new ArgumentNullException(nameof(loop))).Controller, loop.InitialSet, loop.Horizon, loop.Properties, loop.Disturbances)
    {
        _modal = loop.Modal;
    }

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
        TimeScale = controller.PeriodEnclosure / Interval.Point(controller.Period);

        // The engine starts period k at the double k·T (rounded); the exact instant is within one ulp of the end time.
        double end = periods * controller.Period;
        double ulp = Math.BitIncrement(end) - end;
        SamplingOffset = system.IsDiscrete && ExactInstants(controller.Period, periods) ? Interval.Zero : new Interval(-ulp, ulp);
        // A discrete-time map has no flow to rescale: the recursion evaluates it at the enclosed real sampling time.
        bool exact = system.IsDiscrete || (TimeScale.IsPoint && TimeScale.Lo == 1 && !UsesTime(system));
        FlowSystem = exact ? system : Rescaled(system, TimeScale, SamplingOffset);
        InitialSet = initialSet;
        Periods = periods;
        Properties = properties;
        Disturbances = disturbances;
    }

    /// <summary>The controller (for a modal loop, <see cref="ModalController.Primary"/>: the plant, the period and the
    /// initial mode's network, never the loop's controls).</summary>
    public NeuralController Controller { get; }

    private readonly ModalController? _modal;
    private readonly IReadOnlyList<double>? _selectors;

    /// <summary>A controller with modes and environment choices that drives the loop instead of <see cref="Controller"/>
    /// (null: none). Set it with <see cref="Controller"/> = its <see cref="ModalController.Primary"/>.</summary>
    public ModalController? Modal
    {
        get => _modal;
        init
        {
            if (value is not null && !ReferenceEquals(value.Primary, Controller))
            {
                throw new ArgumentException("A modal loop's controller must be the modal controller's Primary.", nameof(Modal));
            }

            _modal = value;
        }
    }

    /// <summary>For a modal loop, one fixed sequence of the environment's selectors (period by period, see
    /// <see cref="ControlCase.Choose"/>), as a counterexample's replay needs; null (the default) for every choice.</summary>
    public IReadOnlyList<double>? Selectors
    {
        get => _selectors;
        init
        {
            if (value is not null && (_modal is null || value.Count != Periods * _modal.ChoiceCount || value.Any(v => !(v >= 0 && v <= 1))))
            {
                throw new ArgumentException($"Selectors need a modal controller, {Periods} x {_modal?.ChoiceCount ?? 0} values, each in [0, 1].", nameof(Selectors));
            }

            _selectors = value;
        }
    }

    private readonly IReadOnlyList<Box>? _disturbanceSchedule;

    /// <summary>One disturbance box per period, each inside <see cref="Disturbances"/> (a counterexample's replay fixes
    /// the disturbance of each period); null (the default) for <see cref="Disturbances"/> in every period.</summary>
    public IReadOnlyList<Box>? DisturbanceSchedule
    {
        get => _disturbanceSchedule;
        init
        {
            if (value is not null && (Disturbances is null || value.Count != Periods || value.Any(b => b.Dimension != Disturbances.Dimension || !Disturbances.Contains(b))))
            {
                throw new ArgumentException($"A disturbance schedule needs {Periods} boxes, each inside the disturbance box {Disturbances?.ToString() ?? "(none)"}.", nameof(DisturbanceSchedule));
            }

            _disturbanceSchedule = value;
        }
    }

    /// <summary>The disturbance box of one period: the schedule's entry, or <see cref="Disturbances"/>.</summary>
    /// <param name="period">The 0-based period.</param>
    /// <returns>The box, or null when the plant has no disturbances.</returns>
    public Box? DisturbancesAt(int period) => _disturbanceSchedule is { } schedule ? schedule[period] : Disturbances;

    /// <summary>A copy with another horizon (the same controller, modes, initial set, properties and disturbances).</summary>
    /// <param name="periods">The horizon in periods.</param>
    /// <param name="properties">The properties (default: the same).</param>
    /// <param name="initialSet">The initial set (default: the same).</param>
    /// <returns>The problem.</returns>
    public ClosedLoopReachProblem With(int periods, IReadOnlyList<StateProperty>? properties = null, Box? initialSet = null) =>
        new(Controller, initialSet ?? InitialSet, periods, properties ?? Properties, Disturbances) { Modal = Modal };

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

    /// <summary>
    /// The ratio <c>c</c> of the exact control period to the double <see cref="NeuralController.Period"/> the engine
    /// steps with, enclosed (exactly 1 when the period is a double). The engine runs in the time <c>s</c> of a loop
    /// sampled every <see cref="NeuralController.Period"/>; the real time is <c>t = c·s</c>.
    /// </summary>
    public Interval TimeScale { get; }

    /// <summary>
    /// The plant in engine time: <c>dx/ds = c·f(x, u, c·s)</c> with <c>c</c> = <see cref="TimeScale"/> (the plant
    /// itself when <c>c</c> is 1). Sampled every <see cref="NeuralController.Period"/> in <c>s</c>, it has exactly the
    /// trajectories of the real loop sampled every exact period, so a decimal period such as 0.1 is enclosed, not
    /// rounded to its nearest double. A discrete-time plant is kept as written (its map is evaluated at the enclosed
    /// real time of each step, <see cref="RealTime"/>).
    /// </summary>
    public OdeSystem FlowSystem { get; }

    /// <summary>The real time of an engine time interval: <c>c·s</c>, enclosed.</summary>
    /// <param name="engineTime">A time interval of the engine (a tube segment's, a sampling instant's).</param>
    /// <returns>An interval that contains the real time of every instant of <paramref name="engineTime"/>.</returns>
    public Interval RealTime(Interval engineTime) => TimeScale.IsPoint && TimeScale.Lo == 1 ? engineTime + SamplingOffset : TimeScale * (engineTime + SamplingOffset);

    /// <summary>An enclosure of the difference between the exact engine time <c>k·T + τ</c> and the double the engine
    /// labels it with (the start <c>k·T</c> of each period is rounded): one ulp of the end time either way; exactly 0
    /// for a discrete-time plant whose instants <c>k·T</c> are all doubles (such as <c>T = 1</c>).</summary>
    public Interval SamplingOffset { get; }

    // Whether every step instant k·T (k ≤ periods) is a double, so that the engine's labels are exact. Only used for
    // discrete-time plants, whose sets live at the instants themselves (a violation at step k is confirmed at t = k·T).
    private static bool ExactInstants(double period, int periods)
    {
        for (int k = 1; k <= periods; k++)
        {
            if (Math.FusedMultiplyAdd(k, period, -(k * period)) != 0)
            {
                return false;
            }
        }

        return true;
    }

    private static bool UsesTime(OdeSystem system) => system.RightHandSidesWithParameters.Any(f => f.Variables().Contains(OdeSystem.TimeVariable));

    private static OdeSystem Rescaled(OdeSystem system, Interval c, Interval offset)
    {
        var scale = new ConstantExpr(c, 1.0, "1");
        Expr time = new BinaryExpr(BinaryOp.Multiply, scale, new BinaryExpr(BinaryOp.Add, Expr.Var(OdeSystem.TimeVariable), new ConstantExpr(offset, 0, "0")));
        var dynamics = new Dictionary<string, Expr>(StringComparer.Ordinal);
        for (int i = 0; i < system.States.Count; i++)
        {
            Expr f = system.RightHandSides[i].Substitute(n => n == OdeSystem.TimeVariable ? time : null);
            dynamics[system.States[i]] = new BinaryExpr(BinaryOp.Multiply, scale, f);
        }

        return new OdeSystem(system.States, system.Inputs, system.Disturbances, system.Parameters, dynamics);
    }
}
