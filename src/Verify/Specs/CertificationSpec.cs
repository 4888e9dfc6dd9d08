using Certus.Core.Sets;
using Certus.Core.Systems;
using Certus.Reach.ClosedLoop;
using Certus.Sim.ClosedLoop;

namespace Certus.Verify.Specs;

/// <summary>A certification problem read from a spec file: plant, controller, initial set, horizon and properties.</summary>
/// <param name="Name">The spec's name.</param>
/// <param name="Path">The file it was read from.</param>
/// <param name="Controller">The controller (it knows the plant and the period).</param>
/// <param name="InitialSet">One interval per state, enclosing the written decimals.</param>
/// <param name="Disturbances">One interval per disturbance, or <c>null</c>.</param>
/// <param name="Horizon">The horizon in control periods.</param>
/// <param name="Properties">The properties to certify.</param>
/// <param name="InnerInitialSet">The doubles that lie inside the written initial set (decimal endpoints rounded
/// inward), where counterexamples are searched; <c>null</c> when some written value is not a double (then no
/// counterexample can be confirmed).</param>
public sealed record CertificationSpec(
    string Name,
    string Path,
    NeuralController Controller,
    Box InitialSet,
    Box? Disturbances,
    int Horizon,
    IReadOnlyList<StateProperty> Properties,
    Box? InnerInitialSet)
{
    /// <summary>The network file the spec names, resolved against the spec's folder (null when built in code).</summary>
    public string? NetworkPath { get; init; }

    /// <summary>Every network file the spec names (one per mode for a modal controller), resolved.</summary>
    public IReadOnlyList<string> NetworkPaths
    {
        get => _networkPaths ?? (NetworkPath is null ? [] : [NetworkPath]);
        init => _networkPaths = value;
    }

    private readonly IReadOnlyList<string>? _networkPaths;

    /// <summary>Where falsification searches the initial states (from the reader): per state the doubles inside the
    /// written value, or, where there are none (a point such as 1.3), its nearest double flagged as enclosed (a
    /// counterexample then starts from that state's whole enclosure). Null for specs built in code: then the initial set
    /// itself, which is exact.</summary>
    public (Box Box, bool[] Enclosed)? Search { get; init; }

    /// <summary>As <see cref="Search"/>, for the disturbance box (null without disturbances or for specs built in code).</summary>
    public (Box Box, bool[] Enclosed)? DisturbanceSearch { get; init; }

    /// <summary>A controller with modes and environment choices (null for a plain neural controller); then
    /// <see cref="Controller"/> is its <see cref="ModalController.Primary"/>.</summary>
    public ModalController? Modal { get; init; }

    /// <summary>The algorithm the spec's <c>options:</c> block asks for (null when it has none: the defaults).</summary>
    public Certification.CertificationAlgorithm? Algorithm { get; init; }

    /// <summary>The report's projections (<c>report.projections</c>: pairs of state indices), or null for the default
    /// pair (the first two states the first property reads).</summary>
    public IReadOnlyList<(int X, int Y)>? Projections { get; init; }

    /// <summary>Whether the report also draws every projection in one plane (<c>report.overlay</c>: a team's agents
    /// side by side).</summary>
    public bool OverlayProjections { get; init; }

    /// <summary>The plant.</summary>
    public OdeSystem System => Controller.System;

    /// <summary>The closed loop for simulation: the compiled plant, the controller (a modal one with its modes and choices)
    /// and the disturbances drawn from their box.</summary>
    /// <param name="seed">The seed of the disturbance draws (default: <see cref="BoxDisturbance"/>'s).</param>
    /// <returns>The loop.</returns>
    public ClosedLoopProblem SimulationLoop(int? seed = null) => ClosedLoopProblem.From(
        Loop,
        Disturbances is null ? DisturbanceModel.None : seed is { } s ? new BoxDisturbance(Disturbances, s) : new BoxDisturbance(Disturbances));

    private ClosedLoop? _loop;

    /// <summary>The closed loop this spec describes (checked when first asked for); simulation and reachability are both
    /// built from it.</summary>
    /// <exception cref="ModelException">The parts do not fit.</exception>
    public ClosedLoop Loop => _loop ??= new ClosedLoop(Controller, InitialSet, Horizon, Properties, Disturbances, Modal);

    /// <summary>The reachability problem of this spec.</summary>
    /// <returns>The problem.</returns>
    public ClosedLoopReachProblem ToReachProblem() => new(Loop);
}
