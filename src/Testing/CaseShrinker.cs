using System.Globalization;
using Certus.Core.Sets;

namespace Certus.Testing;

/// <summary>
/// Shrinking of failing closed-loop cases toward a minimal counterexample: disturbances moved to the centre of their
/// box (whole sequence, then period by period, then halfway), each initial-state coordinate moved toward the centre of
/// the initial set (to the centre, rounded toward it to fewer significant digits, then by bisection: half, a quarter,
/// ... of the way), and last the shortest horizon that still fails (cut at the period of the first violation).
/// </summary>
/// <remarks>
/// Every candidate lies in the initial set and the disturbance box and is strictly closer to the centre (or
/// shorter) than the case it comes from, and moves are at least <see cref="ResolutionFraction"/> of the box width
/// except for roundings (which reduce the digit count), so greedy shrinking always ends. Greedy use: take the first
/// candidate that still fails and start again from it (FsCheck does this with <see cref="ControllerGen.Arbitrary"/>;
/// <see cref="Minimize"/> does it with a budget). Bisection converges to the boundary of the failing region within
/// the resolution.
/// </remarks>
public static class CaseShrinker
{
    /// <summary>The smallest bisection move, as a fraction of the width of the coordinate's interval (2^-12).</summary>
    public const double ResolutionFraction = 1.0 / 4096;

    /// <summary>The candidates that are "smaller" than a case, most promising first.</summary>
    /// <param name="suite">The suite (its initial set and disturbance box).</param>
    /// <param name="failing">The case.</param>
    /// <param name="outcome">Its outcome (for the period of the first violation), or <c>null</c>.</param>
    /// <returns>The candidates, lazily.</returns>
    public static IEnumerable<ClosedLoopCase> Candidates(ControllerSuite suite, ClosedLoopCase failing, CaseOutcome? outcome)
    {
        ArgumentNullException.ThrowIfNull(suite);
        ArgumentNullException.ThrowIfNull(failing);
        return CandidatesCore(suite, failing, outcome);
    }

    private static IEnumerable<ClosedLoopCase> CandidatesCore(ControllerSuite suite, ClosedLoopCase c, CaseOutcome? outcome)
    {
        // 1. Disturbances toward the centre of their box.
        if (suite.DisturbanceSet is { } box && c.Disturbances.Count > 0)
        {
            foreach (double[] d in DisturbanceCandidates(box, [.. c.Disturbances], c.Periods))
            {
                yield return new ClosedLoopCase(c.InitialState, d, c.Periods);
            }
        }

        // 2. The initial state toward the centre of the set, coordinate by coordinate.
        Box set = suite.InitialSet;
        double[] x = [.. c.InitialState];
        for (int j = 0; j < x.Length; j++)
        {
            foreach (double v in CoordinateCandidates(set[j].Lo, set[j].Hi, x[j]))
            {
                double[] moved = (double[])x.Clone();
                moved[j] = v;
                yield return new ClosedLoopCase(moved, c.Disturbances, c.Periods);
            }
        }

        // 3. Last, the shortest horizon that still covers the violation (cut earlier, it would keep states that fail
        // only within the cut from moving toward the centre).
        if (outcome is { Passed: false, FailingPeriods: { } k } && k < c.Periods)
        {
            yield return c.Truncate(k);
        }
    }

    /// <summary>Shrink candidates of one value of <c>[lo, hi]</c> toward the centre: the centre, roundings toward it
    /// to 1, 2, ... significant digits, then bisection steps (half, a quarter, ... of the way, down to the resolution).</summary>
    /// <param name="lo">Lower bound.</param>
    /// <param name="hi">Upper bound.</param>
    /// <param name="x">The value, in <c>[lo, hi]</c>.</param>
    /// <returns>Distinct values in <c>[lo, hi]</c>, each strictly closer to the centre than <paramref name="x"/>.</returns>
    public static IEnumerable<double> CoordinateCandidates(double lo, double hi, double x)
    {
        double centre = lo + ((hi - lo) / 2);
        double distance = Math.Abs(x - centre);
        if (!(hi > lo) || distance == 0)
        {
            yield break;
        }

        var seen = new HashSet<double> { x };
        if (seen.Add(centre))
        {
            yield return centre;
        }

        for (int digits = 1; digits <= 15; digits++)
        {
            double r = RoundToward(x, centre, digits);
            if (r >= lo && r <= hi && Math.Abs(r - centre) < distance && seen.Add(r))
            {
                yield return r;
            }
        }

        double resolution = (hi - lo) * ResolutionFraction;
        for (double step = (x - centre) / 2; Math.Abs(step) >= resolution; step /= 2)
        {
            double v = Math.Clamp(x - step, lo, hi);
            if (Math.Abs(v - centre) < distance && seen.Add(v))
            {
                yield return v;
            }
        }
    }

    /// <summary>Rounds <paramref name="x"/> to <paramref name="digits"/> significant decimal digits, toward <paramref name="target"/>.</summary>
    /// <param name="x">The value.</param>
    /// <param name="target">The direction to round to.</param>
    /// <param name="digits">Significant digits (1 to 15).</param>
    /// <returns>The rounded value (the double nearest to a decimal with that many digits); <paramref name="x"/> itself when it has no more digits.</returns>
    public static double RoundToward(double x, double target, int digits)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(digits, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(digits, 15);
        if (x == 0 || !double.IsFinite(x))
        {
            return x;
        }

        string format = "E" + (digits - 1).ToString(CultureInfo.InvariantCulture);
        double nearest = double.Parse(x.ToString(format, CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        if (nearest == x || Math.Abs(nearest - target) <= Math.Abs(x - target))
        {
            return nearest;
        }

        // The nearest rounding moved away from the target: one unit of the last digit back toward it.
        int exponent = (int)Math.Floor(Math.Log10(Math.Abs(nearest)));
        double unit = Math.Pow(10, exponent - digits + 1);
        double back = nearest + (target > x ? unit : -unit);
        return double.Parse(back.ToString(format, CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }

    private static IEnumerable<double[]> DisturbanceCandidates(Box box, double[] d, int periods)
    {
        int w = box.Dimension;
        double[] centre = [.. box.Select(i => i.Lo + ((i.Hi - i.Lo) / 2))];
        bool AtCentre(int k) => d.AsSpan(k * w, w).SequenceEqual(centre);
        int off = Enumerable.Range(0, periods).Count(k => !AtCentre(k));
        if (off == 0)
        {
            yield break;
        }

        // Every period at the centre.
        yield return [.. Enumerable.Range(0, periods).SelectMany(_ => centre)];

        // One period at a time, from the last (late disturbances rarely matter for an early violation).
        if (off > 1)
        {
            for (int k = periods - 1; k >= 0; k--)
            {
                if (!AtCentre(k))
                {
                    double[] moved = (double[])d.Clone();
                    centre.CopyTo(moved.AsSpan(k * w, w));
                    yield return moved;
                }
            }
        }

        // Everything halfway to the centre, while the move is above the resolution.
        double largest = 0;
        for (int i = 0; i < d.Length; i++)
        {
            double width = box[i % w].Hi - box[i % w].Lo;
            if (width > 0)
            {
                largest = Math.Max(largest, Math.Abs(d[i] - centre[i % w]) / width);
            }
        }

        if (largest / 2 >= ResolutionFraction)
        {
            double[] half = new double[d.Length];
            for (int i = 0; i < d.Length; i++)
            {
                half[i] = Math.Clamp(d[i] - ((d[i] - centre[i % w]) / 2), box[i % w].Lo, box[i % w].Hi);
            }

            yield return half;
        }
    }

    /// <summary>
    /// Greedy shrinking: from a failing case, repeatedly take the first candidate for which the same property still
    /// fails, until none does or the simulation budget is spent. Deterministic.
    /// </summary>
    /// <param name="suite">The suite.</param>
    /// <param name="failing">A failing case.</param>
    /// <param name="budget">Most simulations to spend (at least 0).</param>
    /// <returns>The smallest failing case found, its outcome, the number of accepted steps and simulations spent.</returns>
    /// <exception cref="ArgumentException">The case does not fail.</exception>
    public static ShrinkResult Minimize(ControllerSuite suite, ClosedLoopCase failing, int budget = 4000)
    {
        ArgumentNullException.ThrowIfNull(suite);
        ArgumentNullException.ThrowIfNull(failing);
        ArgumentOutOfRangeException.ThrowIfNegative(budget);
        CaseOutcome outcome = suite.Evaluate(failing);
        if (outcome.Passed)
        {
            throw new ArgumentException("Only a failing case can be shrunk; this one passes every property.", nameof(failing));
        }

        ClosedLoopCase current = failing;
        int steps = 0, simulations = 0;
        bool improved = true;
        while (improved && simulations < budget)
        {
            improved = false;
            foreach (ClosedLoopCase candidate in Candidates(suite, current, outcome))
            {
                if (simulations >= budget)
                {
                    break;
                }

                simulations++;
                CaseOutcome o = suite.Evaluate(candidate);
                if (!o.Passed && o.PropertyIndex == outcome.PropertyIndex)
                {
                    current = candidate;
                    outcome = o;
                    steps++;
                    improved = true;
                    break;
                }
            }
        }

        return new ShrinkResult(current, outcome, steps, simulations);
    }
}

/// <summary>The result of <see cref="CaseShrinker.Minimize"/>.</summary>
/// <param name="Case">The smallest failing case found.</param>
/// <param name="Outcome">Its outcome.</param>
/// <param name="Steps">Accepted shrink steps.</param>
/// <param name="Simulations">Simulations spent.</param>
public sealed record ShrinkResult(ClosedLoopCase Case, CaseOutcome Outcome, int Steps, int Simulations);
