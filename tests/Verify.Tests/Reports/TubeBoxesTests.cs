using Certus.Core.Sets;
using Certus.Reach.ClosedLoop;
using Certus.Reach.Flow;
using Certus.Verify.Reports;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Interval = Certus.Core.Numerics.Interval;

namespace Certus.Verify.Tests.Reports;

/// <summary>The drawn tube stays within its budget and still encloses every tube segment.</summary>
public sealed class TubeBoxesTests
{
    /// <summary>A random tube: how many cells, segments per cell, the seed of their boxes, the budget.</summary>
    public sealed record Tube(int Cells, int Segments, int Seed, int Budget)
    {
        public override string ToString() => $"{Cells} cells x {Segments} segments (seed {Seed}), budget {Budget}";
    }

    public static class Arbitraries
    {
        public static Arbitrary<Tube> Tubes() =>
            (from cells in Gen.Choose(1, 60)
             from segments in Gen.Choose(1, 80)
             from seed in Gen.Choose(0, 100000)
             from budget in Gen.Choose(1, 400)
             select new Tube(cells, segments, seed, budget)).ToArbitrary();
    }

    private static List<CellResult> Make(Tube t)
    {
        var random = new Random(t.Seed);
        var cells = new List<CellResult>();
        for (int c = 0; c < t.Cells; c++)
        {
            var tube = new List<FlowSegment>();
            double time = 0;
            for (int s = 0; s < t.Segments; s++)
            {
                // Uneven step lengths, as with adaptive flows.
                double step = 0.01 + (random.NextDouble() * 0.1);
                var box = new Box(Enumerable.Range(0, 3).Select(_ =>
                {
                    double lo = (random.NextDouble() * 10) - 5;
                    return new Interval(lo, lo + random.NextDouble());
                }));
                tube.Add(new FlowSegment(new Interval(time, time + step), box));
                time += step;
            }

            cells.Add(new CellResult(Box.FromPoint([c, 0, 0]), 0, [], tube, null, null));
        }

        return cells;
    }

    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = 120, Replay = "(4242,4243)")]
    public void EverySegment_IsInsideADrawnBox_AndTheBudgetHolds(Tube t)
    {
        List<CellResult> cells = Make(t);
        TubeBoxes boxes = TubeBoxes.From(cells, 3, t.Budget);
        int segments = t.Cells * t.Segments;
        Assert.Equal(segments, boxes.Segments);
        Assert.True(boxes.Count <= t.Budget, $"{boxes.Count} boxes for a budget of {t.Budget}");
        Assert.Equal(segments > t.Budget, boxes.Merged);
        foreach (CellResult cell in cells)
        {
            foreach (FlowSegment s in cell.Tube)
            {
                bool inside = Enumerable.Range(0, boxes.Count).Any(k =>
                    boxes.TimeLo[k] <= s.Time.Lo && s.Time.Hi <= boxes.TimeHi[k]
                    && Enumerable.Range(0, 3).All(i => boxes.Lower[i][k] <= s.Enclosure[i].Lo && s.Enclosure[i].Hi <= boxes.Upper[i][k]));
                Assert.True(inside, $"segment {s.Time} {s.Enclosure} is not enclosed");
            }
        }
    }

    [Fact]
    public void AThousandCellsOfFiveHundredSegments_FitTheDefaultBudget()
    {
        List<CellResult> cells = Make(new Tube(1000, 500, 7, 20_000));
        TubeBoxes boxes = TubeBoxes.From(cells, 3, new ReportOptions().MaxRectangles);
        Assert.Equal(500_000, boxes.Segments);
        Assert.InRange(boxes.Count, 1, 20_000);
    }
}
