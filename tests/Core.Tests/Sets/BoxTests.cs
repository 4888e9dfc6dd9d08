using Certus.Core.Sets;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Interval = Certus.Core.Numerics.Interval;

namespace Certus.Core.Tests.Sets;

public sealed class BoxTests
{
    public static class Arbitraries
    {
        public static Arbitrary<Box> Boxes() =>
            (from dim in Gen.Choose(1, 5)
             from los in Gen.ArrayOf(Gen.Choose(-1000, 1000), dim)
             from widths in Gen.ArrayOf(Gen.Choose(0, 1000), dim)
             select Box.FromBounds(los.Select(l => l / 7.0).ToArray(), los.Zip(widths, (l, w) => (l / 7.0) + (w / 13.0)).ToArray()))
            .ToArbitrary();
    }

    private static readonly Box Unit2 = Box.FromBounds([0, 0], [1, 2]);

    [Fact]
    public void Bisect_SplitsTheLongestSideAtItsMidpoint()
    {
        var (lower, upper) = Unit2.Bisect();
        Assert.Equal(Box.FromBounds([0, 0], [1, 1]), lower);
        Assert.Equal(Box.FromBounds([0, 1], [1, 2]), upper);
        Assert.Equal(1, Unit2.LongestDimension);
        var (left, right) = Unit2.Bisect(0);
        Assert.Equal(new Interval(0, 0.5), left[0]);
        Assert.Equal(new Interval(0.5, 1), right[0]);
    }

    [Fact]
    public void Split_MakesAGridInRowMajorOrder()
    {
        IReadOnlyList<Box> cells = Unit2.Split([2, 3]);
        Assert.Equal(6, cells.Count);
        Assert.Equal(Box.FromBounds([0, 0], [0.5, 2.0 / 3]), cells[0]);
        Assert.Equal(new Interval(0.5, 1), cells[3][0]);
        Assert.Equal(2, cells[5][1].Hi);
        Assert.Throws<ArgumentException>(() => Unit2.Split([0, 1]));
        Assert.Throws<ArgumentException>(() => Unit2.Split([1]));
    }

    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = 2_000, Replay = "(99,101)")]
    public bool Split_CellsCoverTheBoxAndStayInside(Box box, byte seed)
    {
        int[] counts = Enumerable.Range(0, box.Dimension).Select(i => 1 + ((seed >> i) % 3)).ToArray();
        IReadOnlyList<Box> cells = box.Split(counts);
        var random = new Random(seed);
        for (int k = 0; k < 50; k++)
        {
            double[] p = box.Sample(random);
            if (!cells.Any(c => c.Contains(p)))
            {
                return false;
            }
        }

        return cells.All(box.Contains) && Box.Hull(cells).Equals(box);
    }

    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = 2_000, Replay = "(7,9)")]
    public bool Sample_CornersAndCenter_LieInside(Box box, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, 20).All(_ => box.Contains(box.Sample(random)))
            && box.Corners().All(box.Contains)
            && box.Contains(box.Center);
    }

    [Fact]
    public void Corners_ListsEachVertexOnce()
    {
        double[][] corners = [.. Unit2.Corners()];
        Assert.Equal(4, corners.Length);
        Assert.Contains(corners, c => c[0] == 1 && c[1] == 2);
        Box flat = Box.FromBounds([0, 3], [1, 3]);
        Assert.Equal(2, flat.Corners().Count());
    }

    [Fact]
    public void HullContainsIntersectOverlaps_Work()
    {
        Box a = Box.FromBounds([0, 0], [1, 1]), b = Box.FromBounds([0.5, -1], [2, 0.5]);
        Box hull = Box.Hull([a, b]);
        Assert.Equal(Box.FromBounds([0, -1], [2, 1]), hull);
        Assert.True(hull.Contains(a) && hull.Contains(b));
        Assert.True(a.Overlaps(b));
        Assert.Equal(Box.FromBounds([0.5, 0], [1, 0.5]), a.Intersect(b));
        Assert.True(a.Intersect(Box.FromBounds([5, 5], [6, 6])).IsEmpty);
        Assert.Equal(Box.FromBounds([0, -2], [3, 1]), Box.HullOfPoints([[0.0, 1.0], [3.0, -2.0]]));
        Assert.Equal(2, Unit2.Volume);
        Assert.Equal([1.0, 2.0], Unit2.Widths);
    }

    [Fact]
    public void BadInput_GetsClearMessages()
    {
        Assert.Throws<ArgumentException>(() => new Box(Array.Empty<Interval>()));
        Assert.Throws<ArgumentException>(() => Box.FromBounds([0, 1], [1]));
        Assert.Throws<ArgumentException>(() => Box.FromBounds([2], [1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => Unit2.Bisect(2));
        var e = Assert.Throws<ArgumentException>(() => Unit2.Contains([1.0]));
        Assert.Contains("1 coordinates", e.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => new Box(Interval.Entire).Sample(new Random(1)));
        Assert.Throws<ArgumentException>(() => Box.Hull([]));
    }
}
