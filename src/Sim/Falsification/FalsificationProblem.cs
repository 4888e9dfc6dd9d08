using Certus.Core.Sets;
using Certus.Sim.ClosedLoop;

namespace Certus.Sim.Falsification;

/// <summary>
/// Look for a run of a closed loop whose margin goes below zero: over initial states in a box and, when the loop's
/// disturbances are a <see cref="BoxDisturbance"/>, over every period's disturbance in that box. Immutable.
/// </summary>
public sealed class FalsificationProblem
{
    private readonly double[] _lower;
    private readonly double[] _upper;

    /// <summary>Creates the problem from the corners of the initial box.</summary>
    /// <param name="loop">The closed loop (checked here).</param>
    /// <param name="lower">Lower corner, one finite value per plant state (copied).</param>
    /// <param name="upper">Upper corner, finite, componentwise at least <paramref name="lower"/> (copied).</param>
    /// <param name="margin">The property: non-negative where it holds.</param>
    /// <exception cref="ArgumentException">The loop is invalid, or the box does not match the plant.</exception>
    public FalsificationProblem(ClosedLoopProblem loop, IReadOnlyList<double> lower, IReadOnlyList<double> upper, StateMargin margin)
    {
        ArgumentNullException.ThrowIfNull(loop);
        ArgumentNullException.ThrowIfNull(margin);
        loop.Validate();
        Loop = loop;
        (_lower, _upper) = BoxBounds.Copy(lower, upper, loop.Plant.StateCount, "initial box");
        Margin = margin;
    }

    /// <summary>Creates the problem from an initial box.</summary>
    /// <param name="loop">The closed loop (checked here).</param>
    /// <param name="initialSet">A bounded, non-empty box with one dimension per plant state.</param>
    /// <param name="margin">The property: non-negative where it holds.</param>
    /// <exception cref="ArgumentException">The loop is invalid, or the box does not match the plant.</exception>
    public FalsificationProblem(ClosedLoopProblem loop, Box initialSet, StateMargin margin)
    {
        ArgumentNullException.ThrowIfNull(loop);
        ArgumentNullException.ThrowIfNull(margin);
        loop.Validate();
        Loop = loop;
        (_lower, _upper) = BoxBounds.Copy(initialSet, loop.Plant.StateCount, "initial box");
        Margin = margin;
    }

    /// <summary>The closed loop.</summary>
    public ClosedLoopProblem Loop { get; }

    /// <summary>Lower corner of the initial box.</summary>
    public IReadOnlyList<double> Lower => _lower;

    /// <summary>Upper corner of the initial box.</summary>
    public IReadOnlyList<double> Upper => _upper;

    /// <summary>The property to falsify.</summary>
    public StateMargin Margin { get; }

    /// <summary>How a run's margins make its value (default <see cref="MarginAggregate.Minimum"/>: a safety property;
    /// <see cref="MarginAggregate.Maximum"/> for a goal that must be reached: the search then looks for a run whose
    /// largest margin stays below 0).</summary>
    public MarginAggregate Aggregate { get; init; }

    internal double[] LowerArray => _lower;

    internal double[] UpperArray => _upper;
}
