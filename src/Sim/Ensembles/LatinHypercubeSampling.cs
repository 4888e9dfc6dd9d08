namespace Certus.Sim.Ensembles;

/// <summary>
/// A Latin hypercube: each dimension is cut into <see cref="Count"/> equal strata and every stratum holds exactly
/// one point; strata are matched across dimensions by seeded random permutations, and each point is placed
/// uniformly inside its cell.
/// </summary>
/// <param name="Count">Number of points (default 1000; 1 to 10^7).</param>
public sealed record LatinHypercubeSampling(int Count = 1000) : InitialStateSampling
{
    /// <inheritdoc/>
    public override void Validate()
    {
        if (Count < 1 || Count > MaxPoints)
        {
            throw new ArgumentException($"LatinHypercubeSampling.Count must be in [1, 10^7], got {Count}.", nameof(Count));
        }
    }

    internal override double[] GenerateCore(double[] lower, double[] upper, int seed)
    {
        int n = lower.Length;
        var permutations = new int[n][];
        for (int d = 0; d < n; d++)
        {
            int[] permutation = new int[Count];
            for (int i = 0; i < Count; i++)
            {
                permutation[i] = i;
            }

            Seeds.For(seed, d, Seeds.PermutationStream).Shuffle(permutation);
            permutations[d] = permutation;
        }

        var points = new double[Count * n];
        for (int i = 0; i < Count; i++)
        {
            // Point i's place inside its cell comes from its own stream, one draw per dimension in order.
            Random random = Seeds.For(seed, i, Seeds.InitialStateStream);
            for (int d = 0; d < n; d++)
            {
                points[(i * n) + d] = BoxBounds.Lerp(lower[d], upper[d], (permutations[d][i] + random.NextDouble()) / Count);
            }
        }

        return points;
    }
}
