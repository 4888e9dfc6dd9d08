using Certus.Core.Sets;
using Certus.Sim.ClosedLoop;

namespace Certus.Sim.Ensembles;

/// <summary>Many runs of one closed loop from initial states in a box, each scored by an optional margin. Immutable.</summary>
public sealed class EnsembleProblem
{
    private readonly double[] _lower;
    private readonly double[] _upper;

    /// <summary>Creates the problem from the corners of the initial box.</summary>
    /// <param name="loop">The closed loop (checked here).</param>
    /// <param name="lower">Lower corner, one finite value per plant state (copied).</param>
    /// <param name="upper">Upper corner, finite, componentwise at least <paramref name="lower"/> (copied).</param>
    /// <param name="margin">Scores each run by its smallest margin (default none: only final states are kept).</param>
    /// <exception cref="ArgumentException">The loop is invalid, or the box does not match the plant.</exception>
    public EnsembleProblem(ClosedLoopProblem loop, IReadOnlyList<double> lower, IReadOnlyList<double> upper, StateMargin? margin = null)
    {
        ArgumentNullException.ThrowIfNull(loop);
        loop.Validate();
        Loop = loop;
        (_lower, _upper) = BoxBounds.Copy(lower, upper, loop.Plant.StateCount, "initial box");
        Margin = margin;
    }

    /// <summary>Creates the problem from an initial box.</summary>
    /// <param name="loop">The closed loop (checked here).</param>
    /// <param name="initialSet">A bounded, non-empty box with one dimension per plant state.</param>
    /// <param name="margin">Scores each run by its smallest margin (default none).</param>
    /// <exception cref="ArgumentException">The loop is invalid, or the box does not match the plant.</exception>
    public EnsembleProblem(ClosedLoopProblem loop, Box initialSet, StateMargin? margin = null)
    {
        ArgumentNullException.ThrowIfNull(loop);
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

    /// <summary>The margin that scores each run, if any.</summary>
    public StateMargin? Margin { get; }

    internal double[] LowerArray => _lower;

    internal double[] UpperArray => _upper;
}
