namespace Certus.Sim.Ensembles;

/// <summary>Every corner of the box: <c>2^k</c> points for <c>k</c> dimensions of positive width (at most 24).</summary>
/// <remarks>Corner <c>i</c> takes the upper bound in the <c>j</c>-th wide dimension when bit <c>j</c> of <c>i</c> is set.</remarks>
public sealed record CornerSampling : InitialStateSampling
{
    /// <inheritdoc/>
    public override void Validate()
    {
    }

    internal override double[] GenerateCore(double[] lower, double[] upper, int seed)
    {
        int n = lower.Length;
        int[] active = BoxBounds.Active(lower, upper);
        if (active.Length > 24)
        {
            throw new ArgumentException($"The box has {active.Length} dimensions of positive width; CornerSampling allows at most 24 (2^24 corners).");
        }

        int count = 1 << active.Length;
        var points = new double[count * n];
        for (int i = 0; i < count; i++)
        {
            Span<double> p = points.AsSpan(i * n, n);
            lower.CopyTo(p);
            for (int j = 0; j < active.Length; j++)
            {
                if ((i & (1 << j)) != 0)
                {
                    p[active[j]] = upper[active[j]];
                }
            }
        }

        return points;
    }
}
