using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Certus.Core.Numerics;
using Certus.Core.Sets;

namespace Certus.Reach.ClosedLoop;

/// <summary>
/// A deterministic partition of the initial set into top-level cells, the unit of work of a sharded certification:
/// whole generations of the splitting rule of <see cref="ClosedLoopReachability"/> (bisect every cell along the
/// dimension that is widest relative to the initial set, lower half first) until there are at least
/// <see cref="MinCells"/> cells. The same initial set and count always give the same cells, bit for bit, on every
/// machine; shard <c>k</c> of <c>n</c> proves the cells whose index is <c>k</c> modulo <c>n</c> (round robin, so that
/// neighbouring cells, which tend to cost alike, go to different shards).
/// </summary>
public sealed record InitialPartition
{
    /// <summary>The name of the partition rule recorded in partial certificates.</summary>
    public const string RuleName = "bisect-widest-relative/breadth-first/v1";

    /// <summary>The name of the assignment of cells to shards.</summary>
    public const string AssignmentName = "round-robin";

    /// <summary>The largest number of top-level cells asked for.</summary>
    public const int MaxTopCells = 1 << 16;

    private InitialPartition(Box initialSet, int minCells, int depth, IReadOnlyList<Box> cells)
    {
        InitialSet = initialSet;
        MinCells = minCells;
        Depth = depth;
        Cells = cells;
    }

    /// <summary>The partitioned set.</summary>
    public Box InitialSet { get; }

    /// <summary>The number of cells asked for (the partition has at least this many unless the set cannot be split further).</summary>
    public int MinCells { get; }

    /// <summary>The bisection depth of every cell.</summary>
    public int Depth { get; }

    /// <summary>The cells, in generation order (their union is <see cref="InitialSet"/>, their interiors disjoint).</summary>
    public IReadOnlyList<Box> Cells { get; }

    /// <summary>Partitions a set.</summary>
    /// <param name="initialSet">The initial set.</param>
    /// <param name="minCells">At least this many cells, 1 to <see cref="MaxTopCells"/>.</param>
    /// <returns>The partition.</returns>
    public static InitialPartition Create(Box initialSet, int minCells)
    {
        ArgumentNullException.ThrowIfNull(initialSet);
        if (minCells is < 1 or > MaxTopCells)
        {
            throw new ArgumentOutOfRangeException(nameof(minCells), minCells, $"The number of top-level cells must be 1 to {MaxTopCells}.");
        }

        double[] scale = ClosedLoopReachability.SplitScale(initialSet);
        var cells = new List<Box> { initialSet };
        int depth = 0;
        while (cells.Count < minCells)
        {
            var next = new List<Box>(cells.Count * 2);
            foreach (Box cell in cells)
            {
                if (ClosedLoopReachability.SplitDimension(cell, scale) is not (>= 0 and var dim) || !TryBisect(cell, dim, out Box lower, out Box upper))
                {
                    return new InitialPartition(initialSet, minCells, depth, cells);
                }

                next.Add(lower);
                next.Add(upper);
            }

            cells = next;
            depth++;
        }

        return new InitialPartition(initialSet, minCells, depth, cells);
    }

    /// <summary>The indices of the cells shard <paramref name="shard"/> of <paramref name="shards"/> proves (round robin).</summary>
    /// <param name="shard">The shard, 0 to <paramref name="shards"/> − 1.</param>
    /// <param name="shards">The number of shards, at least 1.</param>
    /// <returns>The cell indices, ascending (empty when there are fewer cells than shards).</returns>
    public IReadOnlyList<int> ShareOf(int shard, int shards)
    {
        if (shards < 1 || shard < 0 || shard >= shards)
        {
            throw new ArgumentOutOfRangeException(nameof(shard), $"Shard {shard} of {shards}: need 0 <= shard < shards.");
        }

        return [.. Enumerable.Range(0, Cells.Count).Where(i => i % shards == shard)];
    }

    /// <summary>A SHA-256 of the cells' exact bounds (the bits of every double), lower-case hex.</summary>
    public string Sha256 => HashOf(Cells);

    /// <summary>A SHA-256 of boxes' exact bounds, lower-case hex.</summary>
    /// <param name="cells">The boxes.</param>
    /// <returns>The hash.</returns>
    public static string HashOf(IEnumerable<Box> cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        var text = new StringBuilder();
        foreach (Box c in cells)
        {
            text.Append(Key(c)).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>A string that names a box's bounds exactly (the bits of every double).</summary>
    /// <param name="box">The box.</param>
    /// <returns>The key.</returns>
    public static string Key(Box box)
    {
        ArgumentNullException.ThrowIfNull(box);
        var parts = new string[box.Dimension];
        for (int i = 0; i < box.Dimension; i++)
        {
            parts[i] = string.Create(CultureInfo.InvariantCulture, $"{BitConverter.DoubleToInt64Bits(box[i].Lo + 0.0):x16}:{BitConverter.DoubleToInt64Bits(box[i].Hi + 0.0):x16}");
        }

        return string.Join(',', parts);
    }

    /// <summary>
    /// Checks that <paramref name="leaves"/> tile <paramref name="root"/> exactly as a splitting rule would: every leaf
    /// is a cell of a tree of midpoint bisections of the root (along any side, since the rule may choose any; the side
    /// widest relative to <paramref name="initialSet"/> is tried first), no two overlap, and together they cover the
    /// root (no gap).
    /// </summary>
    /// <param name="initialSet">The initial set the split dimension is measured against.</param>
    /// <param name="root">The top-level cell.</param>
    /// <param name="leaves">The cells claimed to tile it.</param>
    /// <param name="why">What is wrong, when not a tiling.</param>
    /// <returns>Whether the leaves tile the root exactly.</returns>
    public static bool Tiles(Box initialSet, Box root, IReadOnlyList<Box> leaves, out string? why)
    {
        ArgumentNullException.ThrowIfNull(initialSet);
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(leaves);
        foreach (Box leaf in leaves)
        {
            if (leaf.Dimension != root.Dimension)
            {
                why = $"cell {leaf} has {leaf.Dimension} dimensions, the initial set {root.Dimension}";
                return false;
            }
        }

        double[] scale = ClosedLoopReachability.SplitScale(initialSet);
        return Cover(root, [.. leaves], scale, 0, out why);
    }

    private static bool Cover(Box cell, List<Box> inside, double[] scale, int depth, out string? why)
    {
        if (inside.Count == 0)
        {
            why = $"no cell covers {cell} (a gap)";
            return false;
        }

        int same = inside.FindIndex(b => SameBounds(b, cell));
        if (same >= 0)
        {
            why = inside.Count == 1 ? null : $"cell {cell} overlaps {inside.Count - 1} other cell(s), e.g. {inside[same == 0 ? 1 : 0]}";
            return inside.Count == 1;
        }

        if (depth > 4096)
        {
            why = $"cells {inside[0]} ... are not cells of a bisection of {cell}";
            return false;
        }

        // The splitting rule may halve any side (the widest, or the one the margin depends on most), so every side that
        // separates the cells is tried, the widest first: the cells tile the cell when they tile both halves of one.
        why = null;
        bool separated = false;
        int first = ClosedLoopReachability.SplitDimension(cell, scale);
        foreach (int dim in (int[])[first, .. Enumerable.Range(0, cell.Dimension).Where(d => d != first)])
        {
            if (dim < 0 || !TryBisect(cell, dim, out Box lower, out Box upper))
            {
                continue;
            }

            var low = new List<Box>();
            var high = new List<Box>();
            Box? across = null;
            foreach (Box b in inside)
            {
                if (lower.Contains(b))
                {
                    low.Add(b);
                }
                else if (upper.Contains(b))
                {
                    high.Add(b);
                }
                else
                {
                    across = b;
                    break;
                }
            }

            if (across is not null)
            {
                why ??= $"cell {across} is not a cell of the bisection of {cell} (it straddles the split)";
                continue;
            }

            separated = true;
            if (Cover(lower, low, scale, depth + 1, out string? lowWhy) && Cover(upper, high, scale, depth + 1, out lowWhy))
            {
                why = null;
                return true;
            }

            why = lowWhy;
        }

        why ??= separated ? $"cells {inside[0]} ... do not tile {cell}" : $"cells {inside[0]} ... are not cells of a bisection of {cell}";
        return false;
    }

    private static bool SameBounds(Box a, Box b)
    {
        for (int i = 0; i < a.Dimension; i++)
        {
            if (a[i].Lo != b[i].Lo || a[i].Hi != b[i].Hi)
            {
                return false;
            }
        }

        return true;
    }

    // One bisection along dim, when it makes two strictly smaller halves.
    private static bool TryBisect(Box cell, int dim, out Box lower, out Box upper)
    {
        Interval c = cell[dim];
        double m = c.Midpoint;
        if (!(c.Width > 0) || !(m > c.Lo && m < c.Hi))
        {
            lower = upper = cell;
            return false;
        }

        (lower, upper) = cell.Bisect(dim);
        return true;
    }
}
