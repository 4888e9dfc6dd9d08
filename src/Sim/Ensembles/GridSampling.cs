namespace Certus.Sim.Ensembles;

/// <summary>
/// A regular grid: <see cref="PointsPerDimension"/> evenly spaced values (both ends included) in every dimension
/// of positive width, all combinations, the last wide dimension varying fastest. One point per dimension means the
/// centre.
/// </summary>
/// <param name="PointsPerDimension">Values per wide dimension (default 5; at least 1; at most 10^7 points in all).</param>
public sealed record GridSampling(int PointsPerDimension = 5) : InitialStateSampling
{
    /// <inheritdoc/>
    public override void Validate()
    {
        if (PointsPerDimension < 1)
        {
            throw new ArgumentException($"GridSampling.PointsPerDimension must be at least 1, got {PointsPerDimension}.", nameof(PointsPerDimension));
        }
    }

    internal override double[] GenerateCore(double[] lower, double[] upper, int seed)
    {
        int n = lower.Length, k = PointsPerDimension;
        int[] active = BoxBounds.Active(lower, upper);
        long total = 1;
        foreach (int _ in active)
        {
            total *= k;
            if (total > MaxPoints)
            {
                throw new ArgumentException($"A grid of {k} points in each of {active.Length} dimensions has more than 10^7 points.");
            }
        }

        var points = new double[total * n];
        var index = new int[active.Length];
        for (long p = 0; p < total; p++)
        {
            Span<double> point = points.AsSpan((int)(p * n), n);
            for (int d = 0; d < n; d++)
            {
                point[d] = lower[d];
            }

            for (int j = 0; j < active.Length; j++)
            {
                int d = active[j];
                point[d] = k == 1 ? BoxBounds.Lerp(lower[d], upper[d], 0.5) : index[j] == k - 1 ? upper[d] : BoxBounds.Lerp(lower[d], upper[d], (double)index[j] / (k - 1));
            }

            for (int j = active.Length - 1; j >= 0; j--)
            {
                if (++index[j] < k)
                {
                    break;
                }

                index[j] = 0;
            }
        }

        return points;
    }
}
