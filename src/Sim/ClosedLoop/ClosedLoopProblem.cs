using System.Globalization;
using Certus.Core.Systems;

namespace Certus.Sim.ClosedLoop;

/// <summary>
/// A sampled-data closed loop: at every sampling instant <c>t_k = StartTime + k·Period</c> the controller reads
/// the state and its control is held (zero-order hold) over <c>[t_k, t_{k+1})</c>, together with that period's
/// disturbance; the plant is integrated over <see cref="Periods"/> periods. Immutable; checked by
/// <see cref="Validate"/> (which <see cref="ClosedLoopSimulator"/> calls).
/// </summary>
public sealed record ClosedLoopProblem
{
    /// <summary>The loop to simulate: the compiled plant, the controller (a modal one with its modes and choices), the
    /// period and the horizon of a <see cref="ClosedLoop"/>, with disturbances drawn by <paramref name="disturbance"/>.</summary>
    /// <param name="loop">The loop.</param>
    /// <param name="disturbance">How disturbances are chosen (default: none; the loop must then have none).</param>
    /// <returns>The problem, checked.</returns>
    /// <exception cref="ArgumentException">The disturbance model does not fit the plant.</exception>
    public static ClosedLoopProblem From(Core.Systems.ClosedLoop loop, DisturbanceModel? disturbance = null)
    {
        ArgumentNullException.ThrowIfNull(loop);
        var problem = new ClosedLoopProblem
        {
            Plant = loop.Plant.Compile(),
            Controller = loop.Controller,
            Modal = loop.Modal,
            Period = loop.Period,
            Periods = loop.Horizon,
            Disturbance = disturbance ?? DisturbanceModel.None,
        };
        problem.Validate();
        return problem;
    }

    /// <summary>The plant.</summary>
    public required IClosedLoopPlant Plant { get; init; }

    /// <summary>The state-feedback controller; it reads all plant states and gives all plant controls.</summary>
    public required IStateFeedback Controller { get; init; }

    /// <summary>The control period T (positive, finite).</summary>
    public required double Period { get; init; }

    /// <summary>Number of control periods (at least 1).</summary>
    public required int Periods { get; init; }

    /// <summary>The first sampling instant (default 0).</summary>
    public double StartTime { get; init; }

    /// <summary>A controller with modes and environment choices that replaces <see cref="Controller"/> in simulation
    /// (default null: <see cref="Controller"/> alone). Its choices are given to a run as selectors, one per
    /// <see cref="IModalFeedback.ChoiceCount"/> and period.</summary>
    public IModalFeedback? Modal { get; init; }

    /// <summary>How disturbances are chosen (default <see cref="DisturbanceModel.None"/>).</summary>
    public DisturbanceModel Disturbance { get; init; } = DisturbanceModel.None;

    /// <summary>The time of the last point, <c>StartTime + Periods·Period</c>.</summary>
    public double EndTime => StartTime + (Periods * Period);

    /// <summary>Checks that the parts fit together.</summary>
    /// <exception cref="ArgumentException">The message names the part that does not fit.</exception>
    public void Validate()
    {
        if (Plant is null || Controller is null || Disturbance is null)
        {
            throw new ArgumentException("A closed-loop problem needs a plant, a controller and a disturbance model.");
        }

        if (Plant.Field is null)
        {
            throw new ArgumentException("The plant has no vector field.", nameof(Plant));
        }

        if (Plant.StateCount < 1 || Plant.ControlCount < 0 || Plant.DisturbanceCount < 0)
        {
            throw new ArgumentException($"The plant has {Plant.StateCount} states, {Plant.ControlCount} controls and {Plant.DisturbanceCount} disturbances.", nameof(Plant));
        }

        if (Controller.StateCount != Plant.StateCount)
        {
            throw new ArgumentException($"The controller reads {Controller.StateCount} states, the plant has {Plant.StateCount}.", nameof(Controller));
        }

        if (Controller.ControlCount != Plant.ControlCount)
        {
            throw new ArgumentException($"The controller gives {Controller.ControlCount} controls, the plant takes {Plant.ControlCount}.", nameof(Controller));
        }

        if (Modal is not null && (Modal.StateCount != Plant.StateCount || Modal.ControlCount != Plant.ControlCount))
        {
            throw new ArgumentException($"The modal controller reads {Modal.StateCount} states and gives {Modal.ControlCount} controls; the plant has {Plant.StateCount} and {Plant.ControlCount}.", nameof(Modal));
        }

        if (Disturbance.Count != Plant.DisturbanceCount)
        {
            throw new ArgumentException(
                $"The disturbance model gives {Disturbance.Count} values per period, the plant has {Plant.DisturbanceCount} disturbances.", nameof(Disturbance));
        }

        if (!(Period > 0) || !double.IsFinite(Period))
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The period must be positive and finite, got {Period}."), nameof(Period));
        }

        if (Periods < 1)
        {
            throw new ArgumentException($"At least one period is needed, got {Periods}.", nameof(Periods));
        }

        if (!double.IsFinite(StartTime) || !double.IsFinite(EndTime))
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The time span [{StartTime}, {EndTime}] must be finite."), nameof(StartTime));
        }
    }
}
