using Certus.Core.Sets;
using Certus.Reach.ClosedLoop;
using FsCheck;
using FsCheck.Xunit;
using Interval = Certus.Core.Numerics.Interval;

namespace Certus.Reach.Tests.ClosedLoop;

/// <summary>The deterministic partition of a sharded run: it tiles the initial set exactly, is the same every time,
/// and its round-robin shares are balanced; the tiling check rejects gaps, overlaps and foreign cells.</summary>
public sealed class InitialPartitionTests
{
    // A box from a seed: 1-5 dimensions, widths over many scales, some point dimensions.
    private static Box RandomBox(int seed)
    {
        var random = new Random(seed);
        int n = random.Next(1, 6);
        return new Box([.. Enumerable.Range(0, n).Select(_ =>
        {
            double lo = (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-3, 4));
            double w = random.Next(5) == 0 ? 0 : random.NextDouble() * Math.Pow(10, random.Next(-4, 3));
            return new Interval(lo, lo + w);
        })]);
    }

    [Property(MaxTest = 200)]
    public void Partition_TilesTheSetExactly_AndIsDeterministic(int seed, PositiveInt cells)
    {
        Box box = RandomBox(seed);
        int min = 1 + (cells.Get % 64);
        InitialPartition p = InitialPartition.Create(box, min);
        InitialPartition q = InitialPartition.Create(box, min);
        Assert.Equal(p.Cells.Select(InitialPartition.Key), q.Cells.Select(InitialPartition.Key));
        Assert.True(InitialPartition.Tiles(box, box, p.Cells, out string? why), why);
        bool splittable = box.Widths.Any(w => w > 0);
        Assert.True(p.Cells.Count >= min || !splittable);
        Assert.Equal(1 << p.Depth, p.Cells.Count);

        // Every sampled point of the set lies in some cell.
        var random = new Random(seed ^ 0x5eed);
        for (int i = 0; i < 20; i++)
        {
            double[] x = [.. Enumerable.Range(0, box.Dimension).Select(d => box[d].Lo + (random.NextDouble() * box[d].Width))];
            x = [.. x.Select((v, d) => Math.Clamp(v, box[d].Lo, box[d].Hi))];
            Assert.Contains(p.Cells, c => c.Contains(x));
        }
    }

    [Property(MaxTest = 100)]
    public void Shares_AreDisjointCoverEveryCellAndDifferByAtMostOne(int seed, PositiveInt shards)
    {
        int n = 1 + (shards.Get % 16);
        InitialPartition p = InitialPartition.Create(RandomBox(seed), n);
        IReadOnlyList<int>[] shares = [.. Enumerable.Range(0, n).Select(k => p.ShareOf(k, n))];
        Assert.Equal(Enumerable.Range(0, p.Cells.Count), shares.SelectMany(s => s).Order());
        Assert.True(shares.Max(s => s.Count) - shares.Min(s => s.Count) <= 1);
    }

    [Fact]
    public void Tiles_RejectsAGapAnOverlapAndACellOfAnotherRule()
    {
        var box = new Box([new Interval(0, 1), new Interval(0, 10), new Interval(3, 3)]);
        IReadOnlyList<Box> cells = InitialPartition.Create(box, 8).Cells;
        Assert.False(InitialPartition.Tiles(box, box, [.. cells.Skip(1)], out string? gap));
        Assert.Contains("gap", gap, StringComparison.Ordinal);
        Assert.False(InitialPartition.Tiles(box, box, [.. cells, cells[2]], out string? overlap));
        Assert.Contains("overlap", overlap, StringComparison.Ordinal);

        // Halves along either side are a bisection (the splitting rule may choose any side); cells cut off the
        // midpoint are not, though they cover the set without overlap.
        (Box a, Box b) = box.Bisect(1);
        (Box c, Box d) = box.Bisect(0);
        Assert.True(InitialPartition.Tiles(box, box, [c, d], out _));
        Assert.True(InitialPartition.Tiles(box, box, [a, b], out _));
        (Box a1, Box a2) = a.Bisect(0);
        Assert.True(InitialPartition.Tiles(box, box, [a1, a2, b], out _)); // one half split again, along the other side
        var offMid = new Box([new Interval(0, 0.6), new Interval(0, 10), new Interval(3, 3)]);
        var rest = new Box([new Interval(0.6, 1), new Interval(0, 10), new Interval(3, 3)]);
        Assert.False(InitialPartition.Tiles(box, box, [offMid, rest], out string? straddle));
        Assert.Contains("straddles", straddle, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_RejectsACountOutsideItsRange()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => InitialPartition.Create(new Box([new Interval(0, 1)]), 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => InitialPartition.Create(new Box([new Interval(0, 1)]), InitialPartition.MaxTopCells + 1));
    }
}
