namespace Certus.Sim.Ensembles;

/// <summary>Points drawn independently and uniformly from the box; point <c>i</c> comes from a
/// <see cref="Random"/> seeded by mixing the seed with <c>i</c>.</summary>
/// <param name="Count">Number of points (default 1000; 1 to 10^7).</param>
public sealed record UniformSampling(int Count = 1000) : InitialStateSampling
{
    /// <inheritdoc/>
    public override void Validate()
    {
        if (Count < 1 || Count > MaxPoints)
        {
            throw new ArgumentException($"UniformSampling.Count must be in [1, 10^7], got {Count}.", nameof(Count));
        }
    }

    internal override double[] GenerateCore(double[] lower, double[] upper, int seed)
    {
        int n = lower.Length;
        var points = new double[Count * n];
        for (int i = 0; i < Count; i++)
        {
            Random random = Seeds.For(seed, i, Seeds.InitialStateStream);
            for (int d = 0; d < n; d++)
            {
                points[(i * n) + d] = BoxBounds.Lerp(lower[d], upper[d], random.NextDouble());
            }
        }

        return points;
    }
}
