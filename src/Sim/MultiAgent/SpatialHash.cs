using Certus.Core.Navigation;

namespace Certus.Sim.MultiAgent;

/// <summary>
/// Neighbour search by a uniform grid of cells as wide as the search radius (counting sort of the agents by
/// cell): each agent looks at its 3 × 3 block of cells, so a query costs O(N · density) instead of O(N²).
/// </summary>
public static class SpatialHash
{
    /// <summary>The agents within <paramref name="radius"/> of each agent (centre distance), nearest first.</summary>
    /// <param name="x">Positions x.</param>
    /// <param name="y">Positions y.</param>
    /// <param name="radius">The search radius; positive.</param>
    /// <param name="maxDegreeOfParallelism">Worker threads; 0 for one per core.</param>
    /// <returns>The proximity graph.</returns>
    public static ProximityGraph Build(ReadOnlySpan<double> x, ReadOnlySpan<double> y, double radius, int maxDegreeOfParallelism = 0)
    {
        if (x.Length != y.Length)
        {
            throw new ArgumentException("x and y must have the same length.", nameof(y));
        }

        if (!(radius > 0) || !double.IsFinite(radius))
        {
            throw new ArgumentOutOfRangeException(nameof(radius), radius, "The search radius must be finite and positive.");
        }

        int n = x.Length;
        double[] xs = x.ToArray(), ys = y.ToArray();
        if (n == 0)
        {
            return new ProximityGraph([0], [], []);
        }

        double minX = double.PositiveInfinity, minY = double.PositiveInfinity, maxX = double.NegativeInfinity, maxY = double.NegativeInfinity;
        for (int i = 0; i < n; i++)
        {
            if (!double.IsFinite(xs[i]) || !double.IsFinite(ys[i]))
            {
                throw new ArgumentException($"Agent {i} has a non-finite position ({xs[i]}, {ys[i]}).", nameof(x));
            }

            minX = Math.Min(minX, xs[i]);
            maxX = Math.Max(maxX, xs[i]);
            minY = Math.Min(minY, ys[i]);
            maxY = Math.Max(maxY, ys[i]);
        }

        // Cells at least as wide as the radius; coarser when the agents are spread thin (at most ~4 cells per agent).
        double cell = radius;
        long cellsX = (long)((maxX - minX) / cell) + 1, cellsY = (long)((maxY - minY) / cell) + 1;
        while (cellsX * cellsY > Math.Max(64, 4L * n))
        {
            cell *= 2;
            cellsX = (long)((maxX - minX) / cell) + 1;
            cellsY = (long)((maxY - minY) / cell) + 1;
        }

        int cx = (int)cellsX, cy = (int)cellsY;
        int[] cellOf = new int[n];
        int[] start = new int[(cx * cy) + 1];
        for (int i = 0; i < n; i++)
        {
            int a = Math.Min(cx - 1, (int)((xs[i] - minX) / cell));
            int b = Math.Min(cy - 1, (int)((ys[i] - minY) / cell));
            cellOf[i] = (b * cx) + a;
            start[cellOf[i] + 1]++;
        }

        for (int c = 0; c < cx * cy; c++)
        {
            start[c + 1] += start[c];
        }

        int[] order = new int[n];
        int[] fill = (int[])start.Clone();
        for (int i = 0; i < n; i++)
        {
            order[fill[cellOf[i]]++] = i;
        }

        double r2 = radius * radius;
        int[] degree = new int[n];
        var options = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism > 0 ? maxDegreeOfParallelism : Environment.ProcessorCount };
        // Counts the agents within the radius of agent i; with output arrays, also writes them from index 'at'.
        int Visit(int i, int[]? found, double[]? foundDistances, int at)
        {
            int a = cellOf[i] % cx, b = cellOf[i] / cx;
            int count = 0;
            for (int bb = Math.Max(0, b - 1); bb <= Math.Min(cy - 1, b + 1); bb++)
            {
                for (int aa = Math.Max(0, a - 1); aa <= Math.Min(cx - 1, a + 1); aa++)
                {
                    int c = (bb * cx) + aa;
                    for (int k = start[c]; k < start[c + 1]; k++)
                    {
                        int j = order[k];
                        if (j == i)
                        {
                            continue;
                        }

                        double dx = xs[j] - xs[i], dy = ys[j] - ys[i];
                        double d2 = (dx * dx) + (dy * dy);
                        if (d2 <= r2)
                        {
                            if (found is not null)
                            {
                                found[at + count] = j;
                                foundDistances![at + count] = Math.Sqrt(d2);
                            }

                            count++;
                        }
                    }
                }
            }

            return count;
        }

        const int Chunk = 64;
        int chunks = (n + Chunk - 1) / Chunk;
        Parallel.For(0, chunks, options, c =>
        {
            for (int i = c * Chunk, end = Math.Min(n, (c + 1) * Chunk); i < end; i++)
            {
                degree[i] = Visit(i, null, null, 0);
            }
        });

        int[] offsets = new int[n + 1];
        for (int i = 0; i < n; i++)
        {
            offsets[i + 1] = offsets[i] + degree[i];
        }

        int[] neighbours = new int[offsets[n]];
        double[] distances = new double[offsets[n]];
        Parallel.For(0, chunks, options, c =>
        {
            for (int i = c * Chunk, end = Math.Min(n, (c + 1) * Chunk); i < end; i++)
            {
                Visit(i, neighbours, distances, offsets[i]);

                // Nearest first; ties by index so that the order never depends on the cell layout.
                int lo = offsets[i], hi = offsets[i + 1];
                if (hi - lo > 24)
                {
                    SortLong(neighbours.AsSpan(lo, hi - lo), distances.AsSpan(lo, hi - lo));
                    continue;
                }

                for (int p = lo + 1; p < hi; p++)
                {
                    int j = neighbours[p];
                    double d = distances[p];
                    int q = p - 1;
                    while (q >= lo && (distances[q] > d || (distances[q] == d && neighbours[q] > j)))
                    {
                        neighbours[q + 1] = neighbours[q];
                        distances[q + 1] = distances[q];
                        q--;
                    }

                    neighbours[q + 1] = j;
                    distances[q + 1] = d;
                }
            }
        });

        return new ProximityGraph(offsets, neighbours, distances);
    }

    /// <summary>Sorts a long neighbour list by (distance, index) in O(k log k).</summary>
    private static void SortLong(Span<int> neighbours, Span<double> distances)
    {
        var pairs = new (double Distance, int Index)[neighbours.Length];
        for (int k = 0; k < pairs.Length; k++)
        {
            pairs[k] = (distances[k], neighbours[k]);
        }

        Array.Sort(pairs, static (a, b) => a.Distance != b.Distance ? a.Distance.CompareTo(b.Distance) : a.Index.CompareTo(b.Index));
        for (int k = 0; k < pairs.Length; k++)
        {
            distances[k] = pairs[k].Distance;
            neighbours[k] = pairs[k].Index;
        }
    }
}
