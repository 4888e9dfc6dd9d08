using Certus.Core.Sets;
using Certus.Reach.ClosedLoop;
using Certus.Reach.Flow;

namespace Certus.Verify.Reports;

/// <summary>
/// The reach tube as boxes to draw, each with its time interval: every tube segment of every cell while there are at
/// most a given number; beyond it, hulls of segments per time slice and per group of neighbouring cells (cells are
/// sorted by their lower corner), so that the drawing still encloses every segment and stays light.
/// </summary>
internal sealed class TubeBoxes
{
    private TubeBoxes(double[] timeLo, double[] timeHi, double[][] lower, double[][] upper, int segments, int cells)
    {
        TimeLo = timeLo;
        TimeHi = timeHi;
        Lower = lower;
        Upper = upper;
        Segments = segments;
        Cells = cells;
    }

    /// <summary>Start of each box's time interval.</summary>
    public double[] TimeLo { get; }

    /// <summary>End of each box's time interval.</summary>
    public double[] TimeHi { get; }

    /// <summary>Per state, the lower bound of each box.</summary>
    public double[][] Lower { get; }

    /// <summary>Per state, the upper bound of each box.</summary>
    public double[][] Upper { get; }

    /// <summary>Number of boxes.</summary>
    public int Count => TimeLo.Length;

    /// <summary>Number of tube segments they enclose.</summary>
    public int Segments { get; }

    /// <summary>Number of cells.</summary>
    public int Cells { get; }

    /// <summary>Whether segments were merged.</summary>
    public bool Merged => Count < Segments;

    /// <summary>Box <paramref name="k"/> as a <see cref="Box"/>.</summary>
    public Box BoxAt(int k) => Box.FromBounds([.. Lower.Select(l => l[k])], [.. Upper.Select(u => u[k])]);

    public static TubeBoxes From(IReadOnlyList<CellResult> cells, int states, int maxBoxes)
    {
        int segments = cells.Sum(c => c.Tube.Count);
        int longest = cells.Count == 0 ? 0 : cells.Max(c => c.Tube.Count);
        int bins = Math.Max(1, Math.Min(longest, maxBoxes));
        int groups = segments <= maxBoxes ? 0 : Math.Max(1, Math.Min(cells.Count, maxBoxes / bins));
        return groups == 0 ? Every(cells, states, segments) : Hulls(cells, states, segments, bins, groups);
    }

    private static TubeBoxes Every(IReadOnlyList<CellResult> cells, int n, int segments)
    {
        var tLo = new double[segments];
        var tHi = new double[segments];
        double[][] lo = [.. Enumerable.Range(0, n).Select(_ => new double[segments])];
        double[][] hi = [.. Enumerable.Range(0, n).Select(_ => new double[segments])];
        int k = 0;
        foreach (CellResult cell in cells)
        {
            foreach (FlowSegment s in cell.Tube)
            {
                tLo[k] = s.Time.Lo;
                tHi[k] = s.Time.Hi;
                for (int i = 0; i < n; i++)
                {
                    lo[i][k] = s.Enclosure[i].Lo;
                    hi[i][k] = s.Enclosure[i].Hi;
                }

                k++;
            }
        }

        return new TubeBoxes(tLo, tHi, lo, hi, segments, cells.Count);
    }

    private static TubeBoxes Hulls(IReadOnlyList<CellResult> cells, int n, int segments, int bins, int groups)
    {
        double start = double.PositiveInfinity, end = double.NegativeInfinity;
        foreach (CellResult cell in cells)
        {
            foreach (FlowSegment s in cell.Tube)
            {
                start = Math.Min(start, s.Time.Lo);
                end = Math.Max(end, s.Time.Hi);
            }
        }

        int slots = bins * groups;
        var tLo = Filled(slots, double.PositiveInfinity);
        var tHi = Filled(slots, double.NegativeInfinity);
        double[][] lo = [.. Enumerable.Range(0, n).Select(_ => Filled(slots, double.PositiveInfinity))];
        double[][] hi = [.. Enumerable.Range(0, n).Select(_ => Filled(slots, double.NegativeInfinity))];
        var used = new bool[slots];
        double span = end > start ? end - start : 1;
        for (int c = 0; c < cells.Count; c++)
        {
            int group = (int)((long)c * groups / cells.Count);
            foreach (FlowSegment s in cells[c].Tube)
            {
                double mid = 0.5 * (s.Time.Lo + s.Time.Hi);
                int bin = Math.Clamp((int)((mid - start) / span * bins), 0, bins - 1);
                int k = (group * bins) + bin;
                used[k] = true;
                tLo[k] = Math.Min(tLo[k], s.Time.Lo);
                tHi[k] = Math.Max(tHi[k], s.Time.Hi);
                for (int i = 0; i < n; i++)
                {
                    lo[i][k] = Math.Min(lo[i][k], s.Enclosure[i].Lo);
                    hi[i][k] = Math.Max(hi[i][k], s.Enclosure[i].Hi);
                }
            }
        }

        int[] keep = [.. Enumerable.Range(0, slots).Where(k => used[k])];
        return new TubeBoxes(
            [.. keep.Select(k => tLo[k])],
            [.. keep.Select(k => tHi[k])],
            [.. lo.Select(l => keep.Select(k => l[k]).ToArray())],
            [.. hi.Select(h => keep.Select(k => h[k]).ToArray())],
            segments,
            cells.Count);
    }

    private static double[] Filled(int count, double value)
    {
        var a = new double[count];
        Array.Fill(a, value);
        return a;
    }
}
