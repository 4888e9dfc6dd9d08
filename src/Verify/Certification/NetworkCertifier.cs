using System.Diagnostics;
using Certus.Core.Expressions;
using Certus.Core.Numerics;
using Certus.Core.Sets;
using Certus.Reach.Networks;
using Certus.Verify.Specs;

namespace Certus.Verify.Certification;

/// <summary>An input that violates a network requirement, confirmed by a sound evaluation of the network at it.</summary>
/// <param name="Property">The violated requirement.</param>
/// <param name="Input">The input.</param>
/// <param name="Output">The network output there (doubles).</param>
/// <param name="Margin">The margin there (negative).</param>
public sealed record NetworkCounterexample(string Property, double[] Input, double[] Output, double Margin);

/// <summary>The outcome of certifying a network-only spec.</summary>
/// <param name="Spec">The spec.</param>
/// <param name="Verdict">Overall verdict.</param>
/// <param name="Properties">Per requirement.</param>
/// <param name="Counterexample">A confirmed violating input, when unsafe.</param>
/// <param name="Cells">Input cells in the final partition.</param>
/// <param name="Elapsed">Wall-clock time.</param>
public sealed record NetworkCertificationResult(NetworkSpec Spec, Verdict Verdict, IReadOnlyList<PropertyVerdict> Properties, NetworkCounterexample? Counterexample, int Cells, TimeSpan Elapsed);

/// <summary>
/// Open-loop certification of a network over an input box: sample first (a violation is confirmed by interval
/// propagation at that single input), then prove by the seed paper's partitioning with linear-relaxation bounds:
/// a cell is done when every requirement's margin, evaluated soundly over the cell and its output bounds, is
/// non-negative; otherwise it is bisected along its longest side until the cell budget runs out.
/// </summary>
public static class NetworkCertifier
{
    /// <summary>Certifies a network spec.</summary>
    /// <param name="spec">The spec.</param>
    /// <param name="maxCells">Largest partition of the input box.</param>
    /// <param name="samples">Random inputs for the falsification search.</param>
    /// <param name="timeout">Time budget of the proof (default none); when it runs out, every requirement not yet
    /// decided is UNKNOWN with that reason.</param>
    /// <param name="jobs">Cores for the proof (default −1: all); the verdicts do not depend on it.</param>
    /// <returns>The verdicts.</returns>
    public static NetworkCertificationResult Certify(NetworkSpec spec, int maxCells = 100_000, int samples = 10_000, TimeSpan? timeout = null, int jobs = -1)
    {
        ArgumentNullException.ThrowIfNull(spec);
        long start = Stopwatch.GetTimestamp();
        bool TimeIsUp() => timeout is { } t && Stopwatch.GetElapsedTime(start) > t;
        int k = spec.Properties.Count;
        var verdicts = new PropertyVerdict?[k];
        NetworkCounterexample? counterexample = null;

        // 1. Falsify by sampling the inner box (and its corners), confirm with a sound point evaluation.
        if (spec.InnerInputSet is { } inner)
        {
            var random = new Random(1);
            IEnumerable<double[]> points = inner.Dimension <= 12 ? inner.Corners() : [];
            foreach (double[] x in points.Concat(Enumerable.Range(0, samples).Select(_ => inner.Sample(random))))
            {
                if (TimeIsUp())
                {
                    break;
                }

                double[] y = spec.Network.Evaluate(x);
                for (int p = 0; p < k; p++)
                {
                    if (verdicts[p] is not null || PointMargin(spec, p, x, y) >= 0)
                    {
                        continue;
                    }

                    // A requirement that may be undefined at the input (NaN there, or an enclosure that is not defined on
                    // the point) confirms nothing: the proof below will answer UNKNOWN with the reason.
                    Box exact = new IntervalPropagation().Bound(spec.Network, Box.FromPoint(x)).Output;
                    if (!TryMargin(spec, p, Box.FromPoint(x), exact, out Interval m, out _))
                    {
                        continue;
                    }

                    if (m.Hi < 0)
                    {
                        verdicts[p] = new PropertyVerdict(spec.Properties[p].Name, Verdict.Unsafe, m.Hi, $"violated at input ({string.Join(", ", x)}) (validated)");
                        counterexample ??= new NetworkCounterexample(spec.Properties[p].Name, x, y, PointMargin(spec, p, x, y));
                    }
                }
            }
        }

        // 2. Prove the rest by partitioning.
        int[] open = [.. Enumerable.Range(0, k).Where(p => verdicts[p] is null)];
        int cells = 0;
        if (open.Length > 0)
        {
            var bounds = new LinearRelaxation();
            double[] lowest = Enumerable.Repeat(double.PositiveInfinity, k).ToArray();
            var undefined = new string?[k];
            // Generations of cells, bounded in parallel and split in order: without a budget the final partition (and
            // so every margin) does not depend on the order or on --jobs; with one, the generations fill it in order.
            var pending = new List<Box> { spec.InputSet };
            bool exhausted = false;
            bool timedOut = false;
            while (pending.Count > 0)
            {
                if (TimeIsUp())
                {
                    timedOut = true;
                    break;
                }

                var margins = new double[pending.Count][];
                var why = new string?[pending.Count][];
                Parallel.For(0, pending.Count, new ParallelOptions { MaxDegreeOfParallelism = jobs }, i =>
                {
                    Box cell = pending[i];
                    Box output = bounds.Bound(spec.Network, cell).Output;
                    margins[i] = new double[k];
                    why[i] = new string?[k];
                    foreach (int p in open)
                    {
                        // A margin that may be undefined on the cell (or an empty one) proves nothing there.
                        if (TryMargin(spec, p, cell, output, out Interval margin, out string? reason))
                        {
                            margins[i][p] = margin.Lo;
                        }
                        else
                        {
                            margins[i][p] = double.NegativeInfinity;
                            why[i][p] = $"on cell {cell}: {reason}";
                        }
                    }
                });

                var next = new List<Box>();
                for (int i = 0; i < pending.Count; i++)
                {
                    Box cell = pending[i];
                    double[] m = margins[i];
                    bool undecided = open.Any(p => !(m[p] >= 0));
                    if (undecided && cells + next.Count + (pending.Count - i) + 1 <= maxCells && cell.MaxWidth > 0)
                    {
                        var (lo, hi) = cell.Bisect();
                        next.Add(lo);
                        next.Add(hi);
                        continue;
                    }

                    cells++;
                    exhausted |= undecided;
                    foreach (int p in open)
                    {
                        undefined[p] ??= why[i][p];
                        lowest[p] = Math.Min(lowest[p], double.IsNaN(m[p]) ? double.NegativeInfinity : m[p]);
                    }
                }

                pending = next;
            }

            foreach (int p in open)
            {
                verdicts[p] = timedOut
                    ? new PropertyVerdict(spec.Properties[p].Name, Verdict.Unknown, double.NaN, $"the time budget ({timeout!.Value.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)} s) ran out after {cells} cell(s)")
                    : lowest[p] >= 0
                    ? new PropertyVerdict(spec.Properties[p].Name, Verdict.Safe, lowest[p], null)
                    : new PropertyVerdict(spec.Properties[p].Name, Verdict.Unknown, lowest[p], $"undecided on some of {cells} cells{(exhausted ? " (cell budget exhausted)" : string.Empty)}{(undefined[p] is { } u ? $"; {u}" : string.Empty)}");
            }
        }

        PropertyVerdict[] all = [.. verdicts.Select(v => v!)];
        Verdict overall = all.Any(v => v.Verdict == Verdict.Unsafe) ? Verdict.Unsafe : all.All(v => v.Verdict == Verdict.Safe) ? Verdict.Safe : Verdict.Unknown;
        return new NetworkCertificationResult(spec, overall, all, counterexample, cells, Stopwatch.GetElapsedTime(start));
    }

    // The requirement's margin over a cell, proved defined on the whole cell (else false, with the reason).
    private static bool TryMargin(NetworkSpec spec, int p, Box input, Box output, out Interval margin, out string? why)
    {
        bool ok = ExpressionEvaluator.TryEvaluateDefined(spec.Properties[p].Constraint, name =>
        {
            int i = spec.InputNames.IndexOfName(name);
            return i >= 0 ? input[i] : output[spec.OutputNames.IndexOfName(name)];
        }, out margin, out UndefinedExpressionException? problem);
        why = problem?.Message;
        return ok;
    }

    private static double PointMargin(NetworkSpec spec, int p, double[] x, double[] y) =>
        ExpressionEvaluator.Evaluate<double, DoubleArithmetic>(spec.Properties[p].Constraint, default, name =>
        {
            int i = spec.InputNames.IndexOfName(name);
            return i >= 0 ? x[i] : y[spec.OutputNames.IndexOfName(name)];
        });
}
