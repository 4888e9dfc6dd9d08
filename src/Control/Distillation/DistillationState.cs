namespace Certus.Control.Distillation;

/// <summary>
/// One sampled mini-world of a <see cref="DistillationDataset"/>: the ego (index 0) and its neighbours (1..m, nearest
/// first: the slot order), positions and goals, with the ego at the origin.
/// </summary>
/// <param name="X">Positions x.</param>
/// <param name="Y">Positions y.</param>
/// <param name="GoalX">Goals x.</param>
/// <param name="GoalY">Goals y.</param>
public sealed record DistillationState(double[] X, double[] Y, double[] GoalX, double[] GoalY)
{
    /// <summary>The number of neighbours m.</summary>
    public int Neighbours => X.Length - 1;

    /// <summary>The distance from the ego to its nearest neighbour (+∞ with none).</summary>
    public double NearestDistance
    {
        get
        {
            double best = double.PositiveInfinity;
            for (int j = 1; j < X.Length; j++)
            {
                best = Math.Min(best, Math.Sqrt((X[j] * X[j]) + (Y[j] * Y[j])));
            }

            return best;
        }
    }

    /// <summary>The same mini-world moved by (dx, dy).</summary>
    /// <param name="dx">Shift in x.</param>
    /// <param name="dy">Shift in y.</param>
    /// <returns>The moved copy.</returns>
    public DistillationState Shifted(double dx, double dy) =>
        new([.. X.Select(v => v + dx)], [.. Y.Select(v => v + dy)], [.. GoalX.Select(v => v + dx)], [.. GoalY.Select(v => v + dy)]);
}
