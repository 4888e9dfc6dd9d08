using Certus.Core.Sets;
using FsCheck;
using FsCheck.Fluent;
using Interval = Certus.Core.Numerics.Interval;

namespace Certus.Testing;

/// <summary>
/// FsCheck generators for closed-loop tests: states in a box, disturbance sequences held over each control period,
/// the cases of a spec (initial state, disturbances, horizon), and their <see cref="Arbitrary{T}"/> with the
/// minimizing shrinker of <see cref="CaseShrinker"/>.
/// </summary>
/// <remarks>Every generated value lies in its box. Each coordinate is drawn uniformly, except that one draw in ten
/// takes the lower and one in ten the upper bound: corners and faces of the box are where controllers tend to break.</remarks>
public static class ControllerGen
{
    /// <summary>Doubles drawn from <c>[lower, upper]</c> (uniform, with the bounds themselves one draw in ten each).</summary>
    /// <param name="interval">A bounded, non-empty interval.</param>
    /// <returns>The generator.</returns>
    /// <exception cref="ArgumentException">The interval is empty or unbounded.</exception>
    public static Gen<double> ValuesIn(Interval interval)
    {
        if (interval.IsEmpty || !double.IsFinite(interval.Lo) || !double.IsFinite(interval.Hi))
        {
            throw new ArgumentException($"Values are drawn from a bounded, non-empty interval; got {interval}.", nameof(interval));
        }

        double lo = interval.Lo, hi = interval.Hi;
        if (lo == hi)
        {
            return Gen.Constant(lo);
        }

        Gen<double> uniform = Gen.Choose(0, int.MaxValue).Select(k => Math.Clamp(lo + ((hi - lo) * (k / (double)int.MaxValue)), lo, hi));
        return Gen.Frequency((1, Gen.Constant(lo)), (1, Gen.Constant(hi)), (8, uniform));
    }

    /// <summary>Points of a box, one value per dimension (see <see cref="ValuesIn"/>).</summary>
    /// <param name="box">A bounded, non-empty box.</param>
    /// <returns>The generator; every point lies in the box.</returns>
    /// <exception cref="ArgumentException">The box is empty or unbounded.</exception>
    public static Gen<double[]> StatesIn(Box box)
    {
        ArgumentNullException.ThrowIfNull(box);
        return Gen.CollectToArray(box.Select(ValuesIn));
    }

    /// <summary>
    /// Disturbance sequences: one value of the box per control period, held over that period (row-major,
    /// <paramref name="periods"/> rows of the box's dimension), as <see cref="ClosedLoopCase.Disturbances"/> wants them.
    /// </summary>
    /// <param name="box">The disturbance box (bounded, non-empty).</param>
    /// <param name="periods">Control periods (at least 1).</param>
    /// <returns>The generator.</returns>
    public static Gen<double[]> DisturbanceSequences(Box box, int periods)
    {
        ArgumentNullException.ThrowIfNull(box);
        ArgumentOutOfRangeException.ThrowIfLessThan(periods, 1);
        Gen<double[]> row = StatesIn(box);
        return Gen.CollectToArray(Enumerable.Repeat(row, periods)).Select(rows => rows.SelectMany(r => r).ToArray());
    }

    /// <summary>Initial states of a spec: points of its initial set (the doubles inside the written set, when the spec
    /// has them, so that a counterexample starts exactly in the set as written).</summary>
    /// <param name="spec">The spec (see <see cref="ControllerSuite.InitialSet"/>).</param>
    /// <returns>The generator.</returns>
    public static Gen<double[]> InitialStates(ControllerSuite spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return StatesIn(spec.InitialSet);
    }

    /// <summary>Cases of a suite: an initial state of its set, a disturbance sequence over the whole horizon (empty
    /// when the plant has no disturbances), and the spec's horizon.</summary>
    /// <param name="suite">The suite.</param>
    /// <returns>The generator.</returns>
    public static Gen<ClosedLoopCase> Cases(ControllerSuite suite)
    {
        ArgumentNullException.ThrowIfNull(suite);
        int periods = suite.Spec.Horizon;
        Gen<double[]> disturbances = suite.DisturbanceSet is { } w ? DisturbanceSequences(w, periods) : Gen.Constant(Array.Empty<double>());
        return InitialStates(suite).Zip(disturbances, (x0, d) => new ClosedLoopCase(x0, d, periods));
    }

    /// <summary>The arbitrary of a suite's cases: <see cref="Cases"/> with <see cref="CaseShrinker.Candidates"/> as
    /// the shrinker (shorter horizon, disturbances toward the centre, initial state toward the centre and rounded).</summary>
    /// <param name="suite">The suite.</param>
    /// <returns>The arbitrary.</returns>
    public static Arbitrary<ClosedLoopCase> Arbitrary(ControllerSuite suite)
    {
        ArgumentNullException.ThrowIfNull(suite);
        return Arb.From(Cases(suite), c => CaseShrinker.Candidates(suite, c, suite.Evaluate(c)));
    }
}
